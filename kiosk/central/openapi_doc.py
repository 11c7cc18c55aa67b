"""The OpenAPI document, generated from the server's code, and its copy the kiosk keeps.

``kiosk-central openapi`` prints it; ``kiosk/openapi.json`` is the copy in the kiosk's package —
the only thing the kiosk and the server share besides ``kiosk/protocol.py``'s constants. A
test keeps the copy equal to what the code generates (regenerate with
``python -m kiosk.central openapi --out kiosk/openapi.json``) and checks the kiosk's own
requests against it.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

KIOSK_COPY = Path(__file__).resolve().parents[1] / "openapi.json"


def document() -> dict:
    """The document the server serves at /openapi.json (built on a throwaway database)."""
    from kiosk.central.asgi import build_asgi
    from kiosk.central.server import build_app

    with tempfile.TemporaryDirectory(prefix="kiosk-openapi-") as tmp:
        app = build_app(f"sqlite:///{Path(tmp) / 'doc.db'}", b"openapi-document-only-0123456789",
                        retention_days=35)
        try:
            return build_asgi(app).api.openapi()
        finally:
            app.engine.dispose()


def text(doc: dict | None = None) -> str:
    return json.dumps(doc or document(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
