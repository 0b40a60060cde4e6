"""Tables across articles: the facts compared, the shared claims, contradictions,
framing and sourcing side by side.

Sheets built from a ``parallax.comparison/1`` dict are filled when one is given and
keep their headers otherwise.  Article positions in the comparison (``article``,
``a``, ``b``) are turned into ``article_id`` so every row joins the other sheets.
"""

from __future__ import annotations

from collections.abc import Iterator

from analysis.export.article_tables import ARTICLE_ID, END, START, TRUNCATED
from analysis.export.columns import (
    BOOLEAN,
    INTEGER,
    MIXED,
    NUMBER,
    SCORE,
    SHARE,
    STRING,
    TEXT,
    ChartSpec,
    Column,
    RowSource,
    Table,
    after_all,
    article_column,
    per_article,
    suffix_name,
)
from analysis.export.tables import ExportContext

FACT_KIND = Column("kind", STRING, "Figure (a number) or date.", allowed="figure, date")
FACT_IDX = Column(
    "fact_idx", INTEGER, "Position of the fact group in the comparison's figures (or dates) list (0-based)."
)


def _cmp(ctx: ExportContext) -> dict:
    return ctx.comparison or {}


def _article_id(ids: list[str], pos) -> str | None:
    return ids[pos] if isinstance(pos, int) and 0 <= pos < len(ids) else None


