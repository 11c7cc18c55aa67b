"""便民缴费 on the reference server: payment orders for fees and fines (:mod:`.routes`), the
payer's page behind an order's QR code (:mod:`.page`), the demo's command line (:mod:`.cli`);
storage in :mod:`kiosk.central.store.payments`."""
