"""Placeholder: the printer commands are being written."""


def register(sub, common) -> None:
    pass
