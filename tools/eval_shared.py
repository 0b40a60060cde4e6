"""Development-time checks against ../shared/data (prints figures; skips what is absent).

    python -m tools.eval_shared offtopic|attribution|framing [--model-dir DIR] [--card]

``--card`` records the figures in the shipped model's card (resources/models/TASK/card.json)
"""

from __future__ import annotations

import argparse
import json
import random

from tools import shared_data


def offtopic(model_dir: str | None, show: int) -> dict:
    from analysis.offtopic.detector import _doc_units, _lang_of
    from analysis.offtopic.metrics import score_offtopic
    from analysis.training.cli import load_task_model

    model = load_task_model("offtopic", model_dir).model
    out = {}
    stories = shared_data.hindi_covid_stories()
    if stories:
        flagged = []
        for s in stories:
            blocks, sentences, _ = _doc_units(s["text"], s["title"])
            spans, _ = model.detect(s["text"], blocks, sentences, "hi", s["title"])
            if spans:
                flagged.append((s, spans))
        out["hindi_covid"] = {"stories": len(stories), "flagged": len(flagged), "flag_rate": round(len(flagged) / len(stories), 4)}
        rnd = random.Random(0)
        for s, spans in rnd.sample(flagged, min(show, len(flagged))):
            for sp in spans:
                print(f"[covid {s['outlet']} {s['date']}] {sp.kind} {sp.score:.2f}: {s['text'][sp.start:sp.end][:140]!r}")
    pages = shared_data.extraction_pages()
    if pages:
        pairs = []
        for p in pages:
            blocks, sentences, _ = _doc_units(p["text"], p.get("title"))
            spans, _ = model.detect(p["text"], blocks, sentences, _lang_of(p["text"]), p.get("title"))
            pairs.append(([(x.start, x.end) for x in spans], [(g["start"], g["end"]) for g in p["off_topic"]]))
        out["extraction_benchmark"] = score_offtopic(pairs)
    return out


def framing(model_dir: str | None, show: int) -> dict:
    """Train on part of narrative_framing_climate and evaluate on the rest (outlet-grouped
    folds), against a plain TF-IDF + logistic regression baseline on the same split.
    Nothing is saved: no model trained on this data is ever kept."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from analysis.training.multilabel import evaluate_multilabel, label_matrix, metrics, train_multilabel

    rows = shared_data.climate_frames()
    if not rows:
        return {}
    labels, Y = label_matrix(rows)
    groups = np.array([r["topic"] for r in rows])
    ours, base = [], []
    for tr, te in GroupKFold(n_splits=4).split(rows, groups=groups):
        train = [rows[i] for i in tr]
        test = [rows[i] for i in te]
        model, _info, _ = train_multilabel(train, labels, None)
        ours.append(evaluate_multilabel(model, test))
        vec = TfidfVectorizer()
        X = vec.fit_transform([r["text"] for r in train])
        Xt = vec.transform([r["text"] for r in test])
        P = np.zeros((len(test), len(labels)), dtype=bool)
        for j in range(len(labels)):
            if Y[tr, j].min() != Y[tr, j].max():
                P[:, j] = LogisticRegression(max_iter=2000).fit(X, Y[tr, j]).predict(Xt) == 1
        base.append(metrics(Y[te], P, labels))

    def avg(ms, key):
        return round(sum(m[key] for m in ms) / len(ms), 4)

    return {
        "n": len(rows),
        "labels": list(labels),
        "ours": {"micro_f1": avg(ours, "micro_f1"), "macro_f1": avg(ours, "macro_f1")},
        "baseline_tfidf_lr": {"micro_f1": avg(base, "micro_f1"), "macro_f1": avg(base, "macro_f1")},
    }


def attribution(model_dir: str | None, show: int) -> dict:
    """PolNeAR dev (English): cue P/R/F1 and source-span accuracy (types are not
    annotated there)."""
    from analysis.training.attribution import evaluate_attribution
    from analysis.training.cli import load_task_model

    rows = shared_data.polnear_records("dev")
    if not rows:
        return {}
    model = load_task_model("attribution", model_dir).model
    r = evaluate_attribution(model, rows)
    return {k: r[k] for k in ("n", "precision", "recall", "cue_f1", "cues_predicted", "cues_gold", "source_span_accuracy")}


def record_in_card(task: str, result: dict) -> None:
    """Write what was measured on ../shared/data beside the cross-validated figures in the
    shipped model's card (the model file and its hash are untouched)."""
    import datetime

    from analysis.resources import resource_path

    card_path = resource_path("models", task, "card.json")
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["real_data"] = {
        "measured": datetime.date.today().isoformat(),
        "model_id": card.get("id"),
        "data": "../shared/data (evaluation only, never trained on)",
        "results": result,
    }
    card_path.write_text(json.dumps(card, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=("offtopic", "framing", "attribution"))
    ap.add_argument("--model-dir")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--card", action="store_true", help="record the figures in the shipped model's card")
    a = ap.parse_args()
    result = globals()[a.task](a.model_dir, a.show)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if a.card and result and a.model_dir is None and a.task != "framing":
        record_in_card(a.task, result)


if __name__ == "__main__":
    main()
