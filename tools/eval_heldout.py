"""Evaluate shipped (or given) models on the hand-made held-out sets in tests/data
(written independently of the training data; never trained on).

    python -m tools.eval_heldout offtopic|attribution [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def heldout_offtopic(name: str = "offtopic_eval") -> list[dict]:
    from analysis.datasets.offtopic_markup import load_marked_articles

    return load_marked_articles(ROOT / "tests" / "data" / name)


def heldout_attribution() -> list[dict]:
    from analysis.datasets.markup import load_passages

    return [p.to_record() for p in load_passages(ROOT / "tests" / "data" / "attribution_eval")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=("offtopic", "offtopic2", "attribution"))
    ap.add_argument("--model-dir")
    a = ap.parse_args()
    from analysis.training.cli import _task_module, load_task_model

    task = "offtopic" if a.task.startswith("offtopic") else a.task
    rows = heldout_offtopic("offtopic_eval2" if a.task == "offtopic2" else "offtopic_eval") if task == "offtopic" else heldout_attribution()
    model = load_task_model(task, a.model_dir).model
    result = getattr(_task_module(task), f"evaluate_{task}")(model, rows)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
