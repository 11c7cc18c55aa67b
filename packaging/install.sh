#!/usr/bin/env bash
# Install the kiosk on a terminal: /opt/kiosk (code + .venv), /etc/kiosk (config), a `kiosk`
# system user, udev rules and the systemd unit. Run from a checkout as root.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
apt-get install -y -qq cage >/dev/null
id kiosk >/dev/null 2>&1 || useradd --system --create-home --home-dir /var/lib/kiosk \
  --groups dialout,plugdev,lp,video,input kiosk
mkdir -p /opt/kiosk /etc/kiosk
cp -a "$repo"/. /opt/kiosk/
bash /opt/kiosk/packaging/setup.sh setup
[ -f /etc/kiosk/kiosk.toml ] || cat > /etc/kiosk/kiosk.toml <<'TOML'
[kiosk]
id = "KSK-CHANGE-ME"
mode = "production"
data_dir = "/var/lib/kiosk"
devices = "/etc/kiosk/devices.toml"

[central]
url = "https://central.example.gov.cn"
embedded_server = false
TOML
[ -f /etc/kiosk/devices.toml ] || cp /opt/kiosk/devices.toml /etc/kiosk/devices.toml
install -m 0644 /opt/kiosk/packaging/99-kiosk-devices.rules /etc/udev/rules.d/
install -m 0644 /opt/kiosk/systemd/kiosk.service /etc/systemd/system/
udevadm control --reload || true
systemctl daemon-reload
echo "installed. Edit /etc/kiosk/kiosk.toml and devices.toml, then: systemctl enable --now kiosk"
