"""``N_()``: marks a Chinese source string for translation where it is defined (a tile, a
spoken prompt, an error's words); the UI translates it later with ``tr()``. Qt-free, so
flows and journeys' specs can mark words too. ``python -m kiosk.ui.i18n`` extracts them."""


def N_(source: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    return source
