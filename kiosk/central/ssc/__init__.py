"""The reference card-management system (社保卡 制卡): people and their cards, loss reports,
applications for a replacement with their state, personalisation scripts, result reports.

Modules: ``layout`` (the card's records as the card-management system writes them), ``keys``
(the fictitious issuer key and the script's cryptograms and MACs), ``store`` (tables and
rules), ``routes`` (the HTTP handlers, registered by :mod:`kiosk.central.api`), ``demo`` (the
demo people, ``demo_ssc.toml``).
"""
