"""Agreement of two codings of the same texts, task by task (``parallax agree``).

Inputs are rows in the contract's training formats.  Rows are paired by ``id`` when
both have one, else by identical ``text``; rows found in only one coding are counted
and left out.

- ``framing`` / ``loaded`` (label sets): every text x label is a nominal unit,
  present or absent.  ``per_label`` reports each label; ``overall`` pools all
  text x label units; ``macro`` averages the per-label values.
- ``offtopic`` / ``attribution`` (spans): spans of A and B are matched one to one,
  largest overlap first (off-topic: overlap at least half of each span, the
  contract's rule; attribution cues: any overlap, as ``parallax evaluate`` does).
  A matched pair is one unit (A's category, B's category); an unmatched span is a
  unit coded "none" by the other coder.  Categories are the off-topic ``kind`` or
  the attribution ``source_type`` (``off_topic`` / ``attribution`` when a coding
  gives none).  ``presence`` collapses the categories to present/none;
  ``characters`` is Krippendorff's alpha over the text continuum (every character
  is a unit coded with the category of the span covering it, or "none"), which,
  unlike the span units, also counts the text both coders left uncoded.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.coding.agreement import N_BOOT, Units, binarised, collapsed, measures
from analysis.offtopic.metrics import half_each, match_spans

AGREEMENT_SCHEMA = "parallax.agreement/1"
LABEL_TASKS = ("framing", "loaded")
SPAN_TASKS = ("offtopic", "attribution")
NONE = "none"
SNIPPET = 160
RULES = {
    "offtopic": "spans match when their overlap is at least half of each span; one to one, largest overlap first",
    "attribution": "attribution cues match when they overlap; one to one, largest overlap first",
}


class AgreementError(ValueError):
    """The two codings cannot be compared (no shared texts, same id with different text)."""


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def pair_rows(
    rows_a: Sequence[dict], rows_b: Sequence[dict]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict], str]:
    """``(pairs, only_in_a, only_in_b, matched_by)``; ids first, then identical texts."""
    by_id: dict[str, int] = {}
    by_text: dict[str, list[int]] = {}
    for j, r in enumerate(rows_b):
        if r.get("id") not in (None, ""):
            by_id.setdefault(str(r["id"]), j)
        by_text.setdefault(r["text"], []).append(j)
    used: set[int] = set()
    pairs, only_a = [], []
    n_id = n_text = 0
    for r in rows_a:
        j = by_id.get(str(r["id"])) if r.get("id") not in (None, "") else None
        if j is not None and j not in used:
            if rows_b[j]["text"] != r["text"]:
                raise AgreementError(f"row id {r['id']!r} has a different text in the two codings")
            n_id += 1
        else:
            j = next((k for k in by_text.get(r["text"], []) if k not in used), None)
            if j is not None:
                n_text += 1
        if j is None:
            only_a.append(r)
            continue
        used.add(j)
        pairs.append((r, rows_b[j]))
    only_b = [r for j, r in enumerate(rows_b) if j not in used]
    how = "id" if n_id and not n_text else "text" if n_text and not n_id else "id, else text"
    return pairs, only_a, only_b, how


def _snippet(text: str, start: int | None = None, end: int | None = None) -> str:
    if start is None:
        return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
    return text[start:end]


def _labels(row: dict) -> set[str]:
    labs = row.get("labels") or []
    if isinstance(labs, str):
        labs = [x for x in labs.split(";") if x.strip()]
    return {str(x).strip() for x in labs if str(x).strip()}


# --- label sets ----------------------------------------------------------------------


def agree_labels(pairs: list[tuple[dict, dict]], n_boot: int, seed: int, labels: Sequence[str] | None = None) -> dict:
    sets = [(_labels(a), _labels(b)) for a, b in pairs]
    names = list(labels) if labels else sorted({x for la, lb in sets for x in la | lb})
    k = len(pairs)
    per: dict[str, dict] = {}
    tables = []
    for lab in names:
        t = np.zeros((k, 2, 2))
        for i, (la, lb) in enumerate(sets):
            t[i, 0 if lab in la else 1, 0 if lab in lb else 1] = 1
        u = Units((True, False), t)
        tables.append(t)
        m = measures(u, n_boot, seed)
        m["positives_a"] = int(sum(lab in la for la, _ in sets))
        m["positives_b"] = int(sum(lab in lb for _, lb in sets))
        per[lab] = m
    overall = (
        measures(Units((True, False), sum(tables)), n_boot, seed)
        if tables
        else measures(Units((True, False), np.zeros((k, 2, 2))), 0, seed)
    )
    macro = {}
    for name in ("percent_agreement", "cohen_kappa", "krippendorff_alpha"):
        vals = [m[name]["value"] for m in per.values() if m[name]["value"] is not None]
        macro[name] = round(float(np.mean(vals)), 4) if vals else None
    disagreements = []
    for (a, b), (la, lb) in zip(pairs, sets):
        if la != lb:
            disagreements.append(
                {"id": a.get("id") or b.get("id"), "start": None, "end": None, "text": _snippet(a["text"]),
                 "a": sorted(la), "b": sorted(lb), "labels": sorted(la ^ lb)}
            )  # fmt: skip
    return {
        "unit": "text x label (present / absent)",
        "overall": overall,
        "macro": macro,
        "per_label": per,
        "disagreements": disagreements,
    }


# --- spans ---------------------------------------------------------------------------------


def _spans(task: str, row: dict) -> list[tuple[int, int, str]]:
    key = "off_topic" if task == "offtopic" else "attributions"
    out = []
    for s in row.get(key) or []:
        start, end = int(s["start"]), int(s["end"])
        cat = s.get("kind") if task == "offtopic" else s.get("source_type")
        out.append((start, end, str(cat) if cat else ("off_topic" if task == "offtopic" else "attribution")))
    return sorted(out)


def _char_table(
    n_chars: int, a: list[tuple[int, int, str]], b: list[tuple[int, int, str]], index: dict[str, int]
) -> np.ndarray:
    """Characters of one text by (A's category, B's category); a character under two
    spans of one coder takes the first span's category."""
    t = np.zeros((len(index), len(index)))
    cuts = sorted({0, n_chars, *[x for s, e, _ in a + b for x in (max(0, min(s, n_chars)), max(0, min(e, n_chars)))]})

    def cat_at(spans, pos):
        for s, e, c in spans:
            if s <= pos < e:
                return c
        return NONE

    for lo, hi in zip(cuts, cuts[1:]):
        if hi > lo:
            t[index[cat_at(a, lo)], index[cat_at(b, lo)]] += hi - lo
    return t


