"""The Debian package: `bash packaging/build-deb.sh` builds it, lintian finds no errors, and it
installs, upgrades (settings, data and the outbox kept) and purges in a throwaway root.

COST: the build takes about a minute on a quiet two-core machine (a venv from pip's cache,
gzip of ~900 MB) and is done once per test session (the ``deb`` fixture); lintian about two
minutes — both in the background from the session's start (tests/package_build.py); the install/upgrade/purge about two more (dpkg unpacks ~900 MB three times, postinst
compiles the bytecode). All three are marked slow.

The throwaway root: ``dpkg --root=DIR --force-script-chrootless`` — dpkg's own way to install
into a directory tree (image builders use it); the maintainer scripts run unchrooted with
DPKG_ROOT=DIR and act on that tree only (its /etc/passwd, its /var/lib). The root has no
Debian system inside, so dependencies are forced; no container engine is needed. The
installed app is then run from the tree through a private mount namespace (skipped where
this machine does not allow one).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.package_build import BUILD

REPO = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def _missing_tools() -> str:
    for tool in ("dpkg-deb", "dpkg", "fakeroot"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not Path("/usr/bin/python3").exists():
        return "no Debian python3 (/usr/bin/python3) to build the venv on"
    probe = subprocess.run(["/usr/bin/python3", "-c", "import ensurepip, venv"],
                           capture_output=True)
    if probe.returncode:
        return "python3-venv is not installed (the venv needs ensurepip)"
    return ""


@pytest.fixture(scope="session")
def deb() -> Path:
    """The package, built once per test session by the repository's one command (in the
    background from the session's start: tests/package_build.py)."""
    r = BUILD.wait(_missing_tools).build
    if r.returncode == -1:
        pytest.skip(f"cannot build the package here: {r.stderr}")
    assert r.returncode == 0, r.stderr[-3000:]
    assert BUILD.path is not None, r.stdout
    return BUILD.path


def field(deb: Path, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_package_name_fields_and_contents(deb):
    import tomllib

    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert deb == REPO / "dist" / f"gov-kiosk_{version}_{arch}.deb"
    assert field(deb, "Package") == "gov-kiosk" and field(deb, "Version") == version
    assert "cage" in field(deb, "Depends") and "python3 (>= 3." in field(deb, "Depends")
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True,
                             check=True).stdout
    paths = {line.split()[5].removeprefix(".") for line in listing.splitlines()}
    for wanted in ("/opt/gov-kiosk/venv/bin/python", "/opt/gov-kiosk/venv/bin/kiosk",
                   "/opt/gov-kiosk/app/kiosk/ui/app.py",
                   "/opt/gov-kiosk/app/assets/i18n/kiosk_en.qm",  # compiled at build time
                   "/etc/kiosk/kiosk.toml", "/etc/kiosk/devices.toml",
                   "/lib/systemd/system/kiosk-session.service",
                   "/lib/udev/rules.d/70-gov-kiosk.rules",
                   "/usr/libexec/gov-kiosk/record-exit", "/usr/share/doc/gov-kiosk/copyright"):
        assert wanted in paths, wanted
    # QT_QPA_PLATFORM=wayland under cage: Qt's Wayland platform plugin must be in the wheel
    assert [p for p in paths if "/PySide6/Qt/plugins/platforms/libqwayland" in p]
    assert not [p for p in paths if "__pycache__" in p or p.endswith(".pyc")]  # postinst's job
    assert not [p for p in paths if "/tests/" in p and p.startswith("/opt/gov-kiosk/app")]
    control = subprocess.run(["dpkg-deb", "-I", str(deb), "conffiles"], capture_output=True,
                             text=True, check=True).stdout.split()
    assert control == ["/etc/kiosk/kiosk.toml", "/etc/kiosk/devices.toml"]


def test_lintian_reports_no_errors(deb):
    if shutil.which("lintian") is None:
        pytest.skip("lintian is not installed (packaging/setup.sh installs it)")
    r = BUILD.wait(_missing_tools).lintian  # (run on the package just after its build)
    assert r is not None, BUILD.build
    errors = [line for line in r.stdout.splitlines() if line.startswith("E:")]
    assert errors == [], "\n".join(errors[:40])


