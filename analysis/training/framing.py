"""Train and evaluate frame models on any label set (``parallax train framing``).

When the labels are the frame ids of a shipped codebook, that codebook's cue terms
become features; otherwise the model learns from the text alone.  The model card
records the codebook and the training unit (passages or whole articles)."""

from __future__ import annotations

import statistics
import time

from analysis.framing.codebook import load_codebook
from analysis.resources import resource_path
from analysis.training.multilabel import evaluate_multilabel, train_multilabel

ALLOWED_TYPES = (
    "analysis.framing.scorer.FramingScorer",
    "analysis.framing.scorer.CueCounter",
    "analysis.framing.scorer.CompactTfidfVectorizer",
    "analysis.framing.scorer.normalise",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "builtins.bytes",
    "builtins.slice",
)
ARTICLE_UNIT_CHARS = 1500


def known_codebook(labels) -> tuple[str | None, dict | None]:
    for path in sorted(resource_path("codebooks").glob("*.json")):
        cb = load_codebook(path)
        if set(labels) <= set(cb.frame_ids):
            cues = {f.id: list(f.cues_en) + list(f.cues_hi) for f in cb.frames}
            return cb.id, cues
    return None, None


def train_framing(rows: list[dict], quick: bool = False, progress=None):
    t0 = time.perf_counter()
    labels = sorted({lab for r in rows for lab in (r.get("labels") or [])})
    codebook, cues = known_codebook(labels)
    if codebook:
        cb = load_codebook(resource_path("codebooks", f"{codebook}.json"))
        labels = [f for f in cb.frame_ids if f in labels]
    unit = "article" if statistics.median(len(r["text"]) for r in rows) > ARTICLE_UNIT_CHARS else "passage"
    model, info, _ = train_multilabel(rows, tuple(labels), cues, quick=quick, progress=progress)
    card = {
        "task": "framing",
        "codebook": codebook or "custom",
        "training_unit": unit,
        "n_examples": len(rows),
        "n_by_language": _by_lang(rows),
        **info,
        "thresholds": dict(zip(model.labels, map(float, model.thresholds_))),
        "train_seconds": round(time.perf_counter() - t0, 1),
    }
    return model, card


def _by_lang(rows):
    out = {}
    for r in rows:
        out[r.get("lang", "?")] = out.get(r.get("lang", "?"), 0) + 1
    return dict(sorted(out.items()))


def evaluate_framing(model, rows: list[dict]) -> dict:
    return {"task": "framing", **evaluate_multilabel(model, rows)}
