"""Train and evaluate the attribution model.

Examples are whole passages/articles with gold attributions (contract format, or
this project's markup folders converted by ``make data``).  Candidates from the cue
lexicon are labelled by overlap with gold cues; folds are grouped by article.
Metrics: cue P/R/F1 (a predicted cue matches a gold cue when they overlap, one to
one), type accuracy over matched cues, typed F1 (matched and right type), and
source-span accuracy (overlap at least half of each with the gold source span).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from sklearn.model_selection import GroupKFold

from analysis.attribution.component import article_attributions
from analysis.attribution.extractor import (
    ALLOWED_TYPES,
    AttributionModel,
    build_contexts,
    candidate_features,
)
from analysis.model import SOURCE_TYPES
from analysis.offtopic.metrics import half_each, match_spans, prf
from analysis.segment import split_sentences, structure
from analysis.training.data import DataError, group_of

__all__ = ["ALLOWED_TYPES", "train_attribution", "evaluate_attribution"]
GRID_C = (0.5, 2.0, 8.0)


def _lang(row: dict) -> str:
    if row.get("lang"):
        return row["lang"]
    dev = sum(1 for ch in row["text"][:3000] if "\u0900" <= ch <= "\u097f")
    return "hi" if dev > 50 else "en"


def _sentences(text: str) -> tuple[list[tuple[int, int, int]], dict[int, int]]:
    out, para = [], {}
    for bi, b in enumerate(structure(text)):
        for s, e in split_sentences(text, b.start, b.end):
            para[len(out)] = bi
            out.append((len(out), s, e))
    return out, para


def validate(rows: list[dict]) -> list[dict]:
    docs = []
    for i, r in enumerate(rows):
        atts = r.get("attributions") or []
        if not isinstance(atts, list):
            raise DataError(f"example {i + 1}: 'attributions' must be a list")
        for a in atts:
            if not isinstance(a, dict) or not (0 <= int(a.get("start", -1)) < int(a.get("end", -1)) <= len(r["text"])):
                raise DataError(f"example {i + 1}: attribution {a!r} is outside the text")
            st = a.get("source_type")
            if st is not None and st not in SOURCE_TYPES:
                raise DataError(f"example {i + 1}: unknown source_type {st!r}")
        docs.append({**r, "lang": _lang(r), "attributions": atts})
    return docs


def _labelled(doc: dict):
    text = doc["text"]
    sents, _para = _sentences(text)
    ctxs = build_contexts(text, sents, doc["lang"])
    gold = doc["attributions"]
    pairs = match_spans([(c.cand.start, c.cand.end) for c in ctxs], [(g["start"], g["end"]) for g in gold], rule=lambda a, b: a[0] < b[1] and b[0] < a[1])
    lab = ["none"] * len(ctxs)
    sub: list[str | None] = [None] * len(ctxs)
    for i, j in pairs:
        lab[i] = gold[j].get("source_type") or "government"
        sub[i] = gold[j].get("source_subtype")
    return ctxs, lab, sub


def _fit(docs: list[dict], C: float) -> AttributionModel:
    X, y, sub = [], [], []
    for d in docs:
        ctxs, lab, st = _labelled(d)
        X += [candidate_features(c) for c in ctxs]
        y += lab
        sub += st
    if len(set(y)) < 2:
        raise DataError("the data needs at least one attribution and one non-attribution cue candidate")
    return AttributionModel(C=C).fit(X, y, sub)


def predict_doc(model: AttributionModel, doc: dict):
    sents, para = _sentences(doc["text"])
    return article_attributions(model, doc["text"], doc["lang"], sents, para)


def score(pairs: list[tuple[list, list, str]]) -> dict:
    """``pairs`` = [(predicted Attribution list, gold dicts, lang)]."""
    tp = n_pred = n_gold = type_ok = src_ok = src_n = 0
    for pred, gold, _lang in pairs:
        m = match_spans([(a.start, a.end) for a in pred], [(g["start"], g["end"]) for g in gold], rule=lambda a, b: a[0] < b[1] and b[0] < a[1])
        tp += len(m)
        n_pred += len(pred)
        n_gold += len(gold)
        for i, j in m:
            g, a = gold[j], pred[i]
            if g.get("source_type") and a.source_type == g["source_type"]:
                type_ok += 1
            if g.get("source_start") is not None:
                src_n += 1
                if a.source_start is not None and half_each((a.source_start, a.source_end), (g["source_start"], g["source_end"])):
                    src_ok += 1
    p, r, f = prf(tp, n_pred, n_gold)
    tp_, tr_, tf_ = prf(type_ok, n_pred, n_gold)
    return {
        "n": len(pairs),
        "precision": p,
        "recall": r,
        "f1": f,
        "cue_f1": f,
        "cues_predicted": n_pred,
        "cues_gold": n_gold,
        "type_accuracy": round(type_ok / tp, 4) if tp else 0.0,
        "typed_precision": tp_,
        "typed_recall": tr_,
        "typed_f1": tf_,
        "source_span_accuracy": round(src_ok / src_n, 4) if src_n else 0.0,
    }


def _summary(pairs) -> dict:
    out = {"all": score(pairs)}
    for lang in sorted({x[2] for x in pairs}):
        out[lang] = score([x for x in pairs if x[2] == lang])
    return out


def train_attribution(rows: list[dict], quick: bool = False, progress: Callable | None = None):
    docs = validate(rows)
    t0 = time.perf_counter()
    groups = np.array([f"{d['lang']}:{group_of(d, i) if not d.get('id') else d['id']}" for i, d in enumerate(docs)])
    folds = max(2, min(2 if quick else 5, len(set(groups))))
    grid = (2.0,) if quick else GRID_C
    scored = []
    for gi, C in enumerate(grid):
        pairs = []
        for tr, te in GroupKFold(n_splits=folds).split(docs, groups=groups):
            model = _fit([docs[i] for i in tr], C)
            pairs += [(predict_doc(model, docs[i]), docs[i]["attributions"], docs[i]["lang"]) for i in te]
        summary = _summary(pairs)
        scored.append((summary["all"]["typed_f1"], -gi, C, summary))
        if progress:
            progress((gi + 1) / (len(grid) + 1), f"cross-validated C={C}")
    scored.sort(reverse=True)
    _, _, C, summary = scored[0]
    model = _fit(docs, C)
    card = {
        "task": "attribution",
        "training_unit": "cue candidate in an article (features of the cue, its context and its source mention)",
        "n_examples": len(docs),
        "n_by_language": {lang: sum(1 for d in docs if d["lang"] == lang) for lang in sorted({d["lang"] for d in docs})},
        "params": {"C": C},
        "cv": {"folds": folds, "grouped_by": "article", "metrics": summary, "grid": [{"C": c, "typed_f1": f} for f, _, c, _ in scored]},
        "train_seconds": round(time.perf_counter() - t0, 1),
    }
    return model, card


def evaluate_attribution(model, rows: list[dict]) -> dict:
    docs = validate(rows)
    pairs = [(predict_doc(model, d), d["attributions"], d["lang"]) for d in docs]
    s = _summary(pairs)
    return {"task": "attribution", **s["all"], "by_language": {k: v for k, v in s.items() if k != "all"}}
