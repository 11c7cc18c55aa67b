"""Placeholder: the ui commands are being written."""


def register(sub, common) -> None:
    pass