# ---------------------------------------------------------------- the throwaway root
def make_root(root: Path) -> None:
    """The least a Debian root needs for dpkg and the maintainer scripts: a user database
    (with one of the device groups already there, as on a real system) and dpkg's database."""
    etc = root / "etc"
    etc.mkdir(parents=True)
    (etc / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (etc / "group").write_text("root:x:0:\ndialout:x:20:\n")
    (etc / "shadow").write_text("root:*:19000:0:99999:7:::\n")
    (etc / "gshadow").write_text("root:*::\ndialout:*::\n")
    for f in ("shadow", "gshadow"):
        os.chmod(etc / f, 0o640)
    admin = root / "var" / "lib" / "dpkg"
    for d in ("info", "updates", "triggers"):
        (admin / d).mkdir(parents=True)
    (admin / "status").write_text("")
    (admin / "available").write_text("")
    (root / "var" / "log").mkdir(parents=True)


def dpkg(root: Path, *args: str) -> subprocess.CompletedProcess:
    r = subprocess.run(["dpkg", f"--root={root}", "--force-script-chrootless",
                        "--force-depends", "--force-confold", *args],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    return r


def users(root: Path, name: str) -> list[str]:
    return [line for line in (root / "etc" / name).read_text().splitlines()]


def repack(deb: Path, version: str, out: Path) -> Path:
    """The same package as a newer version (what an upgrade brings), uncompressed: quick."""
    tree = out / "tree"
    subprocess.run(["dpkg-deb", "-R", str(deb), str(tree)], check=True)
    control = tree / "DEBIAN" / "control"
    lines = [f"Version: {version}" if line.startswith("Version:") else line
             for line in control.read_text().splitlines()]
    control.write_text("\n".join(lines) + "\n")
    new = out / f"gov-kiosk_{version}.deb"
    subprocess.run(["fakeroot", "dpkg-deb", "--root-owner-group", "-Znone", "-b", str(tree),
                    str(new)], check=True, capture_output=True)
    shutil.rmtree(tree)
    return new


def run_installed(root: Path, *command: str) -> subprocess.CompletedProcess | None:
    """Run a command of the installed tree at its real path (/opt/gov-kiosk), in a private
    mount namespace; None where this machine allows none."""
    if shutil.which("unshare") is None:
        return None
    script = ("mount --make-rprivate / && mount -t tmpfs kiosk-test /opt && "
              "mkdir /opt/gov-kiosk && mount --bind \"$0\"/opt/gov-kiosk /opt/gov-kiosk && "
              "exec \"$@\"")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", script, str(root), "true"],
                           capture_output=True, text=True)
    if probe.returncode:
        return None
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("VIRTUAL_ENV", None)
    # from /: a `python -c` puts its working directory first on sys.path, and the checkout's
    # kiosk/ must not stand in for the installed one
    return subprocess.run(["unshare", "-m", "sh", "-c", script, str(root), *command],
                          capture_output=True, text=True, env=env, cwd="/")


def test_install_upgrade_and_purge_in_a_throwaway_root(deb, tmp_path):
    root = tmp_path / "root"
    make_root(root)

    # ---- install
    dpkg(root, "-i", str(deb))
    passwd = [line for line in users(root, "passwd") if line.startswith("kiosk:")]
    assert len(passwd) == 1 and passwd[0].endswith(":/var/lib/kiosk:/usr/sbin/nologin")
    uid, gid = int(passwd[0].split(":")[2]), int(passwd[0].split(":")[3])
    groups = {line.split(":")[0]: line for line in users(root, "group")}
    for g in ("dialout", "lp", "video", "scanner", "plugdev"):
        assert g in groups and "kiosk" in groups[g].split(":")[3].split(","), g
    assert groups["dialout"].startswith("dialout:x:20:")  # the existing group was kept
    data = root / "var" / "lib" / "kiosk"
    st = data.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (uid, gid, 0o750)
    conf = root / "etc" / "kiosk" / "devices.toml"
    assert conf.stat().st_gid == gid and conf.stat().st_mode & 0o777 == 0o640
    wants = root / "etc" / "systemd" / "system" / "graphical.target.wants"
    assert (wants / "kiosk-session.service").is_symlink()  # comes up at the next boot
    assert list((root / "opt" / "gov-kiosk" / "app" / "kiosk").glob("__pycache__/*.pyc"))

    ran = run_installed(root, "/opt/gov-kiosk/venv/bin/kiosk", "drivers")
    if ran is not None:
        assert ran.returncode == 0 and "escpos" in ran.stdout, ran.stderr[-2000:]
        qt = run_installed(root, "/opt/gov-kiosk/venv/bin/python", "-c",
                           "from kiosk.ui.app import make_app; from kiosk.ui.i18n import "
                           "Translations; t = Translations(make_app()); "
                           "print(t.set_language('en')); import kiosk; print(kiosk.__file__)")
        assert qt.returncode == 0, qt.stderr[-2000:]
        assert qt.stdout.split() == ["True", "/opt/gov-kiosk/app/kiosk/__init__.py"]

    # ---- the kiosk lives a while: a technician edits devices.toml, the outbox holds entries
    conf.write_text(conf.read_text() + "\n# this terminal: printer on the second port\n")
    edited = conf.read_text()
    from kiosk.sync.outbox import Outbox

    box = Outbox.open(data, disk_reserve_mb=0)
    for n in range(3):
        box.enqueue("ticket", f"/api/v1/tickets/A00{n}", {"n": n})
    owed = [e["path"] for e in box.entries("pending")]
    box.close()
    assert len(owed) == 3

    # ---- upgrade to a newer version
    new = repack(deb, field(deb, "Version") + "+1", tmp_path)
    dpkg(root, "-i", str(new))
    status = subprocess.run(["dpkg-query", f"--admindir={root}/var/lib/dpkg", "-W",
                             "-f=${Version} ${Status}", "gov-kiosk"], capture_output=True,
                            text=True, check=True).stdout
    assert status == field(deb, "Version") + "+1 install ok installed"
    assert conf.read_text() == edited  # the local edit is kept
    box = Outbox.open(data, disk_reserve_mb=0)
    try:
        assert [e["path"] for e in box.entries("pending")] == owed  # carried over, in order
    finally:
        box.close()
    assert [line for line in users(root, "passwd") if line.startswith("kiosk:")] == passwd

    # ---- purge
    dpkg(root, "--purge", "gov-kiosk")
    assert not (root / "opt" / "gov-kiosk").exists()
    assert not (root / "etc" / "kiosk").exists() and not data.exists()
    assert not (root / "lib" / "systemd" / "system" / "kiosk-session.service").exists()
    assert not (wants / "kiosk-session.service").exists()
    # the system user stays, as Debian leaves them (files it owned may be elsewhere)
    assert any(line.startswith("kiosk:") for line in users(root, "passwd"))
