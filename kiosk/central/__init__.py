"""The reference central server: the queue, catalogue and case protocol (v1) on SQLAlchemy.

A separate application with its own entry point (``kiosk-central``, ``python -m
kiosk.central``): the kiosk side never imports it, and it imports nothing of the kiosk side
but the shared protocol schema (``kiosk.protocol``) and the key-file helper
(``kiosk.keyfiles``) — tests/test_layers_central.py checks both directions.
"""
