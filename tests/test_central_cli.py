"""``kiosk-central`` (``python -m kiosk.central``): the reference server's own command line."""
from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.central import auth
from kiosk.central.catalogue import load_catalogue
from kiosk.central.cli import main
from kiosk.protocol import SERVE_READY
from tests.synchelp import SECRET

REPO = Path(__file__).resolve().parents[1]


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_call_next_and_mark_missed_on_the_window_side(central, capsys, tmp_path):
    import requests

    for _ in range(2):
        r = requests.post(central.url + "/v1/queue/tickets", json={"category": "tax"},
                          headers={"Authorization": f"Bearer {central.token('KSK-T-01')}",
                                   "Idempotency-Key": f"key-{_:08d}"}, timeout=5)
        assert r.status_code == 201
    code, out, _ = run(capsys, "call", "tax", "--window", "A11", "--missed", "--db",
                       central.db_url, "--json")
    assert code == 0 and json.loads(out)["ticket"]["status"] == "missed"
    code, out, _ = run(capsys, "call", "tax", "--db", central.db_url)
    assert code == 0 and out.startswith("called T002 to window 01")
    code, out, _ = run(capsys, "call", "tax", "--db", central.db_url)
    assert code == 1 and "nobody waits for tax" in out
    code, _, err = run(capsys, "call", "no_such", "--db", central.db_url)
    assert code == 2 and "no category" in err


def test_token_is_signed_with_the_data_dirs_key_and_can_be_written_for_a_kiosk(capsys, tmp_path):
    data = tmp_path / "central"
    code, out, _ = run(capsys, "--data-dir", str(data), "token", "KSK-LAB-01")
    secret = auth.load_or_create_secret(data / "signing.key")
    assert code == 0 and auth.verify_token(secret, out.strip()) == "KSK-LAB-01"
    token_file = tmp_path / "kiosk" / "keys" / "central.token"
    code, out, _ = run(capsys, "token", "KSK-LAB-01", "--data-dir", str(data),
                       "--out", str(token_file))
    assert code == 0 and f"to {token_file}" in out
    assert token_file.stat().st_mode & 0o077 == 0
    assert auth.verify_token(secret, token_file.read_text().strip()) == "KSK-LAB-01"


def test_provision_keeps_a_valid_token_and_replaces_a_foreign_one(tmp_path):
    path = tmp_path / "central.token"
    assert auth.provision_token(SECRET, "KSK-T-01", path) is True
    first = path.read_text()
    assert auth.provision_token(SECRET, "KSK-T-01", path) is False and path.read_text() == first
    assert auth.provision_token(b"another-servers-key-0123456789ab", "KSK-T-01", path) is True
    assert auth.provision_token(SECRET, "KSK-T-02", path) is True  # not this kiosk's: replaced
    assert auth.verify_token(SECRET, path.read_text().strip()) == "KSK-T-02"


def test_catalogue_prints_the_document_the_server_publishes(capsys):
    code, out, _ = run(capsys, "catalogue")
    assert code == 0 and json.loads(out) == load_catalogue().document


def test_serve_refuses_bad_options_in_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "serve", "--fault", "nonsense")
    assert code == 2 and err.startswith("kiosk-central: --fault nonsense: unknown fault")
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "serve", "--provision", "KSK-01")
    assert code == 2 and "expected KIOSK_ID=FILE" in err


@contextlib.contextmanager
def serving(argv: list[str], env: dict | None = None):
    """A server started by ``argv`` (a child process): (the process, its URL) once it says it
    listens; killed at the end if the test did not stop it."""
    proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith(SERVE_READY), proc.stderr.read()
        yield proc, line.split()[-1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.timeout(60)
def test_serve_provisions_then_announces_and_stops_on_sigterm(tmp_path):
    token_file = tmp_path / "kiosk" / "central.token"
    with serving([sys.executable, "-m", "kiosk.central", "--data-dir",
                  str(tmp_path / "central"), "serve", "--port", "0",
                  "--provision", f"KSK-T-09={token_file}"]) as (proc, url):
        # the token was written before the server said it listens
        secret = auth.load_or_create_secret(tmp_path / "central" / "signing.key")
        assert auth.verify_token(secret, token_file.read_text().strip()) == "KSK-T-09"
        import requests

        r = requests.get(url + "/v1/catalogue", timeout=5,
                         headers={"Authorization": f"Bearer {token_file.read_text().strip()}"})
        assert r.status_code == 200 and r.json()["schema"] == 1
        proc.terminate()
        assert proc.wait(30) == 0


# ---- `kiosk central …`: the same commands reached from the kiosk's CLI (issue 17's contract) ----

def _kiosk(*argv: str, env_dir: Path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "KIOSK_CENTRAL_DATA_DIR": str(env_dir)}
    return subprocess.run([sys.executable, "-m", "kiosk", *argv], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def test_kiosk_central_token_and_tickets_run_the_server_cli(tmp_path):
    data = tmp_path / "central"
    done = _kiosk("central", "token", "KSK-LAB-02", env_dir=data)
    secret = auth.load_or_create_secret(data / "signing.key")
    assert done.returncode == 0, done.stderr
    assert auth.verify_token(secret, done.stdout.strip()) == "KSK-LAB-02"
    db = f"sqlite:///{tmp_path / 'other.db'}"
    done = _kiosk("central", "tickets", "--db", db, "--json", env_dir=data)
    assert done.returncode == 0 and json.loads(done.stdout) == [], done.stderr
    # options before the sub-command are kiosk-central's too; its usage errors keep exit 2
    done = _kiosk("central", "--data-dir", str(tmp_path / "d2"), "token", "K-2", env_dir=data)
    assert done.returncode == 0 and (tmp_path / "d2" / "signing.key").exists()
    done = _kiosk("central", "serve", "--fault", "nonsense", env_dir=data)
    assert done.returncode == 2 and "kiosk-central: --fault nonsense" in done.stderr


@pytest.mark.timeout(60)
def test_kiosk_central_serve_is_the_server_itself_same_process(tmp_path):
    import os

    config = tmp_path / "central.toml"
    config.write_text("[limits]\nbody_bytes = 65536\n")
    env = {**os.environ, "KIOSK_CENTRAL_DATA_DIR": str(tmp_path / "central")}
    with serving([sys.executable, "-m", "kiosk", "central", "serve", "--host", "127.0.0.1",
                  "--port", "0", "--db", f"sqlite:///{tmp_path / 'c.db'}",
                  "--config", str(config)], env) as (proc, url):
        import requests

        doc = requests.get(url + "/openapi.json", timeout=5).json()
        assert doc["openapi"].startswith("3.") and "/v1/queue/tickets" in doc["paths"]
        # exec'd, not a child: SIGTERM to the kiosk's PID stops the server cleanly
        proc.terminate()
        assert proc.wait(30) == 0
