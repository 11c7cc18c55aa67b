import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def settings_env(tmp_path, monkeypatch):
    """Isolate every test from the user's data dir and KIOSK__ variables."""
    for key in list(os.environ):
        if key.startswith("KIOSK__"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("KIOSK__KIOSK__DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "run").mkdir()
    return tmp_path
