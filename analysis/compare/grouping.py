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

import math
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from analysis.compare.units import _value_key, concepts_in
from analysis.model import Analysis
from analysis.offtopic.features import content_stems
from analysis.textutil import fold

TOP_STEMS = 60
SAME_LANG = 0.28
CROSS_LANG = 0.22


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


def _idf(docs) -> dict[str, float]:
    df: dict[str, int] = {}
    for d in docs:
        for k in d:
            df[k] = df.get(k, 0) + 1
    n = len(docs)
    return {k: math.log((1 + n) / (1 + c)) + 1 for k, c in df.items()}


def _csr(rows: list[dict[str, float]], vocab: dict[str, int]) -> sp.csr_matrix:
    data, ind, ptr = [], [], [0]
    for r in rows:
        norm = math.sqrt(sum(v * v for v in r.values())) or 1.0
        for k, v in r.items():
            ind.append(vocab[k])
            data.append(v / norm)
        ptr.append(len(ind))
    return sp.csr_matrix((np.asarray(data, dtype=float), np.asarray(ind, dtype=np.int64), np.asarray(ptr, dtype=np.int64)), shape=(len(rows), max(1, len(vocab))))


def _specific(anchor: str) -> bool:
    return anchor.startswith(("fig:", "date:"))


def article_similarities(analyses: list[Analysis], progress=None) -> tuple[sp.csr_matrix, list[str], list[set[str]], dict[str, float]]:
    feats = [_features(a) for a in analyses]
    s_idf = _idf([f[0] for f in feats])
    a_idf = _idf([f[1] for f in feats])
    stem_rows = []
    for counts, _ in feats:
        w = {k: (1 + math.log(v)) * s_idf[k] for k, v in counts.items()}
        top = dict(sorted(w.items(), key=lambda kv: -kv[1])[:TOP_STEMS])
        stem_rows.append(top)
    s_vocab = {k: i for i, k in enumerate(sorted({k for r in stem_rows for k in r}))}
    a_vocab = {k: i for i, k in enumerate(sorted(a_idf))}
    L = _csr(stem_rows, s_vocab)
    A = _csr([{k: a_idf[k] for k in f[1] if a_idf[k] > 1.0 or len(analyses) < 3} for f in feats], a_vocab)
    langs = [a.language.language for a in analyses]
    SL = (L @ L.T).tocsr()
    SA = (A @ A.T).tocsr()
    return SL, SA, langs, [f[1] for f in feats], a_idf


def group_articles(analyses: list[Analysis], progress: Callable[[float, str], None] | None = None) -> list[list[int]]:
    """Indices of ``analyses`` grouped into stories (every article in exactly one)."""
    n = len(analyses)
    if n == 0:
        return []
    SL, SA, langs, anchors, a_idf = article_similarities(analyses)
    if progress:
        progress(0.5, "similarities")
    edges: dict[tuple[int, int], float] = {}
    SLc, SAc = SL.tocoo(), SA.tocoo()
    sims: dict[tuple[int, int], list[float]] = {}
    for M, slot in ((SLc, 0), (SAc, 1)):
        for i, j, v in zip(M.row, M.col, M.data):
            if i < j:
                sims.setdefault((int(i), int(j)), [0.0, 0.0])[slot] = float(v)
    for (i, j), (sl, sa) in sims.items():
        if langs[i] == langs[j]:
            s = 0.7 * sl + 0.3 * sa
            if s >= SAME_LANG:
                edges[(i, j)] = s
        else:
            shared = anchors[i] & anchors[j]
            rare = [k for k in shared if _specific(k) or (k.startswith("ent:") and a_idf.get(k, 0) > 2.0)]
            if sa >= CROSS_LANG and len(rare) >= 2:
                edges[(i, j)] = sa
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
    floor = min(SAME_LANG, CROSS_LANG) * 0.9
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
