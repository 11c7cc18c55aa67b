"""Scanning paper at the document camera and taking files from a USB stick, without Qt.

Modules: ``page`` (find the page in a picture, straighten it, enhance it), ``autocapture``
(when a page has lain still and sharp long enough), ``pdf`` (pages → one PDF under the case
server's size limits). The USB side (mount, list, re-render) is the ``usb_storage`` driver's
(drivers/usbstick/), because it touches the machine.
"""
