"""Steps many journeys share, as components a journey composes (not code copied per journey):
read the ID card (:mod:`.idcard`), type on a keypad (:mod:`.keypad`), print with reprint and
staff help (:mod:`.printing`), rate the service (:mod:`.rating`), pay by QR code
(:mod:`.payment`). Their screens are in :mod:`kiosk.ui.steps` (the rating's in
:mod:`kiosk.ui.rating`, the payment's in :mod:`kiosk.journeys.payments.pay_screen`)."""
