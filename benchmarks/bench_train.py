"""Training time of the frame model on 5,000 labelled sentences (target < 2 minutes).

The project's framing passages are used twice over (the second copy with its topic
renamed so folds stay grouped) to reach 5,000 rows.

    python -m benchmarks.bench_train [--n 5000]
"""

from __future__ import annotations

import argparse
import json
import time

from analysis.resources import resource_path
from analysis.training.framing import train_framing


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    a = ap.parse_args(argv)
    base = [json.loads(x) for x in resource_path("training", "framing", "policy_frames.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = []
    k = 0
    while len(rows) < a.n:
        r = dict(base[k % len(base)])
        copy = k // len(base)
        if copy:
            r["topic"] = f"{r['topic']}-copy{copy}"
            r["text"] = r["text"] + " " * copy
        rows.append(r)
        k += 1
    t0 = time.perf_counter()
    _model, card = train_framing(rows)
    res = {"rows": len(rows), "train_s": round(time.perf_counter() - t0, 1), "cv_micro_f1": card["cv"]["metrics"]["micro_f1"]}
    print(json.dumps(res))
    return res


if __name__ == "__main__":
    main()
