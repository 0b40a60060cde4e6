"""``run_comparison``: what the articles of one story share, omit, contradict and cite.

Offsets index each article's text.  Off-topic spans never take part (the units are
on-topic sentences).  Near-duplicates (wire copy) are found from word 5-gram overlap
and, by default, counted once in shared claims.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from analysis.compare.units import Unit, similarity, story_units
from analysis.facts.consistency import (
    _compatible,
    _conflicting_dates,
    _event_of,
    extract_roles,
    figure_interval,
)
from analysis.model import (
    Alignment,
    Analysis,
    ArticleRef,
    Comparison,
    Contradiction,
    DateGroup,
    DateValue,
    FigureGroup,
    FigureValue,
    SharedClaim,
    SpanRef,
    UniquePassage,
)
from analysis.pipeline import Cancelled
from analysis.textutil import WORD_RE, fold

ALIGN_THRESHOLD = 0.22
ONE_TO_MANY = 0.7
DUPLICATE_THRESHOLD = 0.5


def shingles(text: str, n: int = 5) -> set[int]:
    words = [w.lower() for w in WORD_RE.findall(fold(text).folded)]
    return {hash(" ".join(words[i : i + n])) for i in range(max(0, len(words) - n + 1))}


def near_duplicates(analyses: list[Analysis]) -> list[tuple[int, int, float]]:
    """Pairs whose on-topic text shares at least half of the smaller one's word 5-grams."""
    sets = []
    for a in analyses:
        body = " ".join(a.text[s.start : s.end] for s in a.segments if not s.off_topic)
        sets.append(shingles(body))
    out = []
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            if not sets[i] or not sets[j]:
                continue
            inter = len(sets[i] & sets[j])
            score = inter / min(len(sets[i]), len(sets[j]))
            if score >= DUPLICATE_THRESHOLD:
                out.append((i, j, round(score, 4)))
    return out


def align(units: list[Unit], S: np.ndarray, n_articles: int) -> list[tuple[int, int, float]]:
    """Unit index pairs that report the same claim: mutual-best matches above the
    threshold, plus one-to-many where one outlet splits what another says in one sentence."""
    edges = {}
    idx_by_article = [[k for k, u in enumerate(units) if u.article == a] for a in range(n_articles)]
    for a in range(n_articles):
        for b in range(a + 1, n_articles):
            ia, ib = idx_by_article[a], idx_by_article[b]
            if not ia or not ib:
                continue
            sub = S[np.ix_(ia, ib)]
            best_b = sub.argmax(axis=1)
            best_a = sub.argmax(axis=0)
            for x, i in enumerate(ia):
                row_best = sub[x].max()
                for y, j in enumerate(ib):
                    s = sub[x, y]
                    if s < ALIGN_THRESHOLD:
                        continue
                    mutual = best_b[x] == y and best_a[y] == x
                    split = (best_b[x] == y or best_a[y] == x) and s >= ONE_TO_MANY * max(row_best, sub[:, y].max())
                    if mutual or split:
                        edges[(i, j)] = float(round(s, 4))
    return sorted((i, j, s) for (i, j), s in edges.items())


def js_divergence(p: dict[str, float], q: dict[str, float]) -> float:
    keys = sorted(set(p) | set(q))
    P = np.array([p.get(k, 0.0) for k in keys], dtype=float)
    Q = np.array([q.get(k, 0.0) for k in keys], dtype=float)
    if P.sum() <= 0 or Q.sum() <= 0:
        return 0.0
    P, Q = P / P.sum(), Q / Q.sum()
    M = (P + Q) / 2

    def kl(x, y):
        mask = x > 0
        return float(np.sum(x[mask] * np.log2(x[mask] / y[mask])))

    return round(0.5 * kl(P, M) + 0.5 * kl(Q, M), 6)


def _source_of(a: Analysis, start: int, end: int) -> tuple[str | None, str | None]:
    """The source an article gives for a passage: its attribution there, if any."""
    for at in a.scores.attributions:
        s = a.sentences[at.sentence]
        if s.start < end and start < s.end:
            return at.canonical_source or at.source, at.source_type
    return None, None


