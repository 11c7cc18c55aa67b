"""Steps many journeys share, as components a journey composes (not code copied per journey):
read the ID card (:mod:`.idcard`), type on a keypad (:mod:`.keypad`), print with reprint and
staff help (:mod:`.printing`), rate the service (:mod:`.rating`). Their screens are in
:mod:`kiosk.ui.steps`."""
