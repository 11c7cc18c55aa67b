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
    # the server CLI's data dir: the signing key of the test server (tests/synchelp.py)
    monkeypatch.setenv("KIOSK_CENTRAL_DATA_DIR", str(tmp_path / "central"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "run").mkdir()
    return tmp_path


@pytest.fixture
def central(tmp_path):
    """The reference central server on SQLite in this process (tests/synchelp.py).

    Modules that run the server on both databases define their own parametrised ``central``.
    """
    from tests.synchelp import Central

    c = Central(tmp_path).start()
    yield c
    c.close()


@pytest.fixture
def facade(tmp_path, central):
    """A kiosk's central facade (``build_central``: outbox, relay, client, the domains)
    pointed at ``central``; its relay thread is not started."""
    from kiosk.sync.central import build_central

    kiosk_side = build_central(central.settings(tmp_path))
    yield kiosk_side
    kiosk_side.close()


def pytest_collection_finish(session):
    """The package's build and lintian (three minutes of one core) start now, beside the
    tests, when the session will test the package (tests/package_build.py)."""
    if any(item.nodeid.startswith("tests/test_package_deb.py") for item in session.items):
        from tests.package_build import BUILD
        from tests.test_package_deb import _missing_tools

        BUILD.start(_missing_tools)


def pytest_sessionfinish(session):
    import sys

    build = sys.modules.get("tests.package_build")
    if build is not None:
        build.BUILD.stop()