def _fmt_number(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


# --- Facts -----------------------------------------------------------------------


def facts_compared(ctx: ExportContext) -> Table:
    cols = [
        FACT_KIND,
        FACT_IDX,
        Column("about", STRING, "What the figure or date is about (troops, casualties, treaty signing, ...)."),
        Column("unit", STRING, "Unit of the figure group."),
        Column(
            "disagree", BOOLEAN, "True when the articles' values cannot all be true (their intervals do not overlap)."
        ),
        ARTICLE_ID,
        START,
        END,
        Column("text", TEXT, "The value as written in that article."),
        Column("value", MIXED, "The value: a number for figures, an ISO 8601 string for dates."),
        Column(
            "qualifier_kind",
            STRING,
            "Hedge or bound of a figure.",
            allowed="about, more_than, at_least, less_than, up_to, estimated",
        ),
        Column("source", STRING, "Source the article gives for the figure."),
        TRUNCATED,
    ]

    def rows() -> Iterator[list]:
        cmp = _cmp(ctx)
        ids = ctx.comparison_ids()
        texts = ctx.comparison_texts()
        for kind, groups in (("figure", cmp.get("figures") or []), ("date", cmp.get("dates") or [])):
            for gi, g in enumerate(groups):
                for v in g.get("values") or []:
                    aid = _article_id(ids, v.get("article"))
                    text = texts.get(aid, "")
                    yield [
                        kind,
                        gi,
                        g.get("about"),
                        g.get("unit"),
                        bool(g.get("disagree")),
                        aid,
                        v.get("start"),
                        v.get("end"),
                        text[v["start"] : v["end"]] if text and v.get("start") is not None else None,
                        v.get("value"),
                        v.get("qualifier_kind"),
                        v.get("source"),
                        False,
                    ]

    return Table(
        "facts_compared",
        "Facts_compared",
        "One row per figure or date value in the comparison (long form of Facts_matrix).",
        tuple(cols),
        after_all(rows),
        highlight="disagree",
        needs_comparison=True,
    )


def facts_matrix(ctx: ExportContext) -> Table:
    cmp = _cmp(ctx)
    ids = ctx.comparison_ids()
    outlets = [a.get("outlet") or "" for a in cmp.get("articles") or []]
    cols = [
        FACT_KIND,
        FACT_IDX,
        Column("about", STRING, "What the figure or date is about."),
        Column("unit", STRING, "Unit of the figure group."),
        Column("disagree", BOOLEAN, "True when the articles' values cannot all be true; such rows are shaded."),
        Column("articles_reporting", INTEGER, "Articles that report this fact.", "count"),
    ]
    cols += [
        Column(
            article_column(i, aid),
            MIXED,
            f"Value reported by article {aid}{' (' + outlets[i] + ')' if outlets[i] else ''}: a number, a date string, or several values separated by ';' (empty: not reported).",
        )
        for i, aid in enumerate(ids)
    ]

    def rows() -> Iterator[list]:
        for kind, groups in (("figure", cmp.get("figures") or []), ("date", cmp.get("dates") or [])):
            for gi, g in enumerate(groups):
                per: list[list] = [[] for _ in ids]
                for v in g.get("values") or []:
                    pos = v.get("article")
                    if isinstance(pos, int) and 0 <= pos < len(ids) and v.get("value") not in per[pos]:
                        per[pos].append(v.get("value"))
                cells = [
                    vals[0] if len(vals) == 1 else ("; ".join(_fmt_number(x) for x in vals) if vals else None)
                    for vals in per
                ]
                yield [
                    kind,
                    gi,
                    g.get("about"),
                    g.get("unit"),
                    bool(g.get("disagree")),
                    sum(1 for v in per if v),
                    *cells,
                ]

    return Table(
        "facts_matrix",
        "Facts_matrix",
        "Figures and dates (rows) by article (columns); rows where articles disagree are shaded.",
        tuple(cols),
        after_all(rows),
        highlight="disagree",
        needs_comparison=True,
    )


# --- Shared claims and contradictions ----------------------------------------------


def alignment(ctx: ExportContext) -> Table:
    cols = [
        Column(
            "claim_idx", INTEGER, "Position of the claim in the comparison's shared_claims (or unique) list (0-based)."
        ),
        Column("claim_kind", STRING, "Shared by several articles, or unique to one.", allowed="shared, unique"),
        ARTICLE_ID,
        Column("present", BOOLEAN, "True when the article reports the claim (false rows show who leaves it out)."),
        START,
        END,
        Column("text", TEXT, "The passage as written in that article."),
        Column("source", STRING, "The source the article gives for the claim (empty: none)."),
        Column("source_type", STRING, "Type of that source.", allowed=", ".join(ctx.source_types)),
        Column("articles_with_claim", INTEGER, "Articles that report the claim.", "count"),
        Column(
            "best_score",
            SCORE,
            "For unique passages: similarity of the closest passage in another article.",
            "similarity (0-1)",
        ),
        TRUNCATED,
    ]

    def rows() -> Iterator[list]:
        cmp = _cmp(ctx)
        ids = ctx.comparison_ids()
        texts = ctx.comparison_texts()

        def passage(aid, s, e):
            t = texts.get(aid)
            return t[s:e] if t and s is not None and e is not None else None

        for ci, claim in enumerate(cmp.get("shared_claims") or []):
            spans = claim.get("spans") or []
            by_article: dict[int, list[dict]] = {}
            for sp in spans:
                by_article.setdefault(sp.get("article"), []).append(sp)
            for pos, aid in enumerate(ids):
                found = by_article.get(pos)
                if not found:
                    yield [ci, "shared", aid, False, None, None, None, None, None, len(by_article), None, False]
                for sp in found or []:
                    yield [
                        ci,
                        "shared",
                        aid,
                        True,
                        sp.get("start"),
                        sp.get("end"),
                        passage(aid, sp.get("start"), sp.get("end")),
                        sp.get("source"),
                        sp.get("source_type"),
                        len(by_article),
                        None,
                        False,
                    ]
        for ui, u in enumerate(cmp.get("unique") or []):
            aid = _article_id(ids, u.get("article"))
            yield [
                ui,
                "unique",
                aid,
                True,
                u.get("start"),
                u.get("end"),
                passage(aid, u.get("start"), u.get("end")),
                None,
                None,
                1,
                u.get("best_score"),
                False,
            ]

    return Table(
        "alignment",
        "Alignment",
        "Shared claims by article (with the source each article gives), then passages no other article reports.",
        tuple(cols),
        after_all(rows),
        needs_comparison=True,
    )


def contradictions(ctx: ExportContext) -> Table:
    cols = [
        Column(
            "contradiction_id",
            STRING,
            "Identifies one contradiction: 'within:<article_id>:<n>' from an article's own analysis, 'across:<n>' from the comparison.",
        ),
        Column(
            "scope",
            STRING,
            "Whether the spans are in one article or several.",
            allowed="within_article, across_articles",
        ),
        Column("found_by", STRING, "Which step reported it.", allowed="analysis, comparison"),
        Column("kind", STRING, "What contradicts (role, date, figure, ...)."),
        Column("entity", STRING, "Entity the contradiction is about, when there is one."),
        Column("explanation", STRING, "Why the spans cannot all be true."),
        Column("span_idx", INTEGER, "Position of the span within the contradiction (0-based)."),
        ARTICLE_ID,
        START,
        END,
        Column("text", TEXT, "The span as written."),
        TRUNCATED,
    ]

    def within(a: dict) -> Iterator[list]:
        text = a.get("text") or ""
        for n, inc in enumerate(a.get("inconsistencies") or []):
            head = [
                f"within:{a.get('id')}:{n}",
                "within_article",
                "analysis",
                inc.get("kind"),
                inc.get("entity"),
                inc.get("explanation"),
            ]
            spans = inc.get("spans") or [[None, None]]
            for si, (s, e) in enumerate(spans):
                yield [*head, si, a.get("id"), s, e, text[s:e] if s is not None else None, False]

    def across() -> Iterator[list]:
        cmp = _cmp(ctx)
        ids = ctx.comparison_ids()
        texts = ctx.comparison_texts()
        for n, c in enumerate(cmp.get("contradictions") or []):
            spans = c.get("spans") or []
            scope = "across_articles" if len({sp.get("article") for sp in spans}) > 1 else "within_article"
            head = [f"across:{n}", scope, "comparison", c.get("kind"), c.get("entity"), c.get("explanation")]
            for si, sp in enumerate(spans):
                aid = _article_id(ids, sp.get("article"))
                t = texts.get(aid)
                s, e = sp.get("start"), sp.get("end")
                yield [*head, si, aid, s, e, t[s:e] if t and s is not None else None, False]

    return Table(
        "contradictions",
        "Contradictions",
        "One row per span of a contradiction, within an article or across articles.",
        tuple(cols),
        lambda: RowSource(article=within, tail=across),
        analyses=ctx.each,
    )


# --- Framing and sourcing side by side ----------------------------------------------


def framing(ctx: ExportContext) -> Table:
    share_cols = [
        Column(
            suffix_name("share_", f, i),
            SHARE,
            f"Share of the frame '{f}' in the article's frame distribution (shares sum to 1).",
            "share (0-1)",
        )
        for i, f in enumerate(ctx.frame_ids)
    ]
    prob_cols = [
        Column(
            suffix_name("prob_", f, i),
            SCORE,
            f"Probability that the article uses the frame '{f}' (multi-label).",
            "probability (0-1)",
        )
        for i, f in enumerate(ctx.frame_ids)
    ]
    cols = [
        ARTICLE_ID,
        Column("outlet", TEXT, "Outlet as imported."),
        Column("language", STRING, "Language of the article."),
        Column("codebook", STRING, "Framing codebook."),
        *share_cols,
        *prob_cols,
        TRUNCATED,
    ]
    from_cmp = _by_article(ctx, "frames", "distribution")

    def rows(a: dict) -> Iterator[list]:
        fr = a.get("frames") or {}
        dist = fr.get("distribution") or from_cmp.get(a.get("id")) or {}
        prob = fr.get("article") or {}
        yield [
            a.get("id"),
            a.get("outlet"),
            a.get("language"),
            fr.get("codebook"),
            *[dist.get(f) for f in ctx.frame_ids],
            *[prob.get(f) for f in ctx.frame_ids],
            False,
        ]

    chart = None
    if share_cols:
        chart = ChartSpec(
            "Frame shares by article",
            share_cols[0].name,
            share_cols[-1].name,
            "article_id",
            percent=True,
            y_title="share of the article",
            labels=tuple(ctx.frame_names[f] for f in ctx.frame_ids),
        )
    return Table(
        "framing",
        "Framing",
        "Article by frame: the frame distribution (shares) and per-frame probabilities.",
        tuple(cols),
        per_article(rows),
        analyses=ctx.each,
        chart=chart,
    )


def frame_divergence(ctx: ExportContext) -> Table:
    ids = ctx.comparison_ids()
    cols = [ARTICLE_ID] + [
        Column(
            article_column(i, aid),
            NUMBER,
            f"Jensen-Shannon divergence (log base 2) between this row's frame distribution and article {aid}'s.",
            "0-1",
        )
        for i, aid in enumerate(ids)
    ]

    def rows() -> Iterator[list]:
        matrix = _cmp(ctx).get("frame_divergence") or []
        for i, aid in enumerate(ids):
            vals = list(matrix[i]) if i < len(matrix) else []
            yield [aid, *[vals[j] if j < len(vals) else None for j in range(len(ids))]]

    return Table(
        "frame_divergence",
        "Frame_divergence",
        "How differently each pair of articles frames the story (0 = same distribution, 1 = disjoint).",
        tuple(cols),
        after_all(rows),
        needs_comparison=True,
    )


def sourcing(ctx: ExportContext) -> Table:
    type_cols = [
        Column(
            suffix_name("n_", t, i),
            INTEGER,
            f"Attributions to sources of type '{t}' (relays resolved to their originator).",
            "count",
        )
        for i, t in enumerate(ctx.source_types)
    ]
    cols = [
        ARTICLE_ID,
        Column("outlet", TEXT, "Outlet as imported."),
        Column("claims", INTEGER, "Claims (on-topic body sentences that assert something).", "count"),
        Column("attributions", INTEGER, "Attributions found.", "count"),
        *type_cols,
        Column("attributed_share", SHARE, "Share of claims with a named or typed source.", "share (0-1)"),
        Column("state_media_share", SHARE, "Share of attributions to state media.", "share (0-1)"),
        Column("anonymous_share", SHARE, "Share of attributions to unnamed officials or sources.", "share (0-1)"),
        Column("distinct_sources", INTEGER, "Distinct canonical sources.", "count"),
        Column("source_evenness", NUMBER, "Evenness of sources (normalised Shannon entropy).", "0-1"),
        Column("countries", STRING, "Countries or sides of the sources, ';'-separated."),
        TRUNCATED,
    ]
    from_cmp = _by_article(ctx, "attribution", "profile")

    def rows(a: dict) -> Iterator[list]:
        prof = a.get("attribution_profile") or from_cmp.get(a.get("id")) or {}
        by_type = prof.get("by_type") or {}
        counts = [by_type.get(t, 0) if prof else None for t in ctx.source_types]
        yield [
            a.get("id"),
            a.get("outlet"),
            prof.get("claims"),
            len(a.get("attributions") or []),
            *counts,
            prof.get("attributed_share"),
            prof.get("state_media_share"),
            prof.get("anonymous_share"),
            prof.get("distinct_sources"),
            prof.get("source_evenness"),
            "; ".join(prof.get("countries") or []) or None,
            False,
        ]

    chart = ChartSpec(
        "Sources by type",
        type_cols[0].name,
        type_cols[-1].name,
        "article_id",
        y_title="attributions",
        labels=tuple(t.replace("_", " ") for t in ctx.source_types),
    )
    return Table(
        "sourcing",
        "Sourcing",
        "Article by source type: counts of attributions and the profile's shares.",
        tuple(cols),
        per_article(rows),
        analyses=ctx.each,
        chart=chart,
    )


def _by_article(ctx: ExportContext, field: str, inner: str) -> dict[str, dict]:
    """A per-article value from the comparison (frames or profiles), keyed by article id."""
    ids = ctx.comparison_ids()
    out = {}
    for item in _cmp(ctx).get(field) or []:
        aid = _article_id(ids, item.get("article"))
        if aid is not None and item.get(inner):
            out[aid] = item[inner]
    return out
