#!/bin/sh
# Add Parallax (this unpacked folder) to your applications menu and to ~/.local/bin.
# Nothing is copied: the menu entry runs Parallax from where you unpacked it, so
# keep this folder where it is (or run this script again after moving it).
#   sh install.sh              install for the current user
#   sh install.sh --uninstall  remove the menu entry, icon and command link
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=$HOME/.local/bin
ENTRY=$DATA/applications/parallax.desktop
ICON=$DATA/icons/hicolor/256x256/apps/parallax.png

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$ENTRY" "$ICON"
  [ -L "$BIN/parallax" ] && rm -f "$BIN/parallax"
  echo "Parallax removed from the menu (this folder was left in place)."
  exit 0
fi

[ -x "$HERE/parallax" ] || { echo "install.sh: run it from the unpacked Parallax folder" >&2; exit 1; }
mkdir -p "$DATA/applications" "$(dirname "$ICON")" "$BIN"
cp "$HERE/parallax.png" "$ICON"
# Exec needs an absolute path; quote it for folders with spaces (desktop entry rules).
sed "s|^Exec=.*|Exec=\"$HERE/parallax\" %F|" "$HERE/parallax.desktop" > "$ENTRY"
chmod 644 "$ENTRY"
ln -sf "$HERE/parallax" "$BIN/parallax"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
echo "Parallax installed: menu entry $ENTRY, command $BIN/parallax"
echo "Check it with: $BIN/parallax --selftest"
