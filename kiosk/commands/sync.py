"""Placeholder: the sync commands are being written."""


def register(sub, common) -> None:
    pass
