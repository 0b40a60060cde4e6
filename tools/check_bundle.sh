#!/bin/sh
# Prove that the PyInstaller bundle (dist/parallax, from `make bundle`) runs on a
# machine without Python: copy it to another folder, then run it there with an
# empty environment (env -i) and no network (unshare -n):
#   1. `parallax --selftest`  (sample story, HTML import, analysis, grouping,
#      comparison, training, workbook, every view drawn offscreen)
#   2. `parallax analyze` on the seed article and the sample story must give the
#      same JSON as the source tree, apart from timing_ms and path
#   3. the bundle must stay under its size budget (BUNDLE_MAX_MB, default 300)
# A missing data file, a hidden import or a run-time download fails here.
#
# Usage: sh tools/check_bundle.sh [BUNDLE_DIR]
# Set CHECK_BUNDLE_ALLOW_NETWORK=1 only where network namespaces are unavailable.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUNDLE=${1:-dist/parallax}
MAX_MB=${BUNDLE_MAX_MB:-300}
PY=${PY_SOURCE:-$ROOT/.venv/bin/python}

PASSED=0
fail() {
  echo "check_bundle: FAIL: $*" >&2
  echo "check_bundle: $PASSED passed, 1 failed"
  exit 1
}
passed() { PASSED=$((PASSED + 1)); }

[ -x "$BUNDLE/parallax" ] || fail "no bundle at $BUNDLE (run 'make bundle' first)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/parallax-bundle-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

# Relocate: the copy must not depend on where it was built.
cp -a "$BUNDLE" "$WORK/Parallax moved"
APP="$WORK/Parallax moved/parallax"

# No network: a fresh network namespace has only a down loopback interface.
if unshare -n true 2>/dev/null; then
  OFFLINE="unshare -n"
elif unshare -rn true 2>/dev/null; then
  OFFLINE="unshare -rn"
elif [ "${CHECK_BUNDLE_ALLOW_NETWORK:-0}" = 1 ]; then
  echo "check_bundle: network namespaces unavailable; running WITH network (CHECK_BUNDLE_ALLOW_NETWORK=1)" >&2
  OFFLINE=""
else
  fail "cannot create a network namespace (unshare -n); run as root or set CHECK_BUNDLE_ALLOW_NETWORK=1"
fi

size_kb=$(du -sk "$BUNDLE" | cut -f1)
size_mb=$((size_kb / 1024))
echo "check_bundle: bundle $BUNDLE is $size_mb MB (budget $MAX_MB MB)"
[ "$size_mb" -lt "$MAX_MB" ] || fail "the bundle is $size_mb MB, over the $MAX_MB MB budget"
passed

echo "check_bundle: --selftest, relocated, env -i, ${OFFLINE:-with network}"
(cd "$WORK" && $OFFLINE env -i "$APP" --selftest) || fail "the relocated bundle's --selftest failed"
passed

# Same JSON as the source tree.  Inputs: the seed article when ../shared is present,
# and the sample story (read from the source tree by both sides, same paths).
set -- "$ROOT"/resources/samples/story/*.txt
SEED="$ROOT/../shared/seed/shoigu-pyongyang-hi.txt"
[ -f "$SEED" ] && set -- "$SEED" "$@"
echo "check_bundle: analyze $# articles with the bundle and with the source tree"
(cd "$WORK" && $OFFLINE env -i "$APP" analyze --no-cache --format jsonl "$@" > "$WORK/bundle.jsonl") \
  || fail "the relocated bundle's analyze failed"
PARALLAX_DATA_DIR="$WORK/source-data" "$PY" -m desktop.launcher analyze --no-cache --format jsonl "$@" > "$WORK/source.jsonl" \
  || fail "the source tree's analyze failed"
"$PY" - "$WORK/source.jsonl" "$WORK/bundle.jsonl" "$ROOT/resources" "$WORK/Parallax moved/_internal/resources" <<'EOF' \
  || fail "the bundle's analyze JSON differs from the source tree's"
import json
import sys

IGNORED = ("timing_ms", "path")
# Messages may name files under resources/ (a model that is not shipped, say): the
# two installations keep them in different folders.
ROOTS = [r for r in sys.argv[3:5] if r]


def unrooted(value):
    if isinstance(value, str):
        for root in ROOTS:
            value = value.replace(root, "<resources>")
        return value
    if isinstance(value, list):
        return [unrooted(v) for v in value]
    if isinstance(value, dict):
        return {k: unrooted(v) for k, v in value.items()}
    return value


def load(path):
    rows = [unrooted(json.loads(line)) for line in open(path, encoding="utf-8") if line.strip()]
    for r in rows:
        for key in IGNORED:
            r.pop(key, None)
    return rows


def first_difference(a, b, where="$"):
    if type(a) is not type(b):
        return f"{where}: {a!r:.80} != {b!r:.80}"
    if isinstance(a, dict):
        # provenance first: different models or libraries explain every later difference
        for k in sorted(set(a) | set(b), key=lambda k: (k != "provenance", k)):
            if k not in a or k not in b:
                return f"{where}.{k}: only in {'source' if k in a else 'bundle'}"
            d = first_difference(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items in the source tree, {len(b)} in the bundle"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{where}: source {a!r:.80} != bundle {b!r:.80}"


src, bun = load(sys.argv[1]), load(sys.argv[2])
diff = first_difference(src, bun)
if diff:
    print(f"check_bundle: first difference at {diff}", file=sys.stderr)
    sys.exit(1)
print(f"check_bundle: {len(src)} analyses identical (apart from {', '.join(IGNORED)} and resource folders)")
EOF
passed
echo "check_bundle: $PASSED passed, 0 failed"
