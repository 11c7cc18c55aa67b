#!/usr/bin/env bash
# Build the kiosk's Debian package from this checkout:
#
#   bash packaging/build-deb.sh            # → dist/gov-kiosk_<version>_<arch>.deb
#
# What it holds (packaging/deb/ has the maintainer scripts and the files it ships as they are):
#   /opt/gov-kiosk/app     the application's source tree (kiosk/, drivers/, assets/ with the
#                          compiled translations) — the same layout as a checkout, so every
#                          path the app finds relative to its code works unchanged
#   /opt/gov-kiosk/venv    its own virtual environment on Debian's python3: the Python
#                          dependencies come in here at build time (pip, from the package
#                          registry), the app installed in it in editable form
#   /etc/kiosk             kiosk.toml and devices.toml (conffiles: an upgrade keeps local edits)
#   /lib/systemd/system    kiosk-session.service (the app under cage on tty1), kiosk-central
#   /lib/udev/rules.d      stable /dev/kiosk/* names for the peripherals
#   /usr/libexec/gov-kiosk record-exit (how the last run ended, for the next heartbeat)
# Data lives in /var/lib/kiosk (made by postinst, kept on upgrade, removed on purge only).
#
# The build uses no network beyond the package registries. Needs: Debian's python3 with
# python3-venv (ensurepip), dpkg-deb, fakeroot; swig + libpcsclite-dev when pyscard has to be
# built (packaging/setup.sh installs them all). Environment:
#   KIOSK_DEB_PYTHON   the interpreter the venv is made from (default /usr/bin/python3: the
#                      package depends on the Debian python3 of that minor version)
#   KIOSK_DEB_COMPRESS dpkg-deb compressor (default gzip; xz is smaller and much slower)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf '\033[1m[build-deb]\033[0m %s\n' "$*" >&2; }
die() { printf '[build-deb] error: %s\n' "$*" >&2; exit 1; }

PY="${KIOSK_DEB_PYTHON:-/usr/bin/python3}"
[ -x "$PY" ] || die "no $PY (install python3 and python3-venv)"
command -v dpkg-deb >/dev/null || die "dpkg-deb missing (apt-get install dpkg-dev)"
command -v fakeroot >/dev/null || die "fakeroot missing (apt-get install fakeroot)"

NAME="gov-kiosk"
# the version in pyproject.toml is the one source of the package's version
VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(dpkg --print-architecture)"
PYVER="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
PYNEXT="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1] + 1}")')"
PREFIX="/opt/$NAME"

build="$repo/build/deb"
stage="$build/root"
rm -rf "$build"
mkdir -p "$stage$PREFIX/app" "$repo/dist"
started=$(date +%s)

# ---------------------------------------------------------------- the application's tree
say "copying the application tree (tracked and new files, nothing ignored)"
git ls-files -z --cached --others --exclude-standard -- \
    kiosk drivers assets pyproject.toml README.md devices.toml \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -xf - -C "$stage$PREFIX/app"
# the screenshots are documentation, not something the kiosk shows
rm -rf "$stage$PREFIX/app/assets/screenshots"

# ---------------------------------------------------------------- the virtual environment
venv="$stage$PREFIX/venv"
say "creating the venv on $PY (Python $PYVER)"
"$PY" -m venv "$venv"
say "installing the Python dependencies into it (pip; may take a minute)"
"$venv/bin/python" -m pip install -q --no-compile --disable-pip-version-check \
  -e "$stage$PREFIX/app" 2> >(grep -v "^WARNING: Location 'file:" >&2)
# pip, setuptools and wheel are build tools: the kiosk never runs them
"$venv/bin/python" -m pip uninstall -q -y --disable-pip-version-check pip setuptools wheel \
  >/dev/null 2>&1 || true
say "compiling the translations"
# from inside the staged tree: `python -m` puts the working directory first on sys.path, and
# the checkout's kiosk/ must not be the one that runs (it would write the checkout's files)
(cd "$stage$PREFIX/app" && "$venv/bin/python" -m kiosk.ui.i18n build >/dev/null)
ls "$stage$PREFIX/app/assets/i18n/"*.qm >/dev/null || die "no compiled translations"

