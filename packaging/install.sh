#!/usr/bin/env bash
# Install the kiosk on this terminal from a checkout: build the Debian package
# (packaging/build-deb.sh) and install it with apt, which brings cage and the other
# dependencies. On a fleet, build once and copy dist/gov-kiosk_*.deb instead (README:
# "Installing on a kiosk"). Run as root.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
deb="$(bash "$repo/packaging/build-deb.sh" | tail -n 1)"
DEBIAN_FRONTEND=noninteractive apt-get install -y "$repo/$deb"
echo "installed. Edit /etc/kiosk/kiosk.toml (id, central url) and /etc/kiosk/devices.toml,"
echo "then reboot (or: systemctl start kiosk-session)"
