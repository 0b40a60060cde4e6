#!/bin/sh
# System packages Parallax needs on Debian/Ubuntu: Qt's libraries for the app, and
# LibreOffice (headless) for the export test.  Installs them when run as root with
# apt-get available; otherwise only says what is missing.
set -u
what=${1:-app}
pkgs="binutils libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0"
if [ "$what" = test ]; then
  pkgs="$pkgs libreoffice-calc-nogui util-linux fonts-lohit-deva"
fi
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "Parallax needs these system packages:$missing"
  echo "Install them with: sudo apt-get install$missing"
fi
exit 0