# Everything pip wrote names the build directory (script shebangs, activate, pyvenv.cfg, the
# editable finder): make it name where the package installs. Binary files never hold it.
grep -rlI --null -F "$stage" "$stage" | xargs -0 -r sed -i "s#$stage##g"
grep -rlI -F "$stage" "$stage" && die "build paths left in the files above"
# bytecode is compiled at install time by postinst (python3 of the target), not shipped
find "$stage" -name __pycache__ -type d -prune -exec rm -rf {} +
find "$stage" \( -name '*.pyc' -o -name '*.pyo' \) -delete
rm -rf "$stage$PREFIX/app/gov_kiosk.egg-info" "$stage$PREFIX/app/build"
# activate scripts of other shells, and what ships no kiosk needs
rm -f "$venv/bin/activate.csh" "$venv/bin/activate.fish" "$venv/bin/Activate.ps1"
find "$stage$PREFIX" -name .gitignore -delete
# shared objects are loaded, never run: no execute bits (wheels vary)
find "$stage$PREFIX" -type f -name '*.so*' -exec chmod a-x {} +

# ---------------------------------------------------------------- files shipped as they are
install -D -m 0644 packaging/deb/kiosk.toml "$stage/etc/kiosk/kiosk.toml"
install -D -m 0644 packaging/deb/devices.toml "$stage/etc/kiosk/devices.toml"
install -D -m 0644 systemd/kiosk-session.service "$stage/lib/systemd/system/kiosk-session.service"
install -D -m 0644 systemd/kiosk-central.service "$stage/lib/systemd/system/kiosk-central.service"
install -D -m 0644 packaging/99-kiosk-devices.rules "$stage/lib/udev/rules.d/70-gov-kiosk.rules"
install -D -m 0755 packaging/deb/record-exit "$stage/usr/libexec/$NAME/record-exit"
install -D -m 0644 packaging/deb/lintian-overrides "$stage/usr/share/lintian/overrides/$NAME"
install -D -m 0644 packaging/deb/copyright "$stage/usr/share/doc/$NAME/copyright"
mkdir -p "$stage/usr/bin"
ln -s "$PREFIX/venv/bin/kiosk" "$stage/usr/bin/kiosk"
ln -s "$PREFIX/venv/bin/kiosk-central" "$stage/usr/bin/kiosk-central"
# a native package's changelog: one entry for this version, from the build's inputs
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
{
  printf '%s (%s) unstable; urgency=medium\n\n' "$NAME" "$VERSION"
  printf '  * Built from commit %s of the kiosk repository.\n\n' "$commit"
  printf ' -- Kiosk maintainers <kiosk@example.gov.cn>  %s\n' \
    "$(LC_ALL=C date -u -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")"
} | gzip -9n > "$stage/usr/share/doc/$NAME/changelog.gz"
chmod 0644 "$stage/usr/share/doc/$NAME/changelog.gz"

# ---------------------------------------------------------------- control
mkdir -p "$stage/DEBIAN"
for s in postinst prerm postrm; do
  install -m 0755 "packaging/deb/$s" "$stage/DEBIAN/$s"
done
printf '/etc/kiosk/kiosk.toml\n/etc/kiosk/devices.toml\n' > "$stage/DEBIAN/conffiles"
installed_kb="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
sed -e "s/@NAME@/$NAME/" -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" \
    -e "s/@PYVER@/$PYVER/" -e "s/@PYNEXT@/$PYNEXT/" -e "s/@SIZE@/$installed_kb/" \
    packaging/deb/control > "$stage/DEBIAN/control"
# the shared libraries inside the wheels (Qt, OpenCV …) need libraries from the system:
# dpkg-shlibdeps could list them, but it needs a debian/ source tree; control names them.

# normalised permissions: nothing group/world-writable, whatever the build machine's umask
chmod -R u+rwX,go+rX,go-w "$stage"

out="dist/${NAME}_${VERSION}_${ARCH}.deb"
say "writing $out (${installed_kb} KiB installed)"
fakeroot dpkg-deb --root-owner-group -Z"${KIOSK_DEB_COMPRESS:-gzip}" -z6 --build "$stage" "$out" \
  >/dev/null
rm -rf "$build"  # the staged tree: ~900 MB that the .deb now holds
say "done in $(( $(date +%s) - started )) s: $out ($(du -h "$out" | cut -f1))"
echo "$out"
