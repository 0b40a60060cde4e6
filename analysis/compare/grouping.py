"""``group_articles``: sort a library into stories.

Each article becomes a sparse vector of (a) its most distinctive content stems
(same language) and (b) cross-language anchors: canonical entities, figures with what
they count, dates and concepts.  Candidate pairs come from sparse products on
pruned vectors (never all pairs over the sentences of the library); a pair is the
same story when its similarity passes a threshold and, across languages, when it
also shares a specific anchor (a figure, a date or a rare name).  Stories about
the same people on different events stay apart because the events' words, figures
and dates differ.  Groups are formed by average linkage inside connected components.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable

import numpy as np
import regex
import scipy.sparse as sp

from analysis.compare.units import _value_key, concepts_in
from analysis.compare.units import idf_weights as _idf
from analysis.compare.units import unit_rows as _csr
from analysis.model import Analysis
from analysis.offtopic.features import content_stems
from analysis.textutil import fold

_FULL_DATE = regex.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_YEAR_MONTH = regex.compile(r"((?:19|20)\d\d)-\d\d")
_ASCII_WORD = regex.compile(r"[a-z]+")
_NAME_FILLER = frozenset("shares share with from that this their news india indian national state government ministry".split())

TOP_STEMS = 60
SAME_LANG = 0.28  # Hindi and other languages: crude stems make unrelated articles look closer
SAME_LANG_BY = {"en": 0.2}  # English stems are sharper: a lower bar keeps differently angled coverage together
CROSS_LANG = 0.18
LINK_FLOOR = 0.18  # average similarity two clusters need to merge inside a component


def _features(a: Analysis) -> tuple[dict[str, float], set[str]]:
    text = a.text
    ft = fold(text)
    body = " ".join(ft.folded[ft.from_original(s.start) : ft.from_original(s.end)] for s in a.segments if not s.off_topic)
    counts: dict[str, float] = {}
    for st in content_stems(body):
        counts[st] = counts.get(st, 0.0) + 1.0
    anchors = {f"ent:{e.canonical}" for e in a.entities}
    anchors |= {f"fig:{f.about}:{_value_key(f.value)}" for f in a.scores.figures if f.about and f.about != "duration"}
    anchors |= {f"date:{d.value}" for d in a.dates if not d.value.startswith("-")}
    anchors |= {f"con:{c}" for c in concepts_in(body)}
    return counts, anchors


def _specific(anchor: str) -> bool:
    return anchor.startswith(("fig:", "date:"))


def _vectors(analyses: list[Analysis]):
    """Per-article stem vectors (top distinctive stems) and anchor vectors, L2-normalised.
    Features found in more than a tenth of a large library say nothing about which
    story an article belongs to and are dropped, which also keeps the products sparse."""
    feats = [_features(a) for a in analyses]
    n = len(analyses)
    s_idf = _idf([f[0] for f in feats])
    a_idf = _idf([f[1] for f in feats])
    common = math.log((1 + n) / (1 + max(2, 0.1 * n))) + 1 if n >= 50 else 0.0
    stem_rows = []
    for counts, _ in feats:
        w = {k: (1 + math.log(v)) * s_idf[k] for k, v in counts.items() if s_idf[k] > common}
        stem_rows.append(dict(sorted(w.items(), key=lambda kv: -kv[1])[:TOP_STEMS]))
    anchor_rows = [{k: a_idf[k] for k in f[1] if a_idf[k] > max(common, 1.0) or n < 3} for f in feats]
    s_vocab = {k: i for i, k in enumerate(sorted({k for r in stem_rows for k in r}))}
    a_vocab = {k: i for i, k in enumerate(sorted({k for r in anchor_rows for k in r}))}
    return _csr(stem_rows, s_vocab), _csr(anchor_rows, a_vocab), [f[1] for f in feats], a_idf


def _pairs_above(M: sp.csr_matrix, threshold: float) -> sp.coo_matrix:
    """Upper-triangle entries of a similarity matrix at or above ``threshold``."""
    M = M.tocsr()
    M.data[M.data < threshold] = 0.0
    M.eliminate_zeros()
    return sp.triu(M, k=1).tocoo()


def candidate_edges(analyses: list[Analysis]) -> dict[tuple[int, int], float]:
    """Pairs of articles similar enough to be one story, computed per language block
    with sparse products (and across languages on anchors only)."""
    L, A, anchors, a_idf = _vectors(analyses)
    langs = np.array([a.language.language for a in analyses])
    edges: dict[tuple[int, int], float] = {}
    groups = {lg: np.flatnonzero(langs == lg) for lg in sorted(set(langs))}
    for lg, idx in groups.items():
        Li, Ai = L[idx], A[idx]
        S = 0.7 * (Li @ Li.T) + 0.3 * (Ai @ Ai.T)
        P = _pairs_above(S, SAME_LANG_BY.get(lg, SAME_LANG))
        for i, j, v in zip(P.row, P.col, P.data):
            edges[(int(idx[i]), int(idx[j]))] = float(v)
    names = sorted(groups)
    for x, lx in enumerate(names):
        for ly in names[x + 1 :]:
            ix, iy = groups[lx], groups[ly]
            S = (A[ix] @ A[iy].T).tocsr()
            S.data[S.data < CROSS_LANG] = 0.0
            S.eliminate_zeros()
            C = S.tocoo()
            for i, j, v in zip(C.row, C.col, C.data):
                a, b = int(ix[i]), int(iy[j])
                shared = anchors[a] & anchors[b]
                rare = [k for k in shared if _specific(k) or (k.startswith("ent:") and a_idf.get(k, 0) > 2.0)]
                if len(rare) >= 2:
                    edges[(min(a, b), max(a, b))] = float(v)
    return edges


EVENT_WINDOW_DAYS = 3  # coverage of one event is dated within a few days of it
EVENT_LINK = 0.5  # the weight of a same-event link (same dates, a shared name)


def event_day(a: Analysis) -> datetime.date | None:
    """The day the article reports on: its publication date when known, else its first
    full date (news leads date the event)."""
    m = _FULL_DATE.match(a.article.date or "")
    if m:
        try:
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    for d in a.dates:
        m = _FULL_DATE.fullmatch(d.value)
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


def years_of(a: Analysis) -> set[int]:
    """Every year the article dates something in (and its publication year)."""
    out = {int(m[1]) for d in a.dates for m in [_YEAR_MONTH.match(d.value)] if m}
    m = _YEAR_MONTH.match(a.article.date or "")
    if m:
        out.add(int(m[1]))
    return out


def name_keys(a: Analysis) -> set[str]:
    """Script-neutral keys for the people, bodies and places an article names: the
    consonant skeleton of each word of a canonical name ("Meera Kulkarni" and the
    transliterated "Mira Kulkarni" share ``klkrn``; "Dhruw" and "Dhruv" share ``drv``)."""
    out = set()
    for e in a.entities:
        for w in _ASCII_WORD.findall(e.canonical.lower()):
            if len(w) >= 4 and w not in _NAME_FILLER:
                key = _skeleton(w)
                out.add(key if len(key) >= 3 else w)  # "pune": too few consonants, keep the word
    return out


def _skeleton(word: str) -> str:
    return "".join(ch for ch in word.replace("w", "v").replace("ph", "f") if ch not in "aeiouyh")


def event_edges(analyses: list[Analysis], edges: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """Same-event links and different-year vetoes on top of the similarity edges.

    Articles dated within ``EVENT_WINDOW_DAYS`` of each other that share a distinctive
    name (found in few articles of the library) report one event, however different
    their angle (a market reaction, a human-interest piece, a Hindi report); articles
    whose events lie in different years are different stories however alike their
    words (the same minister's visit one year and budget the next): the years they date
    things in do not meet at all."""
    n = len(analyses)
    days = [event_day(a) for a in analyses]
    years = [years_of(a) for a in analyses]
    # different years only when the two articles date nothing in the same year
    out = {k: v for k, v in edges.items() if not (years[k[0]] and years[k[1]] and not years[k[0]] & years[k[1]])}
    keys = [name_keys(a) if days[i] else set() for i, a in enumerate(analyses)]
    holders: dict[str, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            holders.setdefault(k, []).append(i)
    cap = max(5, min(0.2 * n, 50))
    for members in holders.values():
        if len(members) < 2 or len(members) > cap:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if abs((days[i] - days[j]).days) <= EVENT_WINDOW_DAYS:
                    out[(i, j)] = max(out.get((i, j), 0.0), EVENT_LINK)
    return out


def group_articles(analyses: list[Analysis], progress: Callable[[float, str], None] | None = None) -> list[list[int]]:
    """Indices of ``analyses`` grouped into stories (every article in exactly one)."""
    n = len(analyses)
    if n == 0:
        return []
    edges = event_edges(analyses, candidate_edges(analyses))
    if progress:
        progress(0.6, "similarities")
    groups = _average_link(n, edges)
    groups.sort(key=lambda g: g[0])
    return groups


def _average_link(n: int, edges: dict[tuple[int, int], float]) -> list[list[int]]:
    """Connected components of the edge graph, each split by average linkage: clusters
    merge while the average similarity between them (missing pairs count as 0) stays
    near the pair threshold, so a chain of weak links does not make one story."""
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(i)] = find(j)
    comps: dict[int, list[int]] = {}
    for i in range(n):
        comps.setdefault(find(i), []).append(i)
    by_comp: dict[int, dict[tuple[int, int], float]] = {}
    for (i, j), s in edges.items():
        by_comp.setdefault(find(i), {})[(i, j)] = s
    out = []
    for root, members in comps.items():
        if len(members) <= 2:
            out.append(members)
            continue
        out.extend(_link_component(members, by_comp.get(root, {})))
    return out


def _link_component(members: list[int], edges: dict[tuple[int, int], float]) -> list[list[int]]:
    cluster = {i: [i] for i in members}
    of = {i: i for i in members}
    floor = LINK_FLOOR
    while len(cluster) > 1:
        totals: dict[tuple[int, int], float] = {}
        for (i, j), s in edges.items():
            a, b = of[i], of[j]
            if a != b:
                key = (a, b) if a < b else (b, a)
                totals[key] = totals.get(key, 0.0) + s
        best = None
        for (a, b), tot in totals.items():
            avg = tot / (len(cluster[a]) * len(cluster[b]))
            if avg >= floor and (best is None or avg > best[0]):
                best = (avg, a, b)
        if best is None:
            break
        _, a, b = best
        cluster[a].extend(cluster.pop(b))
        for k in cluster[a]:
            of[k] = a
    return [sorted(v) for v in cluster.values()]


def story_label(analyses: list[Analysis]) -> str:
    """A readable label: the first article's title or headline line."""
    for a in analyses:
        if a.article.title:
            return a.article.title
    a = analyses[0]
    head = next((s for s in a.segments if s.kind == "headline"), None)
    if head:
        return a.text[head.start : head.end]
    return " ".join(a.text.split()[:12])
