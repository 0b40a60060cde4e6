"""``parallax train`` and ``parallax evaluate``: one entry per task."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis.cli import UsageError
from analysis.models.io import ModelLoadError, load_model, model_folder, save_model
from analysis.training.data import DataError, read_examples

TASKS = ("offtopic", "attribution", "framing", "loaded")


def _task_module(task: str):
    import importlib

    return importlib.import_module(f"analysis.training.{task}")


def default_model_dir() -> Path:
    from analysis.store import default_data_dir

    return default_data_dir() / "models"


def train_to(task: str, data: str, folder: Path, quick: bool = False, progress=None) -> dict:
    """Train ``task`` on ``data`` and save model and card into ``folder``."""
    rows, digest = read_examples(data)
    model, card = getattr(_task_module(task), f"train_{task}")(rows, quick=quick, progress=progress)
    card["training_data_sha256"] = digest
    card["training_data"] = Path(data).name
    return save_model(model, folder, card)


def cmd_train(args) -> int:
    out_root = Path(args.out) if args.out else default_model_dir()
    try:
        card = train_to(args.task, args.data, out_root / args.task, quick=args.quick, progress=_progress)
    except DataError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"task": args.task, "out": str(out_root / args.task), "id": card["id"], "cv": card.get("cv", {}).get("metrics")}, ensure_ascii=False, indent=1))
    return 0


def _progress(fraction: float, message: str) -> None:
    print(f"parallax: train {fraction:.0%} {message}", file=sys.stderr)


def load_task_model(task: str, model_dir: str | None):
    mod = _task_module(task)
    folder = model_folder(task, model_dir)
    try:
        return load_model(folder, mod.ALLOWED_TYPES)
    except ModelLoadError as exc:
        raise UsageError(str(exc)) from None


def cmd_evaluate(args) -> int:
    try:
        rows, _digest = read_examples(args.data)
    except DataError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return 2
    loaded = load_task_model(args.task, args.model_dir)
    mod = _task_module(args.task)
    try:
        result = getattr(mod, f"evaluate_{args.task}")(loaded.model, rows)
    except DataError as exc:
        print(f"parallax: {args.data}: {exc}", file=sys.stderr)
        return 2
    result["model"] = loaded.provenance()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0