def agree_spans(task: str, pairs: list[tuple[dict, dict]], n_boot: int, seed: int) -> dict:
    rule = half_each if task == "offtopic" else _overlap
    unit_pairs: list[tuple[int, str, str]] = []
    disagreements = []
    per_text = []
    for i, (ra, rb) in enumerate(pairs):
        sa, sb = _spans(task, ra), _spans(task, rb)
        per_text.append((len(ra["text"]), sa, sb))
        m = match_spans([(s, e) for s, e, _ in sa], [(s, e) for s, e, _ in sb], rule=rule)
        got_a, got_b = {x for x, _ in m}, {y for _, y in m}
        units = [(sa[x], sb[y]) for x, y in m]
        units += [(sa[x], None) for x in range(len(sa)) if x not in got_a]
        units += [(None, sb[y]) for y in range(len(sb)) if y not in got_b]
        units.sort(key=lambda u: (u[0] or u[1])[0])
        for ua, ub in units:
            ca, cb = (ua[2] if ua else NONE), (ub[2] if ub else NONE)
            unit_pairs.append((i, ca, cb))
            if ca != cb or (ua and ub and (ua[0], ua[1]) != (ub[0], ub[1])):
                s = min(x[0] for x in (ua, ub) if x)
                e = max(x[1] for x in (ua, ub) if x)
                disagreements.append(
                    {"id": ra.get("id") or rb.get("id"), "start": s, "end": e, "text": _snippet(ra["text"], s, e),
                     "a": [ca] if ua is None else [f"{ca} [{ua[0]}, {ua[1]})"],
                     "b": [cb] if ub is None else [f"{cb} [{ub[0]}, {ub[1]})"],
                     "labels": sorted({ca, cb} - {NONE}) if ca != cb else [ca],
                     "kind": "category" if ua and ub and ca != cb else "boundary" if ua and ub else "unmatched"}
                )  # fmt: skip
    cats = sorted({c for _, a, b in unit_pairs for c in (a, b)} - {NONE})
    all_cats = [*cats, NONE]
    k = len(pairs)
    tables = np.zeros((k, len(all_cats), len(all_cats)))
    index = {c: j for j, c in enumerate(all_cats)}
    for cl, a, b in unit_pairs:
        tables[cl, index[a], index[b]] += 1
    units = Units(tuple(all_cats), tables)
    chars = Units(
        tuple(all_cats),
        np.stack([_char_table(n, sa, sb, index) for n, sa, sb in per_text])
        if k
        else np.zeros((0, len(all_cats), len(all_cats))),
    )
    per_label = {}
    for c in cats:
        m = measures(binarised(units, c), n_boot, seed)
        m["positives_a"] = int(sum(1 for _, a, _ in unit_pairs if a == c))
        m["positives_b"] = int(sum(1 for _, _, b in unit_pairs if b == c))
        per_label[c] = m
    presence = collapsed(units, NONE)
    out = {
        "unit": "matched span pair, or an unmatched span against 'none'",
        "matching_rule": RULES[task],
        "overall": measures(units, n_boot, seed),
        "presence": measures(presence, n_boot, seed),
        "characters": measures(chars, n_boot, seed),
        "per_label": per_label,
        "spans": {"a": sum(len(sa) for _, sa, _ in per_text), "b": sum(len(sb) for _, _, sb in per_text),
                  "matched": sum(1 for _, a, b in unit_pairs if a != NONE and b != NONE)},
        "disagreements": disagreements,
    }  # fmt: skip
    out["notes"] = [
        "span units have no unit that both coders left empty, so kappa on them is conservative; "
        "'characters' also counts the text both left uncoded",
    ]
    return out


def agree(
    task: str,
    rows_a: Sequence[dict],
    rows_b: Sequence[dict],
    coder_a: str = "A",
    coder_b: str = "B",
    n_boot: int = N_BOOT,
    seed: int = 0,
    labels: Sequence[str] | None = None,
) -> dict:
    """The agreement report of one task (``parallax.agreement/1``)."""
    if task not in LABEL_TASKS + SPAN_TASKS:
        raise AgreementError(f"unknown task {task!r}")
    pairs, only_a, only_b, how = pair_rows(rows_a, rows_b)
    if not pairs:
        raise AgreementError("the two codings share no text (rows are paired by id, else by identical text)")
    body = agree_labels(pairs, n_boot, seed, labels) if task in LABEL_TASKS else agree_spans(task, pairs, n_boot, seed)
    return {
        "schema": AGREEMENT_SCHEMA,
        "task": task,
        "coder_a": coder_a,
        "coder_b": coder_b,
        "n": len(pairs),
        "paired_by": how,
        "unmatched_rows": {"a": len(only_a), "b": len(only_b)},
        "bootstrap": {"replicates": n_boot, "seed": seed, "resampled": "texts", "interval": "percentile, 95%"},
        **body,
    }