def figure_groups(analyses: list[Analysis]) -> list[FigureGroup]:
    groups: dict[tuple[str, str | None], list[FigureValue]] = {}
    for ai, a in enumerate(analyses):
        for f in a.scores.figures:
            if not f.about or f.about in ("duration",):
                continue
            unit = "percent" if f.unit == "percent" else None
            src = None
            if f.attribution is not None and f.attribution < len(a.scores.attributions):
                at = a.scores.attributions[f.attribution]
                src = at.canonical_source or at.source or at.source_type
            groups.setdefault((f.about, unit), []).append(FigureValue(ai, f.start, f.end, f.value, f.qualifier_kind, src))
    out = []
    for (about, unit), vals in sorted(groups.items(), key=lambda kv: kv[0][0]):
        arts = {v.article for v in vals}
        if len(arts) < 1:
            continue
        disagree = any(_values_disagree(x, y) for i, x in enumerate(vals) for y in vals[i + 1 :] if x.article != y.article)
        out.append(FigureGroup(about, unit, disagree, tuple(vals)))
    return out


def _values_disagree(x: FigureValue, y: FigureValue) -> bool:
    lx, hx = figure_interval(x.value, x.qualifier_kind)
    ly, hy = figure_interval(y.value, y.qualifier_kind)
    return hx < ly or hy < lx


def date_groups(analyses: list[Analysis]) -> list[DateGroup]:
    groups: dict[str, list[DateValue]] = {}
    for ai, a in enumerate(analyses):
        ft = fold(a.text)
        for d in a.dates:
            sent = next((s for s in a.sentences if s.start <= d.start < s.end), None)
            if sent is None:
                continue
            folded = ft.folded[ft.from_original(sent.start) : ft.from_original(sent.end)]
            about = _event_of(folded) or "other"
            groups.setdefault(about, []).append(DateValue(ai, d.start, d.end, d.value))
    out = []
    for about, vals in sorted(groups.items()):
        disagree = about != "other" and any(
            _conflicting_dates(x.value, y.value) for i, x in enumerate(vals) for y in vals[i + 1 :] if x.article != y.article
        )
        out.append(DateGroup(about, disagree, tuple(vals)))
    return out


def contradictions(analyses: list[Analysis], figs: list[FigureGroup], dates: list[DateGroup]) -> list[Contradiction]:
    out = []
    for ai, a in enumerate(analyses):
        for inc in a.inconsistencies:
            out.append(Contradiction(f"within_article:{inc.kind}", f"{a.article.outlet or a.id}: {inc.explanation}", tuple(SpanRef(ai, s, e) for s, e in inc.spans)))
    # across articles: the same singular event dated differently
    for g in dates:
        if not g.disagree:
            continue
        vals = sorted(g.values, key=lambda v: v.article)
        pairs = [(x, y) for i, x in enumerate(vals) for y in vals[i + 1 :] if x.article != y.article and _conflicting_dates(x.value, y.value)]
        if pairs:
            x, y = pairs[0]
            out.append(
                Contradiction(
                    "across_articles:date_conflict",
                    f"{g.about}: article {x.article + 1} gives {x.value}, article {y.article + 1} gives {y.value}",
                    (SpanRef(x.article, x.start, x.end), SpanRef(y.article, y.start, y.end)),
                )
            )
    # across articles: the same quantity from the same source with incompatible values
    for g in figs:
        if not g.disagree:
            continue
        vals = list(g.values)
        for i, x in enumerate(vals):
            for y in vals[i + 1 :]:
                if x.article != y.article and x.source and x.source == y.source and _values_disagree(x, y):
                    out.append(
                        Contradiction(
                            "across_articles:quantity_conflict",
                            f"{g.about} attributed to {x.source}: {x.value:g} in article {x.article + 1}, {y.value:g} in article {y.article + 1}",
                            (SpanRef(x.article, x.start, x.end), SpanRef(y.article, y.start, y.end)),
                        )
                    )
    # across articles: one person, incompatible roles
    roles = []
    for ai, a in enumerate(analyses):
        spans = [(s.start, s.end) for s in a.sentences]
        roles += [(ai, r) for r in extract_roles(a.text, list(a.entities), spans)]
    seen = set()
    for i, (ax, rx) in enumerate(roles):
        for ay, ry in roles[i + 1 :]:
            if ax != ay and rx.entity == ry.entity and not _compatible(rx, ry):
                key = (rx.entity, ax, ay)
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    Contradiction(
                        "across_articles:role_conflict",
                        f"{rx.entity}: '{rx.phrase}' in article {ax + 1} vs '{ry.phrase}' in article {ay + 1}",
                        (SpanRef(ax, rx.start, rx.end), SpanRef(ay, ry.start, ry.end)),
                    )
                )
    return out


