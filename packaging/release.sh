#!/bin/sh
# Make the Linux release archive from the bundle that `make bundle` built:
#   dist/parallax-VERSION-linux-ARCH.tar.gz  (+ .sha256)
# holding the one-folder bundle, the .desktop file, the icon, install.sh,
# THIRD_PARTY_LICENSES (written by build.spec from what the bundle ships) and a
# short INSTALL.txt.  The archive is reproducible for a given bundle: sorted names,
# owner 0, fixed modification time (SOURCE_DATE_EPOCH, default the last commit's).
#   sh packaging/release.sh [--update-notice]
# --update-notice also refreshes the committed packaging/THIRD_PARTY_LICENSES.
# BUNDLE (default dist/parallax) and OUT_DIR (default dist) override the folders.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BUNDLE=${BUNDLE:-dist/parallax}
OUT_DIR=${OUT_DIR:-dist}
[ -x "$BUNDLE/parallax" ] || { echo "release.sh: no bundle in $BUNDLE (run 'make bundle' first)" >&2; exit 1; }
VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
NAME="parallax-$VERSION-linux-$(uname -m)"
NOTICE="$BUNDLE/_internal/THIRD_PARTY_LICENSES"
[ -f "$NOTICE" ] || NOTICE="$BUNDLE/THIRD_PARTY_LICENSES"
[ -f "$NOTICE" ] || { echo "release.sh: the bundle has no THIRD_PARTY_LICENSES (built with an old build.spec?)" >&2; exit 1; }
EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT INT TERM
mkdir "$STAGE/$NAME"
cp -a "$BUNDLE/." "$STAGE/$NAME/"
cp packaging/parallax.desktop packaging/install.sh "$STAGE/$NAME/"
cp resources/icons/parallax.png "$STAGE/$NAME/parallax.png"
cp "$NOTICE" "$STAGE/$NAME/THIRD_PARTY_LICENSES"
cat > "$STAGE/$NAME/INSTALL.txt" <<TXT
Parallax $VERSION for Linux ($(uname -m)): no Python needed.

1. Unpack this folder wherever you keep programs, e.g. ~/Applications/$NAME
2. Run:  sh install.sh      (adds Parallax to the applications menu and ~/.local/bin)
3. Check: ./parallax --selftest     Start: ./parallax   (or from the menu)

The app needs the usual desktop libraries (X11 or Wayland, fontconfig, libxkbcommon;
on a bare Debian/Ubuntu also libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0).
Remove: sh install.sh --uninstall, then delete this folder.
Licences of the software inside: THIRD_PARTY_LICENSES.
TXT
chmod 755 "$STAGE/$NAME/install.sh"

mkdir -p "$OUT_DIR"
OUT="$OUT_DIR/$NAME.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" \
    -C "$STAGE" -cf - "$NAME" | gzip -n -6 > "$OUT"
(cd "$OUT_DIR" && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
if [ "${1:-}" = "--update-notice" ]; then
  cp "$NOTICE" packaging/THIRD_PARTY_LICENSES
  echo "updated packaging/THIRD_PARTY_LICENSES"
fi
echo "$OUT ($(du -m "$OUT" | cut -f1) MB)"
