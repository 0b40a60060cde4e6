"""Benchmark of the export (issue 8 targets).

- the sample story (5 articles) to xlsx: under 1 s;
- 1,000 analysed articles to xlsx: under 15 s with peak memory under 500 MB.

The 1,000 articles are the sample story's five analyses, each repeated with a new id
(the export's cost depends on the rows, not on whether the texts differ).  Each export
runs in a fresh interpreter so that its peak memory (ru_maxrss) is its own, not the
analysis's that made the inputs.

    python -m benchmarks.bench_export [--articles 1000] [--mode cli|disk|list] [--json] [--inputs FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"sample_seconds": 1.0, "library_seconds": 15.0, "library_peak_mb": 500.0}


def analyse_sample_story() -> list[dict]:
    from analysis.ingest import read_inputs
    from analysis.pipeline import analyze_article
    from analysis.samples import sample_paths
    from analysis.serialize import analysis_dict

    return [analysis_dict(analyze_article(a)) for a in read_inputs([str(p) for p in sample_paths()])]


def make_library(base: list[dict], n: int, path: Path) -> None:
    """``n`` analyses as JSONL: the base analyses cycled, each with its own id and path."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            a = dict(base[i % len(base)])
            a["id"] = f"{a['id']}-{i:05d}"
            a["path"] = f"corpus/{i:05d}.txt"
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")


def peak_rss_mb() -> float:
    """This process's peak resident memory.  VmHWM, not ru_maxrss: Linux carries
    ru_maxrss across exec, so a child started from a big parent would report the
    parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024


def _child(jsonl: str, mode: str, fmt: str, out: str) -> None:
    """Runs in a fresh interpreter: load, export, print seconds and peak RSS."""
    from analysis.export import SpooledAnalyses, write_csv, write_json, write_workbook

    t0 = time.perf_counter()
    if mode == "list":
        with open(jsonl, encoding="utf-8") as fh:
            analyses = [json.loads(line) for line in fh]
    else:  # "cli": what parallax export does; "disk": parked on disk from the first article
        analyses = SpooledAnalyses(max_in_memory=0) if mode == "disk" else SpooledAnalyses()
        with open(jsonl, encoding="utf-8") as fh:
            for line in fh:
                analyses.add(json.loads(line))
    t1 = time.perf_counter()
    c1 = time.process_time()
    writer = {"xlsx": write_workbook, "csv": write_csv, "json": write_json}[fmt]
    writer(analyses, out)
    t2 = time.perf_counter()
    cpu = time.process_time() - c1
    peak_mb = peak_rss_mb()
    size = sum(p.stat().st_size for p in Path(out).glob("*")) if Path(out).is_dir() else Path(out).stat().st_size
    print(
        json.dumps(
            {
                "load_s": round(t1 - t0, 3),
                "export_s": round(t2 - t1, 3),
                "export_cpu_s": round(cpu, 3),
                "peak_mb": round(peak_mb, 1),
                "bytes": size,
            }
        )
    )


def run_child(jsonl: Path, mode: str, fmt: str, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_export",
            "--child",
            str(jsonl),
            "--mode",
            mode,
            "--format",
            fmt,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


def run(n_articles: int = 1000, mode: str = "cli", formats=("xlsx", "csv", "json"), inputs: str | None = None) -> dict:
    from analysis.export import write_workbook

    if inputs:
        data = json.loads(Path(inputs).read_text(encoding="utf-8"))
        base = data if isinstance(data, list) else [data]
    else:
        base = analyse_sample_story()
    results: dict = {"articles": n_articles, "mode": mode, "targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as d:
        tmp = Path(d)
        write_workbook(base, tmp / "warm.xlsx")  # imports and caches
        t0 = time.perf_counter()
        write_workbook(base, tmp / "sample.xlsx")
        results["sample_xlsx_s"] = round(time.perf_counter() - t0, 3)
        jsonl = tmp / "library.jsonl"
        make_library(base, n_articles, jsonl)
        results["input_mb"] = round(jsonl.stat().st_size / 1e6, 1)
        for fmt in formats:
            out = tmp / ("csv" if fmt == "csv" else f"library.{fmt}")
            results[fmt] = run_child(jsonl, mode, fmt, out)
    x = results.get("xlsx", {})
    # the time target is for 1,000 articles; memory must stay bounded at any size
    time_ok = n_articles > 1000 or x.get("export_s", 1e9) < TARGETS["library_seconds"]
    results["ok"] = (
        results["sample_xlsx_s"] < TARGETS["sample_seconds"]
        and time_ok
        and x.get("peak_mb", 1e9) < TARGETS["library_peak_mb"]
    )
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument(
        "--mode",
        choices=("cli", "disk", "list"),
        default="cli",
        help="how the analyses are held: as parallax export does (cli), on disk, or a plain list",
    )
    p.add_argument("--format", choices=("xlsx", "csv", "json"), default=None)
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument(
        "--inputs",
        metavar="FILE",
        help="analyses to start from (parallax analyze --format json) instead of analysing the sample story",
    )
    p.add_argument("--child", metavar="JSONL", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        _child(args.child, args.mode, args.format or "xlsx", args.out)
        return 0
    res = run(args.articles, args.mode, (args.format,) if args.format else ("xlsx", "csv", "json"), args.inputs)
    if args.json:
        print(json.dumps(res))
    else:
        print(
            f"sample story (5 articles) -> xlsx: {res['sample_xlsx_s']:.3f} s (target < {TARGETS['sample_seconds']} s)"
        )
        for fmt in ("xlsx", "csv", "json"):
            if fmt in res:
                r = res[fmt]
                print(
                    f"{res['articles']:,} articles ({res['mode']}) -> {fmt}: {r['export_s']:.2f} s ({r['export_cpu_s']:.2f} s CPU), "
                    f"peak {r['peak_mb']:.0f} MB, {r['bytes'] / 1e6:.1f} MB written"
                )
        print(
            f"targets (1,000 articles): xlsx < {TARGETS['library_seconds']} s, peak < {TARGETS['library_peak_mb']} MB"
            f" (memory at any size) -> {'met' if res['ok'] else 'NOT met'}"
        )
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