def shared_claims(analyses, units: list[Unit], edges, duplicates_of: dict[int, int]) -> list[SharedClaim]:
    """Groups of aligned passages spanning two or more articles.

    Edges are merged strongest first, and two groups join only if the result still has
    at most one passage per article — so a chain of alignments cannot glue different
    claims into one.  Wire copies count once when ``duplicates_of`` maps a duplicate to
    its original."""
    members: dict[int, list[int]] = {k: [k] for k in range(len(units))}
    of = list(range(len(units)))
    for i, j, _s in sorted(edges, key=lambda e: -e[2]):
        a, b = of[i], of[j]
        if a == b:
            continue
        arts_a = {units[k].article for k in members[a]}
        if arts_a & {units[k].article for k in members[b]}:
            continue
        members[a].extend(members.pop(b))
        for k in members[a]:
            of[k] = a
    out = []
    for group in members.values():
        arts = {duplicates_of.get(units[k].article, units[k].article) for k in group}
        if len(arts) < 2:
            continue
        spans = []
        for k in sorted(group, key=lambda k: (units[k].article, units[k].start)):
            u = units[k]
            src, stype = _source_of(analyses[u.article], u.start, u.end)
            spans.append(SpanRef(u.article, u.start, u.end, stype, src))
        out.append(SharedClaim(tuple(spans)))
    out.sort(key=lambda c: (c.spans[0].article, c.spans[0].start))
    return out


def run_comparison(
    analyses: list[Analysis],
    progress: Callable[[float, str], None] | None = None,
    collapse_duplicates: bool = True,
) -> Comparison:
    def step(f, msg):
        if progress:
            progress(f, msg)

    refs = tuple(ArticleRef(a.id, a.article.path, a.article.outlet, a.language.language, a.article.title) for a in analyses)
    dups = near_duplicates(analyses)
    step(0.2, "near-duplicates")
    duplicates_of = {}
    if collapse_duplicates:
        for i, j, _s in dups:
            duplicates_of.setdefault(j, duplicates_of.get(i, i))
    units = story_units(analyses)
    S = similarity(units)
    step(0.5, "similarity")
    edges = align(units, S, len(analyses))
    aligned = {k for i, j, _ in edges for k in (i, j)}
    alignments = tuple(
        Alignment(units[i].article, units[i].start, units[i].end, units[j].article, units[j].start, units[j].end, s) for i, j, s in edges
    )
    unique = []
    for k, u in enumerate(units):
        if k in aligned:
            continue
        other = [m for m, v in enumerate(units) if v.article != u.article]
        best = float(S[k, other].max()) if other else 0.0
        unique.append(UniquePassage(u.article, u.start, u.end, round(best, 4)))
    step(0.7, "alignment")
    figs = figure_groups(analyses)
    dts = date_groups(analyses)
    frames = tuple((i, dict(a.scores.frames.distribution)) for i, a in enumerate(analyses) if a.scores.frames is not None)
    dist = {i: d for i, d in frames}
    n = len(analyses)
    div = tuple(tuple(js_divergence(dist[i], dist[j]) if i in dist and j in dist else math.nan for j in range(n)) for i in range(n))
    claims = shared_claims(analyses, units, edges, duplicates_of)
    step(1.0, "compared")
    return Comparison(
        articles=refs,
        alignments=alignments,
        unique=tuple(unique),
        duplicates=tuple(dups),
        figures=tuple(figs),
        dates=tuple(dts),
        contradictions=tuple(contradictions(analyses, figs, dts)),
        frames=frames,
        frame_divergence=div,
        attribution=tuple((i, a.scores.attribution_profile) for i, a in enumerate(analyses)),
        shared_claims=tuple(claims),
    )


__all__ = ["run_comparison", "near_duplicates", "js_divergence", "Cancelled"]
