"""The government self-service kiosk application."""

__version__ = "0.1.0"
