"""The kiosk side of the central systems: outbox, relay, client, queue service, catalogue cache."""
