#!/usr/bin/env bash
# Set up this checkout on a fresh Debian/Ubuntu machine, then run the kiosk demo or the tests.
#
#   sudo bash packaging/setup.sh demo   # set up, start the kiosk on simulated devices
#   sudo bash packaging/setup.sh test   # set up, run the whole test suite
#   sudo bash packaging/setup.sh setup  # set up only
#
# Idempotent: packages already installed are not reinstalled; the .venv is reused.
# Extra arguments after the mode go to `kiosk run` (demo) or pytest (test).
set -euo pipefail

mode="${1:-setup}"
shift || true
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

case "$mode" in demo|test|setup) ;; *) die "unknown mode '$mode' (use demo, test or setup)";; esac

# Debian packages: swig + libpcsclite-dev build pyscard (no Linux wheel); pcscd + vsmartcard-vpcd
# run virtual smart cards; a CJK font so Chinese renders; xvfb for a virtual screen; the X/EGL
# libraries Qt's platform plugins load; socat for out-of-process serial simulators.
APT_PACKAGES=(
  python3 python3-venv python3-dev build-essential pkg-config
  swig libpcsclite-dev pcscd vsmartcard-vpcd
  fonts-noto-cjk fontconfig xvfb
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libglib2.0-0
  socat
  postgresql  # initdb/pg_ctl: the central-server tests start a throwaway cluster (service not used)
  fuse3       # fusermount3 + libfuse3: the power-cut and full/read-only disk tests mount
              # tests/faultfs.py (a FUSE layer that keeps writes in memory until fsync)
  espeak-ng   # 语音播报: offline Mandarin (cmn) and English voices, rendered by kiosk/voice
  alsa-utils  # aplay: plays the voice prompts on an ALSA sound card (paplay where PulseAudio runs)
  xdotool     # tests/test_live_x11.py clicks through the live kiosk under Xvfb with real input
  chromium chromium-driver  # tests/test_web_pages.py: the fleet page and hall display in
                            # headless Chromium, driven by selenium (no browser download)
  cups libcups2-dev poppler-utils  # 自助打印: cupsd for the A4 printer (mock mode starts a
                            # private one with its own PDF backend), libcups2-dev builds pycups,
                            # pdftoppm/pdftotext render previews and read printed PDFs back
  fakeroot lintian  # packaging/build-deb.sh builds the .deb as root-owned files without root;
                    # tests/test_package_deb.py checks it with lintian
  dosfstools mtools  # USB import tests: a real vfat stick image (mkfs.vfat), read by mtools
                     # where the kernel cannot loop-mount vfat (containers)
  poppler-utils      # pdftoppm: USB-stick PDFs rasterised in a limited child process
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root for: $* (run this script with sudo)"; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  say "Debian packages present"
fi

# Python >= 3.11: the system python3 on bookworm/noble; an existing newer python3 on PATH also works.
PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "Python >= 3.11 needed, found $("$PY" --version 2>&1)"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "creating .venv"
  rm -rf .venv
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ] || ! .venv/bin/python -c 'import kiosk, drivers' 2>/dev/null; then
  say "installing the project into .venv (pip)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
else
  say ".venv up to date"
fi

# Translations: .ts sources → .qm (compiled, not committed).
.venv/bin/python -m kiosk.ui.i18n build >/dev/null || die "building translations failed"
# Voice prompts: every fixed spoken prompt rendered to WAV now (English from the translations
# just built), so the kiosk's first words wait for no synthesis. Not fatal: a prompt missing
# here is rendered the first time it is spoken.
.venv/bin/python -m kiosk.voice build >&2 || say "some voice prompts were not pre-rendered (see above)"

case "$mode" in
  setup)
    say "done. Start the demo: .venv/bin/kiosk run --mock"
    ;;
  test)
    say "running the test suite"
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m pytest "$@"
    ;;
  demo)
    # The demo's smart-card reader is a virtual card behind the real pcscd (vpcd driver). There
    # may be no systemd to socket-activate pcscd, so start the daemon as its service would, unless
    # one already runs; without it only that reader is offline.
    if ! pidof pcscd >/dev/null 2>&1; then
      say "starting pcscd (smart-card daemon)"
      as_root pcscd || say "pcscd did not start: the demo's smart-card reader stays offline"
    fi
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      say "starting the kiosk in mock-device mode (window)"
      exec .venv/bin/kiosk run --mock --windowed "$@"
    fi
    port="${KIOSK_VNC_PORT:-5900}"
    # Qt's VNC platform listens on every interface and has no password: fine on a workstation,
    # firewall the port elsewhere (or run with a display and get a window instead).
    say "no display here: serving the kiosk screen over VNC (Qt's vnc platform) on port ${port}"
    say "see it with any VNC viewer: vncviewer localhost:${port} (remote: ssh -L ${port}:localhost:${port} HOST)"
    export QT_QPA_PLATFORM="vnc:size=1920x1080:port=${port}"
    exec .venv/bin/kiosk run --mock --windowed "$@"
    ;;
esac
