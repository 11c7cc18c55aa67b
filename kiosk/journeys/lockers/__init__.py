"""24-hour lockers (自助文件柜): three journeys around one cabinet of compartments.

- :mod:`.dropoff` (citizens, 24 h): identify with the ID card, choose the service item or type
  a case number, get a compartment of the right size, put the materials in, close the door,
  take the receipt;
- :mod:`.pickup` (citizens, 24 h): ID card, or the pickup code from the SMS (keypad, or its
  QR code on a scanner that types it), the compartment opens, take the certificate, close;
- :mod:`.staff` (staff, behind the PIN): collect the drop-offs, load finished certificates
  for named cases (the server then sends the citizen the pickup code), look into flagged
  compartments.

They share :mod:`.door` (unlock one compartment and wait for its door: reminders, staff
alert, a lost board, a lock that does not release) and :mod:`.screens_common` (its screen).
The records behind them are ``central.lockers`` (:mod:`kiosk.sync.lockers`); the cabinet is
the ``locker`` device kind (:mod:`drivers.kinds.locker`). The words of all three are in one
catalogue, ``assets/i18n/lockers_en.ts``.
"""
