"""Shared training for the text classifiers (frames of any codebook, loaded language).

Cross-validation is grouped by topic.  Inside ``train``: the regularisation C is
chosen from a small grid, each label gets a Platt calibration fitted on out-of-fold
scores and a threshold maximising its out-of-fold F1; the final model is then fitted
on everything with those settings.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from analysis.framing.scorer import FramingScorer
from analysis.training.data import DataError, group_of

GRID_C = (1.5, 6.0)


def label_matrix(rows: list[dict], labels: tuple[str, ...] | None = None):
    seen: list[str] = []
    for i, r in enumerate(rows):
        labs = r.get("labels")
        if labs is None:
            raise DataError(f"example {i + 1} has no 'labels'")
        if not isinstance(labs, list) or not all(isinstance(x, str) for x in labs):
            raise DataError(f"example {i + 1}: 'labels' must be a list of strings")
        for lab in labs:
            if lab not in seen:
                seen.append(lab)
    labels = tuple(labels) if labels else tuple(sorted(seen))
    Y = np.array([[1 if lab in r["labels"] else 0 for lab in labels] for r in rows], dtype=int)
    return labels, Y


def _groups(rows: list[dict]) -> np.ndarray:
    return np.array([f"{r.get('lang', '')}:{group_of(r, i)}" for i, r in enumerate(rows)])


def oof_scores(texts, Y, groups, params: dict, folds: int, grid) -> dict[float, np.ndarray]:
    """Out-of-fold decision values for every C in ``grid`` (one vectorisation per fold)."""
    out = {C: np.zeros(Y.shape, dtype=float) for C in grid}
    for tr, te in GroupKFold(n_splits=folds).split(texts, groups=groups):
        m = FramingScorer(**params)
        X = m.fit_features([texts[i] for i in tr])
        Xte = m._matrix([texts[i] for i in te])
        for C in grid:
            m.C = C
            m.fit_models(X, Y[tr])
            for j, mod in enumerate(m.models_):
                out[C][te, j] = (20.0 if mod >= 0.5 else -20.0) if isinstance(mod, float) else mod.decision_function(Xte)
    return out


def fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    if y.min() == y.max():
        return 1.0, 0.0
    lr = LogisticRegression(C=100.0).fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    best, best_f = 0.5, -1.0
    for t in np.arange(0.1, 0.91, 0.025):
        pred = p >= t
        tp = int((pred & (y == 1)).sum())
        fp = int((pred & (y == 0)).sum())
        fn = int((~pred & (y == 1)).sum())
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best_f + 1e-9:
            best, best_f = float(round(t, 3)), f
    return best


def metrics(Y: np.ndarray, P: np.ndarray, labels) -> dict:
    per = {}
    tp_all = fp_all = fn_all = 0
    f1s = []
    for j, lab in enumerate(labels):
        y, p = Y[:, j], P[:, j]
        tp = int((p & (y == 1)).sum())
        fp = int((p & (y == 0)).sum())
        fn = int((~p & (y == 1)).sum())
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f)
        per[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f, 4), "support": int(y.sum())}
    mp = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    mr = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    mf = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    return {
        "n": int(Y.shape[0]),
        "precision": round(mp, 4),
        "recall": round(mr, 4),
        "f1": round(mf, 4),
        "micro_f1": round(mf, 4),
        "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4),
        "per_label": per,
    }


def train_multilabel(rows: list[dict], labels=None, cues=None, quick: bool = False, progress=None, extra_params=None):
    texts = [r["text"] for r in rows]
    labels, Y = label_matrix(rows, labels)
    if Y.shape[1] == 0 or Y.sum() == 0:
        raise DataError("the data has no labels to learn")
    groups = _groups(rows)
    folds = max(2, min(2 if quick else 3, len(set(groups))))
    grid = (4.0,) if quick else GRID_C
    base = {"labels": labels, "cues": cues, **(extra_params or {})}
    best = None
    oof = oof_scores(texts, Y, groups, base, folds, grid)
    for gi, C in enumerate(grid):
        z = oof[C]
        platt = np.array([fit_platt(z[:, j], Y[:, j]) for j in range(len(labels))])
        P = 1.0 / (1.0 + np.exp(-(z * platt[:, 0] + platt[:, 1])))
        thr = np.array([best_threshold(P[:, j], Y[:, j]) for j in range(len(labels))])
        m = metrics(Y, P >= thr, labels)
        key = m["micro_f1"] + m["macro_f1"]
        if best is None or key > best[0]:
            best = (key, C, platt, thr, m, P)
        if progress:
            progress((gi + 1) / (len(grid) + 1), f"cross-validated C={C}")
    _, C, platt, thr, cv_metrics, P = best
    primary = [labels.index(r["labels"][0]) if r.get("labels") and r["labels"][0] in labels else -1 for r in rows]
    model = FramingScorer(**base, C=C).fit(texts, Y, primary if len(labels) > 1 else None)
    model.platt_ = platt
    model.thresholds_ = thr
    return model, {"labels": list(labels), "params": {"C": C}, "cv": {"folds": folds, "grouped_by": "topic", "metrics": cv_metrics}}, (Y, P)


def evaluate_multilabel(model: FramingScorer, rows: list[dict]) -> dict:
    labels = tuple(model.labels)
    _, Y = label_matrix(rows, labels)
    P = model.predict_proba([r["text"] for r in rows]) >= model.thresholds_
    return metrics(Y, P, labels)
