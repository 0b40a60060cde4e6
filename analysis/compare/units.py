"""Passages of a story as vectors that can be compared within and across languages.

A unit is an on-topic sentence.  Two kinds of evidence describe it:

* **lexical** — IDF-weighted stems of its content words (same language only);
* **anchors** — what survives translation: canonical entities, concepts from the
  bilingual concept lexicon, figures (what they count and their value), dates, and
  the sources cited (canonical source and source type).

Anchor weights are IDF over the story's units, so "Russia" in every sentence counts
little and "15,000 troops" counts a lot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import regex
import scipy.sparse as sp

from analysis.model import Analysis
from analysis.offtopic.features import content_stems
from analysis.resources import load_json, resource_path
from analysis.textutil import fold

UNIT_KINDS = ("headline", "paragraph", "crosshead")


@dataclass
class Unit:
    article: int
    start: int
    end: int
    sentence: int
    lang: str
    stems: list[str]
    anchors: set[str] = field(default_factory=set)
    sources: list[tuple[str | None, str | None]] = field(default_factory=list)  # (source, source_type)


_WORDS = regex.compile(r"[\p{L}\p{M}\p{Nd}]+")


@lru_cache(maxsize=1)
def _concept_index() -> tuple[dict[tuple[str, ...], str], int]:
    """Every surface form of every concept (both languages) as a tuple of folded words,
    mapped to its concept; and the longest form's length in words.  Concepts come from
    the bilingual concept lexicon and the figure/event topic lexicon."""
    groups: dict[str, set[str]] = {}
    if resource_path("lexicons", "concepts.json").is_file():
        for key, forms in load_json("lexicons", "concepts.json")["concepts"].items():
            groups.setdefault(key, set()).update(forms.get("en", []) + forms.get("hi", []))
    topics = load_json("lexicons", "figure_topics.json")
    for section in ("figure_topics", "event_topics"):
        for key, forms in topics[section].items():
            groups.setdefault(key, set()).update(forms)
    index: dict[tuple[str, ...], str] = {}
    for key in sorted(groups):
        for f in groups[key]:
            words = tuple(_WORDS.findall(fold(f).folded))
            if words:
                index.setdefault(words, key)
    return index, max((len(k) for k in index), default=1)


def concepts_in(folded: str) -> set[str]:
    """Concepts whose forms occur in ``folded`` as whole words (longest form first)."""
    index, longest = _concept_index()
    words = _WORDS.findall(folded)
    out: set[str] = set()
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            key = index.get(tuple(words[i : i + n]))
            if key is not None:
                out.add(key)
                i += n
                break
        else:
            i += 1
    return out


def _value_key(v: float) -> str:
    """Figures within about ±5% share a key (log-scale buckets)."""
    if v <= 0:
        return "0"
    return str(round(math.log10(v) * 20))


def story_units(analyses: list[Analysis]) -> list[Unit]:
    units: list[Unit] = []
    for ai, a in enumerate(analyses):
        text = a.text
        ft = fold(text)
        seg_ok = {i for i, s in enumerate(a.segments) if not s.off_topic and s.kind in UNIT_KINDS}
        ents = sorted(a.entities, key=lambda e: e.start)
        atts = a.scores.attributions
        for si, s in enumerate(a.sentences):
            if s.segment not in seg_ok:
                continue
            folded = ft.folded[ft.from_original(s.start) : ft.from_original(s.end)]
            u = Unit(ai, s.start, s.end, si, a.language.language, content_stems(folded))
            u.anchors |= {f"ent:{e.canonical}" for e in ents if s.start <= e.start < s.end}
            u.anchors |= {f"con:{c}" for c in concepts_in(folded)}
            for f in a.scores.figures:
                if s.start <= f.start < s.end:
                    u.anchors.add(f"num:{_value_key(f.value)}")
                    if f.about:
                        u.anchors.add(f"fig:{f.about}")
            for d in a.dates:
                if s.start <= d.start < s.end:
                    u.anchors.add(f"date:{d.value}")
                    if len(d.value) >= 7 and not d.value.startswith("-"):
                        u.anchors.add(f"date:{d.value[:7]}")
            for at in atts:
                if at.sentence == si:
                    u.sources.append((at.canonical_source or at.source, at.source_type))
                    if at.canonical_source:
                        u.anchors.add(f"src:{at.canonical_source}")
                    u.anchors.add(f"stype:{at.source_type}")
            units.append(u)
    return units


def idf_weights(docs) -> dict[str, float]:
    """Smoothed IDF of every key over ``docs`` (iterables of keys)."""
    n = len(docs)
    df: dict[str, int] = {}
    for d in docs:
        for k in d:
            df[k] = df.get(k, 0) + 1
    return {k: math.log((1 + n) / (1 + c)) + 1.0 for k, c in df.items()}


def unit_rows(rows: list[dict[str, float]], vocab: dict[str, int]) -> sp.csr_matrix:
    """Rows of weights as an L2-normalised sparse matrix over ``vocab``."""
    data, ind, ptr = [], [], [0]
    for r in rows:
        norm = math.sqrt(sum(v * v for v in r.values())) or 1.0
        for k, v in r.items():
            ind.append(vocab[k])
            data.append(v / norm)
        ptr.append(len(ind))
    return sp.csr_matrix((np.array(data), np.array(ind, dtype=np.int64), np.array(ptr, dtype=np.int64)), shape=(len(rows), max(1, len(vocab))))


def similarity(units: list[Unit]) -> np.ndarray:
    """Unit x unit similarity: lexical cosine within a language blended with anchor cosine;
    anchors alone across languages."""
    if not units:
        return np.zeros((0, 0))
    anchor_sets = [u.anchors for u in units]
    a_idf = idf_weights(anchor_sets)
    a_vocab = {k: i for i, k in enumerate(sorted(a_idf))}
    A = unit_rows([{k: a_idf[k] for k in s} for s in anchor_sets], a_vocab)
    stem_sets = [set(u.stems) for u in units]
    s_idf = idf_weights(stem_sets)
    s_vocab = {k: i for i, k in enumerate(sorted(s_idf))}
    rows = []
    for u in units:
        counts: dict[str, float] = {}
        for st in u.stems:
            counts[st] = counts.get(st, 0.0) + 1.0
        rows.append({k: (1 + math.log(v)) * s_idf[k] for k, v in counts.items()})
    L = unit_rows(rows, s_vocab)
    SA = (A @ A.T).toarray()
    SL = (L @ L.T).toarray()
    langs = np.array([u.lang for u in units])
    same = langs[:, None] == langs[None, :]
    return np.where(same, 0.55 * SL + 0.45 * SA, SA * 0.9)
