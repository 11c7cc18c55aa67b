"""QR codes shown to the kiosk's camera: read them (:mod:`.reader`), tell what they are
(:mod:`.codes`: an appointment, an e-certificate, or something the kiosk cannot use)."""
