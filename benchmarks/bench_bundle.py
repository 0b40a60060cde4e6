"""Benchmark of the packaged app (issue 9 targets): size, build time, start-up time.

- size of the one-folder bundle under 300 MB (MiB, as ``du -sh`` counts; the
  release .tar.gz is reported too);
- start-up of the bundled app under 3 s: from starting ``parallax`` to the main
  window shown and the project store opened (the store file appears right after
  ``show()``, when the library job starts), offscreen, with a fresh data folder;
- build time of ``pyinstaller build.spec`` (with ``--build``; otherwise the bundle
  in ``dist/parallax`` is measured as it is).

The largest parts of the bundle are listed, so a regression shows where it came from.

    python -m benchmarks.bench_bundle [--build] [--bundle DIR] [--archive] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"size_mib": 300.0, "startup_s": 3.0}
MIB = 1024 * 1024


def build(dist: Path, work: Path) -> float:
    """Seconds of a clean ``pyinstaller build.spec`` into ``dist``."""
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t0


def tree_bytes(folder: Path) -> int:
    """Apparent size of the files (symbolic links count as links, not twice)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def largest_parts(bundle: Path, n: int = 12) -> list[tuple[str, float]]:
    inner = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    parts = []
    for p in inner.iterdir():
        size = tree_bytes(p) if p.is_dir() and not p.is_symlink() else p.lstat().st_size
        parts.append((p.name, round(size / MIB, 1)))
    parts.sort(key=lambda x: -x[1])
    return parts[:n]


def archive_mib(bundle: Path) -> float:
    """Size of the bundle as a .tar.gz (what a researcher downloads)."""

    class Counter(io.RawIOBase):
        n = 0

        def writable(self):
            return True

        def write(self, b):
            self.n += len(b)
            return len(b)

    sink = Counter()
    with tarfile.open(fileobj=sink, mode="w:gz", compresslevel=6) as tf:
        tf.add(bundle, arcname=bundle.name)
    return round(sink.n / MIB, 1)


def _clean_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARALLAX_", "QT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", PARALLAX_DATA_DIR=str(data_dir), PARALLAX_NO_DIALOGS="1")
    return env


def version_seconds(exe: Path) -> float:
    """Process start to exit of ``parallax --version`` (loader, interpreter, imports)."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run([str(exe), "--version"], env=_clean_env(Path(tmp)), check=True, capture_output=True, timeout=60)
        return time.perf_counter() - t0


def gui_seconds(exe: Path, timeout: float = 60.0) -> float:
    """Start of ``parallax`` to the main window shown and the store being opened."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        marker = data / "parallax.sqlite"
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [str(exe), "gui"], env=_clean_env(data), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            while not marker.exists():
                if proc.poll() is not None:
                    raise RuntimeError(f"parallax exited with status {proc.returncode} before showing its window")
                if time.perf_counter() - t0 > timeout:
                    raise RuntimeError(f"no window after {timeout:.0f} s")
                time.sleep(0.01)
            return time.perf_counter() - t0
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run(bundle: Path, runs: int = 3, with_archive: bool = False, build_seconds: float | None = None) -> dict:
    exe = bundle / ("parallax.exe" if os.name == "nt" else "parallax")
    if not exe.exists():
        raise SystemExit(f"no bundle at {bundle} (run 'make bundle' or pass --build)")
    size = tree_bytes(bundle)
    version_seconds(exe)  # first run pays the page cache; report warm starts
    ver = [version_seconds(exe) for _ in range(runs)]
    gui = [gui_seconds(exe) for _ in range(runs)]
    res = {
        "bundle": str(bundle),
        "size_mib": round(size / MIB, 1),
        "size_mb": round(size / 1e6, 1),
        "files": sum(1 for p in bundle.rglob("*") if p.is_file()),
        "largest": largest_parts(bundle),
        "version_s": round(statistics.median(ver), 2),
        "startup_s": round(statistics.median(gui), 2),
        "startup_runs_s": [round(x, 2) for x in gui],
    }
    if with_archive:
        res["archive_mib"] = archive_mib(bundle)
    if build_seconds is not None:
        res["build_s"] = round(build_seconds, 1)
    res["ok"] = res["size_mib"] < TARGETS["size_mib"] and res["startup_s"] < TARGETS["startup_s"]
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--bundle", default=str(ROOT / "dist" / "parallax"), help="the one-folder bundle (default dist/parallax)"
    )
    p.add_argument("--build", action="store_true", help="build the bundle first (in a temporary folder) and time it")
    p.add_argument("--archive", action="store_true", help="also measure the bundle as a .tar.gz")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        bundle, secs = Path(args.bundle), None
        if args.build:
            secs = build(Path(tmp) / "dist", Path(tmp) / "build")
            bundle = Path(tmp) / "dist" / "parallax"
        res = run(bundle, args.runs, args.archive, secs)
    if args.json:
        print(json.dumps(res))
    else:
        if "build_s" in res:
            print(f"build: {res['build_s']:.0f} s")
        print(
            f"size: {res['size_mib']:.1f} MiB ({res['size_mb']:.1f} MB, {res['files']} files; target < {TARGETS['size_mib']:.0f} MiB)"
        )
        if "archive_mib" in res:
            print(f"archive (.tar.gz): {res['archive_mib']:.1f} MiB")
        print("largest: " + ", ".join(f"{name} {mib} MiB" for name, mib in res["largest"]))
        print(
            f"start-up to window: {res['startup_s']:.2f} s median of {args.runs} {res['startup_runs_s']} (target < {TARGETS['startup_s']} s)"
        )
        print(f"parallax --version: {res['version_s']:.2f} s")
        print(f"targets -> {'met' if res['ok'] else 'NOT met'}")
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
