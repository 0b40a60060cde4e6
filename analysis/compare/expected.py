"""Scoring an alignment against a hand-made expectation (resources/samples/expected_alignment.json)."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.model import Comparison


def load_expected(path: Path, texts: dict[str, str]) -> list[tuple[str, tuple[int, int], str, tuple[int, int]]]:
    """Expected pairs as (file a, span a, file b, span b); every quoted sentence must be
    found verbatim in its file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for p in data["pairs"]:
        ta, tb = texts[p["a"]], texts[p["b"]]
        ia, ib = ta.index(p["a_text"]), tb.index(p["b_text"])
        out.append((p["a"], (ia, ia + len(p["a_text"])), p["b"], (ib, ib + len(p["b_text"]))))
    return out


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def score_alignment(comp: Comparison, names: list[str], expected) -> dict:
    """Precision: share of predicted alignments between two annotated files that match an
    expected pair (overlapping spans on both sides); recall: share of expected pairs found."""
    pred = []
    for al in comp.alignments:
        pred.append((names[al.a], (al.a_start, al.a_end), names[al.b], (al.b_start, al.b_end)))
    covered_pairs = {(a, b) for a, _, b, _ in expected} | {(b, a) for a, _, b, _ in expected}

    def match(p, e):
        if p[0] == e[0] and p[2] == e[2]:
            return _overlap(p[1], e[1]) and _overlap(p[3], e[3])
        if p[0] == e[2] and p[2] == e[0]:
            return _overlap(p[1], e[3]) and _overlap(p[3], e[1])
        return False

    judged = [p for p in pred if (p[0], p[2]) in covered_pairs]
    tp_pred = sum(1 for p in judged if any(match(p, e) for e in expected))
    found = sum(1 for e in expected if any(match(p, e) for p in pred))
    return {
        "predicted": len(pred),
        "judged": len(judged),
        "precision": round(tp_pred / len(judged), 4) if judged else 0.0,
        "recall": round(found / len(expected), 4) if expected else 0.0,
        "expected": len(expected),
    }
