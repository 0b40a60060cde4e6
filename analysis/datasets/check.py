"""Check the files writers add under ``resources/``: ``python -m analysis.datasets.check KIND PATH``.

KIND is one of ``articles``, ``attribution``, ``framing``, ``loaded``, ``gazetteer``,
``codebook``, ``offtopic_eval``.  Prints the problems (exit 1) or a short summary (exit 0).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from analysis.datasets import articles, markup

PFC_IDS = (
    "economic",
    "capacity_resources",
    "morality",
    "fairness_equality",
    "legality",
    "policy",
    "crime",
    "security_defense",
    "health_safety",
    "quality_of_life",
    "cultural_identity",
    "public_opinion",
    "political",
    "external_regulation",
    "other",
)
SV_IDS = ("conflict", "human_interest", "economic_consequences", "morality", "responsibility")
GAZ_TYPES = (
    "person",
    "news_agency",
    "broadcaster",
    "newspaper",
    "government_body",
    "intergovernmental",
    "organisation",
    "party",
    "place",
)


def _jsonl(path: Path) -> tuple[list[dict], list[str]]:
    rows, problems = [], []
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    for f in files:
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{f}:{i}: not JSON ({exc.msg})")
                continue
            row["_where"] = f"{f}:{i}"
            rows.append(row)
    return rows, problems


def check_framing(path: Path) -> tuple[list[str], str]:
    rows, problems = _jsonl(path)
    ids = Counter()
    pfc, sv = Counter(), Counter()
    for r in rows:
        w = r["_where"]
        for key in ("id", "lang", "topic", "text"):
            if not isinstance(r.get(key), str) or not r.get(key):
                problems.append(f"{w}: missing {key}")
        ids[r.get("id")] += 1
        if r.get("lang") not in ("hi", "en"):
            problems.append(f"{w}: lang must be hi or en")
        for key, allowed, counter in (("pfc", PFC_IDS, pfc), ("sv", SV_IDS, sv)):
            labels = r.get(key)
            if not isinstance(labels, list):
                problems.append(f"{w}: {key} must be a list")
                continue
            for lab in labels:
                if lab not in allowed:
                    problems.append(f"{w}: unknown {key} label {lab!r}")
                counter[(r.get("lang"), lab)] += 1
        if not r.get("pfc"):
            problems.append(f"{w}: pfc needs at least one label (use 'other')")
    problems += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
    summ = (
        f"rows {len(rows)}; pfc per (lang,label) {dict(sorted(pfc.items()))}; "
        f"sv per (lang,label) {dict(sorted(sv.items()))}"
    )
    return problems, summ


def check_loaded(path: Path) -> tuple[list[str], str]:
    rows, problems = _jsonl(path)
    counts = Counter()
    ids = Counter()
    for r in rows:
        w = r["_where"]
        for key in ("id", "lang", "topic", "text"):
            if not isinstance(r.get(key), str) or not r.get(key):
                problems.append(f"{w}: missing {key}")
        ids[r.get("id")] += 1
        labels = r.get("labels")
        if labels not in (["loaded"], []):
            problems.append(f"{w}: labels must be [\"loaded\"] or []")
            continue
        for term in r.get("terms", []):
            if term not in r.get("text", ""):
                problems.append(f"{w}: term {term!r} not in text")
        if labels and not r.get("terms"):
            problems.append(f"{w}: a loaded sentence lists its loaded terms")
        counts[(r.get("lang"), "loaded" if labels else "neutral")] += 1
    problems += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
    return problems, f"rows {len(rows)}; {dict(sorted(counts.items()))}"


def check_gazetteer(path: Path) -> tuple[list[str], str]:
    rows, problems = _jsonl(path)
    ids = Counter()
    types = Counter()
    for r in rows:
        w = r["_where"]
        ids[r.get("id")] += 1
        if r.get("type") not in GAZ_TYPES:
            problems.append(f"{w}: type must be one of {GAZ_TYPES}")
        types[r.get("type")] += 1
        if not r.get("canonical"):
            problems.append(f"{w}: missing canonical")
        if not r.get("en") or not r.get("hi"):
            problems.append(f"{w}: needs en and hi surface forms")
        for name in r.get("hi", []):
            if not any("\u0900" <= ch <= "\u097f" for ch in name):
                problems.append(f"{w}: hi form {name!r} has no Devanagari")
        st = r.get("source_type")
        if st is not None and st not in markup.SOURCE_TYPES:
            problems.append(f"{w}: unknown source_type {st!r}")
        sub = r.get("source_subtype")
        if sub is not None and sub not in markup.SUBTYPES:
            problems.append(f"{w}: unknown source_subtype {sub!r}")
        if r.get("type") in ("news_agency", "broadcaster", "newspaper"):
            if not isinstance(r.get("state_controlled"), bool):
                problems.append(f"{w}: media entries say state_controlled true/false")
        if not r.get("provenance"):
            problems.append(f"{w}: missing provenance")
    problems += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
    return problems, f"entries {len(rows)}; by type {dict(types)}"


def check_codebook(path: Path) -> tuple[list[str], str]:
    from analysis.framing.codebook import CodebookError, load_codebook

    try:
        cb = load_codebook(path)
    except CodebookError as exc:
        return [str(exc)], ""
    return [], f"codebook {cb.id}: {len(cb.frames)} frames"


def check_concepts(path: Path) -> tuple[list[str], str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{path}: not readable JSON ({exc})"], ""
    problems = []
    concepts = data.get("concepts")
    if not isinstance(concepts, dict):
        return [f"{path}: needs a 'concepts' object"], ""
    if not data.get("provenance"):
        problems.append("missing provenance")
    seen: dict[str, str] = {}
    for key, forms in concepts.items():
        if not isinstance(forms, dict) or not forms.get("en") or not forms.get("hi"):
            problems.append(f"{key}: needs non-empty 'en' and 'hi' lists")
            continue
        for f in forms["hi"]:
            if not any("\u0900" <= ch <= "\u097f" for ch in f):
                problems.append(f"{key}: hi form {f!r} has no Devanagari")
        for lang in ("en", "hi"):
            for f in forms[lang]:
                k = f.strip().lower()
                if k in seen and seen[k] != key:
                    problems.append(f"{key}: form {f!r} also in {seen[k]}")
                seen[k] = key
    n_forms = sum(len(v.get("en", [])) + len(v.get("hi", [])) for v in concepts.values() if isinstance(v, dict))
    return problems, f"concepts {len(concepts)}, surface forms {n_forms}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__)
        return 2
    kind, path = argv[0], Path(argv[1])
    if kind == "articles":
        problems, summ = articles.check_articles(path), ""
        if not problems:
            summ = articles.summary(path)
    elif kind == "attribution":
        problems, summ = markup.check_passages(path), ""
        if not problems:
            summ = markup.passage_summary(path)
    elif kind == "offtopic_eval":
        from analysis.datasets.offtopic_markup import OffTopicMarkupError, load_marked_articles

        try:
            docs = load_marked_articles(path)
            problems = []
            n_ins = sum(len(d["off_topic"]) for d in docs)
            clean = sum(1 for d in docs if not d["off_topic"])
            summ = f"articles {len(docs)}, clean {clean}, inserts {n_ins}"
        except OffTopicMarkupError as exc:
            problems, summ = [str(exc)], ""
    elif kind == "concepts":
        problems, summ = check_concepts(path)
    elif kind in ("framing", "loaded", "gazetteer", "codebook"):
        problems, summ = globals()[f"check_{kind}"](path)
    else:
        print(f"unknown kind {kind}")
        return 2
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print(summ)
    return 0


if __name__ == "__main__":
    sys.exit(main())
