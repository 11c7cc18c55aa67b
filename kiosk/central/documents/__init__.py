"""自助打印 on the reference server: certificates generated for a person and period as PDF,
with a verification code and QR, and a count of how often each was printed.

Modules: ``kinds`` (the four certificates, their periods and issuers), ``content``
(fictitious demo records derived from the ID number, the same every time), ``pdf`` (the
layout, fpdf2 with a Noto CJK font), ``routes`` (the endpoints; storage in
:mod:`kiosk.central.store.documents`). Not e-certificate *verification*
(:mod:`kiosk.central.store.certificates`), though each printed certificate is registered
there under its verification code, so scanning its QR at a kiosk says it is genuine.
"""
