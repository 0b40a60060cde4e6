"""Train and evaluate the loaded-language sentence classifier (``parallax train loaded``).

Labels are ``["loaded"]`` or ``[]``; the project's loaded-language lexicons are
features.  ``macro_f1`` is the mean of F1(loaded) and F1(not loaded)."""

from __future__ import annotations

import time

import numpy as np

from analysis.framing.lexicon import loaded_terms
from analysis.training.data import DataError
from analysis.training.framing import ALLOWED_TYPES as _FRAMING_TYPES
from analysis.training.multilabel import label_matrix, train_multilabel

ALLOWED_TYPES = _FRAMING_TYPES


def _check(rows):
    for i, r in enumerate(rows):
        labs = r.get("labels")
        if labs is None:
            r["labels"] = []
        elif not isinstance(labs, list) or any(x != "loaded" for x in labs):
            raise DataError(f"example {i + 1}: 'labels' must be [\"loaded\"] or []")


def binary_metrics(y: np.ndarray, pred: np.ndarray) -> dict:
    def f1(pos):
        tp = int(((pred == pos) & (y == pos)).sum())
        fp = int(((pred == pos) & (y != pos)).sum())
        fn = int(((pred != pos) & (y == pos)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    p1, r1, f1_loaded = f1(1)
    _p0, _r0, f1_neutral = f1(0)
    return {
        "n": int(len(y)),
        "precision": round(p1, 4),
        "recall": round(r1, 4),
        "f1": round(f1_loaded, 4),
        "micro_f1": round(float((y == pred).mean()) if len(y) else 0.0, 4),
        "macro_f1": round((f1_loaded + f1_neutral) / 2, 4),
        "per_label": {"loaded": {"f1": round(f1_loaded, 4), "support": int(y.sum())}, "not_loaded": {"f1": round(f1_neutral, 4), "support": int((1 - y).sum())}},
    }


def train_loaded(rows: list[dict], quick: bool = False, progress=None):
    _check(rows)
    t0 = time.perf_counter()
    cues = {"loaded": loaded_terms()}
    model, info, (Y, P) = train_multilabel(rows, ("loaded",), cues, quick=quick, progress=progress)
    cv = binary_metrics(Y[:, 0], (P[:, 0] >= model.thresholds_[0]).astype(int))
    info["cv"]["metrics"] = cv
    card = {"task": "loaded", "training_unit": "sentence", "n_examples": len(rows), **info,
            "threshold": float(model.thresholds_[0]), "train_seconds": round(time.perf_counter() - t0, 1)}
    return model, card


def evaluate_loaded(model, rows: list[dict]) -> dict:
    _check(rows)
    _, Y = label_matrix(rows, ("loaded",))
    pred = (model.predict_proba([r["text"] for r in rows])[:, 0] >= model.thresholds_[0]).astype(int)
    return {"task": "loaded", **binary_metrics(Y[:, 0], pred)}
