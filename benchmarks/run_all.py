"""Run every benchmark and print one JSON report (``make bench``)."""

from __future__ import annotations

import json
import sys


def main() -> int:
    from benchmarks import bench_analyze, bench_compare, bench_export

    report = {
        "analyze": bench_analyze.main(["--n", "1000"]),
        "compare": bench_compare.main([]),
        "export": bench_export.main([]),
    }
    try:
        from benchmarks import bench_gui

        report["gui"] = bench_gui.run()
    except Exception as exc:  # the GUI benchmark needs Qt; report rather than fail
        report["gui"] = {"error": str(exc)}
    print(json.dumps(report, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
