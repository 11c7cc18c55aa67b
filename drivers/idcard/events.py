"""The ID card reader's events are the card-reader kind's (drivers.kinds.card_reader)."""
from drivers.kinds.card_reader import CardLeftOnReader, CardRead, CardRemoved

__all__ = ["CardLeftOnReader", "CardRead", "CardRemoved"]
