"""Retrain a model from a coder's codings, into the user data directory (never into
``resources/``), and put its cross-validated figures next to the current model's.

The training data is the shipped training set of the task plus the coder's rows (a
coder's row replaces a shipped row with the same text), or the coder's rows alone.
Both models' figures are cross-validated with folds grouped by topic or article, each
on its own training data: they say how each model generalises, not which is better
on the coder's texts (``parallax agree`` with the model answers that).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.coding.train_export import write_rows

SHIPPED = {
    "offtopic": ("training", "offtopic"),
    "attribution": ("training", "attribution", "jsonl"),
    "framing": ("training", "framing", "policy_frames.jsonl"),
    "loaded": ("training", "loaded"),
}
FIGURES = (
    "f1",
    "micro_f1",
    "macro_f1",
    "precision",
    "recall",
    "typed_f1",
    "cue_f1",
    "type_accuracy",
    "clean_false_flag_rate",
    "n",
)


class RetrainError(RuntimeError):
    """Retraining is not possible (no coded rows, a path inside resources/)."""


@dataclass(frozen=True)
class RetrainResult:
    task: str
    model_dir: Path  # use as --model-dir: it holds <task>/model.skops and card.json
    card: dict
    old_card: dict | None
    n_coded: int
    n_shipped: int

    def figures(self) -> list[tuple[str, float | None, float | None]]:
        return compare_figures(self.old_card, self.card)


def shipped_rows(task: str, labels: Sequence[str] = ()) -> list[dict]:
    """The task's shipped training rows (framing: those of the codebook the labels use)."""
    from analysis.resources import resource_path
    from analysis.training.data import read_examples

    parts = SHIPPED[task]
    if task == "framing" and labels:
        from analysis.training.framing import known_codebook

        cb, _ = known_codebook(sorted(set(labels)))
        if cb is None:
            return []
        parts = ("training", "framing", f"{cb}.jsonl")
    path = resource_path(*parts)
    if not path.exists():
        return []
    rows, _ = read_examples(path)
    return rows


def cv_figures(card: dict | None) -> dict[str, float]:
    """The headline cross-validated figures of a model card."""
    m = ((card or {}).get("cv") or {}).get("metrics") or {}
    if isinstance(m.get("all"), dict):
        m = m["all"]
    return {k: m[k] for k in FIGURES if isinstance(m.get(k), int | float) and not isinstance(m.get(k), bool)}


def compare_figures(old: dict | None, new: dict | None) -> list[tuple[str, float | None, float | None]]:
    a, b = cv_figures(old), cv_figures(new)
    return [(k, a.get(k), b.get(k)) for k in FIGURES if k in a or k in b]


def current_card(task: str, model_dir: str | None = None, codebook: str | None = None) -> dict | None:
    from analysis.models.io import CARD_FILE, model_folder

    name = task if task != "framing" or codebook in (None, "policy_frames", "custom") else f"framing_{codebook}"
    try:
        return json.loads((model_folder(name, model_dir) / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def default_out_root() -> Path:
    from analysis.store import default_data_dir

    return default_data_dir() / "models" / time.strftime("coded-%Y%m%d-%H%M%S")


def retrain(
    task: str,
    coded: Sequence[dict],
    include_shipped: bool = True,
    out_root: str | Path | None = None,
    quick: bool = False,
    current_model_dir: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> RetrainResult:
    """Train ``task`` on the coder's rows (plus the shipped set) into ``out_root/task``."""
    from analysis.resources import resources_root
    from analysis.training.cli import train_to

    if not coded:
        raise RetrainError("there are no coded examples for this task yet")
    root = Path(out_root) if out_root else default_out_root()
    if root.resolve().is_relative_to(resources_root().resolve()):
        raise RetrainError("a retrained model is never written into resources/")
    labels = sorted({x for r in coded for x in (r.get("labels") or [])}) if task == "framing" else []
    base = shipped_rows(task, labels) if include_shipped else []
    mine = {r["text"] for r in coded}
    rows = [r for r in base if r["text"] not in mine] + [dict(r) for r in coded]
    data = root / "data" / f"{task}.jsonl"
    data.parent.mkdir(parents=True, exist_ok=True)
    write_rows(rows, data)
    codebook = None
    if task == "framing":
        from analysis.training.framing import known_codebook

        codebook, _ = known_codebook(labels)
    old = current_card(task, current_model_dir, codebook)
    card = train_to(task, str(data), root / task, quick=quick, progress=progress)
    return RetrainResult(task, root, card, old, len(coded), len(rows) - len(coded))
