"""Placeholder: the idcard commands are being written."""


def register(sub, common) -> None:
    pass
