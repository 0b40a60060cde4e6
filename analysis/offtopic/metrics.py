"""Span-level scoring for off-topic detection (the contract's matching rule).

A predicted span matches a gold span when their overlap is at least half of each;
matching is one-to-one (largest overlaps first).
"""

from __future__ import annotations


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def half_each(a: tuple[int, int], b: tuple[int, int]) -> bool:
    o = _overlap(a, b)
    return o > 0 and o * 2 >= (a[1] - a[0]) and o * 2 >= (b[1] - b[0])


def match_spans(pred: list[tuple[int, int]], gold: list[tuple[int, int]], rule=half_each) -> list[tuple[int, int]]:
    """One-to-one matched index pairs (pred_i, gold_j)."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if rule(p, g):
                cands.append((_overlap(p, g), i, j))
    cands.sort(reverse=True)
    used_p, used_g, out = set(), set(), []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def _chars(spans: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def score_offtopic(pairs: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]) -> dict:
    """``pairs`` = [(predicted spans, gold spans)] per article."""
    tp = n_pred = n_gold = 0
    ctp = cpred = cgold = 0
    clean = clean_flagged = 0
    for pred, gold in pairs:
        m = match_spans(pred, gold)
        tp += len(m)
        n_pred += len(pred)
        n_gold += len(gold)
        pc, gc = _chars(pred), _chars(gold)
        ctp += len(pc & gc)
        cpred += len(pc)
        cgold += len(gc)
        if not gold:
            clean += 1
            clean_flagged += bool(pred)
    p, r, f = prf(tp, n_pred, n_gold)
    cp, cr, cf = prf(ctp, cpred, cgold)
    return {
        "n": len(pairs),
        "precision": p,
        "recall": r,
        "f1": f,
        "spans_predicted": n_pred,
        "spans_gold": n_gold,
        "char_precision": cp,
        "char_recall": cr,
        "char_f1": cf,
        "clean_articles": clean,
        "clean_false_flag_rate": round(clean_flagged / clean, 4) if clean else 0.0,
    }
