"""The coding sheets of an export: Codings (one row per coding or memo, with coder and
timestamps), Coded items (which results came from a coder rather than the model),
Agreement (per label and overall, with bootstrap intervals) and Disagreements.

They appear only when the export is given a :class:`CodingExport`, so an export
without codings has exactly the sheets it always had.  Codings ride along with the
single pass over the analyses: an article's codings are written when the article
passes by (their text is cut from it), codings of articles not in the export after
all of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from analysis.export.columns import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    SHARE,
    STRING,
    TEXT,
    Column,
    RowSource,
    Table,
    after_all,
)
from analysis.export.tables import ExportContext

TASKS = "offtopic, attribution, framing, loaded, memo"
_ARTICLE = Column("article_id", STRING, "Article id (joins every sheet).")
_TRUNCATED = Column("truncated", BOOLEAN, "True when a text cell in this row was cut at Excel's limit (xlsx only).")
# (key in the contract dict, item name, index column that joins the item's sheet)
_ITEMS = (
    ("segments", "segment", "segment_idx in Segments"),
    ("off_topic", "off_topic_span", "position in the analysis's off_topic list"),
    ("attributions", "attribution", "attribution_idx in Attributions"),
    ("loaded_language", "loaded_language", "loaded_idx in Loaded language"),
)


@dataclass(frozen=True)
class CodingExport:
    """What the coding sheets show: codings (``Coding`` values or their dicts) and
    agreement reports (``parallax.agreement/1``)."""

    codings: Sequence = ()
    agreements: Sequence[dict] = field(default_factory=tuple)

    def coding_dicts(self) -> list[dict]:
        return [c if isinstance(c, dict) else c.to_dict() for c in self.codings]


def _iso(t) -> str | None:
    if not t:
        return None
    return dt.datetime.fromtimestamp(float(t), dt.UTC).replace(microsecond=0).isoformat()


def codings(ctx: ExportContext) -> Table:
    cols = (
        Column("coding_uid", STRING, "Id of the coding (stable across exports)."),
        Column("coder", TEXT, "Who coded."),
        _ARTICLE,
        Column("task", STRING, "What was coded.", allowed=TASKS),
        Column("start", INTEGER, "Start offset of the coded span (empty: the whole article).", "characters"),
        Column("end", INTEGER, "End offset of the coded span (exclusive).", "characters"),
        Column("coded_text", TEXT, "The coded span as written (empty when the article is not in this export)."),
        Column("value", STRING, "The coding in words, e.g. 'off-topic (promo_headline)', 'frames: economic'."),
        Column("off_topic", BOOLEAN, "Off-topic codings: true = off-topic, false = not off-topic."),
        Column("kind", STRING, "Off-topic codings: the kind of insert or non-body text."),
        Column("source_type", STRING, "Attribution codings: type of the source."),
        Column("source_subtype", STRING, "Attribution codings: government subtype."),
        Column("source_start", INTEGER, "Attribution codings: start offset of the source mention.", "characters"),
        Column("source_end", INTEGER, "Attribution codings: end offset of the source mention.", "characters"),
        Column("present", BOOLEAN, "Attribution codings: false = the span is not an attribution."),
        Column("frames", STRING, "Framing codings: frame ids, ';'-separated."),
        Column("codebook", STRING, "Framing codings: the codebook of the frames."),
        Column("loaded", BOOLEAN, "Loaded-language codings: true = loaded, false = not loaded."),
        Column("reviewed", BOOLEAN, "True for a mark that the coder coded the whole article for the task."),
        Column("memo", TEXT, "The coder's memo."),
        Column("created_at", STRING, "When the coding was made (ISO 8601, UTC)."),
        Column("modified_at", STRING, "When it was last changed (ISO 8601, UTC)."),
        Column("stale", BOOLEAN, "True when the article's text changed since coding (offsets no longer apply)."),
        _TRUNCATED,
    )
    by_article: dict[str, list[dict]] = {}
    for c in ctx.coding.coding_dicts() if ctx.coding else []:
        by_article.setdefault(str(c.get("article_id")), []).append(c)

    def row(c: dict, text: str | None, sha: str | None) -> list:
        v = c.get("value") or {}
        s, e = c.get("start"), c.get("end")
        from analysis.coding.codings import Coding

        label = Coding(
            **{k: c.get(k) for k in ("uid", "coder", "article_id", "article_sha256", "task", "start", "end")}, value=v
        ).label()
        return [
            c.get("uid"), c.get("coder"), c.get("article_id"), c.get("task"), s, e,
            text[s:e] if text is not None and s is not None and sha == c.get("article_sha256") else None,
            label, v.get("off_topic") if c.get("task") == "offtopic" and "off_topic" in v else None,
            v.get("kind"), v.get("source_type"), v.get("source_subtype"), v.get("source_start"), v.get("source_end"),
            v.get("present") if c.get("task") == "attribution" and "present" in v else None,
            ";".join(v.get("frames") or []) or None, v.get("codebook") or None,
            v.get("loaded") if c.get("task") == "loaded" and "loaded" in v else None,
            bool(v.get("reviewed")), c.get("memo"), _iso(c.get("created_at")), _iso(c.get("modified_at")),
            None if sha is None else sha != c.get("article_sha256"), False,
        ]  # fmt: skip

    def source() -> RowSource:
        seen: set[str] = set()

        def article(a: dict) -> Iterator[list]:
            aid = str(a.get("id"))
            seen.add(aid)
            text = a.get("text") or ""
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            for c in by_article.get(aid, ()):
                yield row(c, text, sha)

        def tail() -> Iterator[list]:
            for aid in sorted(by_article):
                if aid not in seen:
                    for c in by_article[aid]:
                        yield row(c, None, None)

        return RowSource(article=article, tail=tail)

    return Table(
        "codings", "Codings", "One row per coding or memo, with coder and timestamps.", cols, source, analyses=ctx.each
    )


def coded_items(ctx: ExportContext) -> Table:
    cols = (
        _ARTICLE,
        Column(
            "view", STRING, "Which scores: the main ones or those with the inserts.", allowed="scores, with_inserts"
        ),
        Column(
            "item",
            STRING,
            "What kind of result.",
            allowed="segment, off_topic_span, attribution, loaded_language, frame_segment",
        ),
        Column("idx", INTEGER, "Position of the item in its list (segment_idx, attribution_idx, loaded_idx, ...)."),
        Column("start", INTEGER, "Start offset of the item.", "characters"),
        Column("end", INTEGER, "End offset of the item (exclusive).", "characters"),
        Column(
            "coded_by", TEXT, "The coder whose coding produced the item (every item not listed here is the model's)."
        ),
        Column("joins", STRING, "Where the item's own row is."),
    )

    def article(a: dict) -> Iterator[list]:
        for view, part in (("scores", a), ("with_inserts", a.get("with_inserts") or {})):
            keys = _ITEMS if view == "scores" else _ITEMS[2:]
            for key, item, joins in keys:
                for i, x in enumerate(part.get(key) or []):
                    if x.get("coded_by") not in (None, "model"):
                        yield [a.get("id"), view, item, i, x.get("start"), x.get("end"), x["coded_by"], joins]
            segs = a.get("segments") or []
            for sf in (part.get("frames") or {}).get("segments") or []:
                if sf.get("coded_by") not in (None, "model"):
                    seg = segs[sf["segment"]] if 0 <= sf.get("segment", -1) < len(segs) else {}
                    yield [
                        a.get("id"),
                        view,
                        "frame_segment",
                        sf.get("segment"),
                        seg.get("start"),
                        seg.get("end"),
                        sf["coded_by"],
                        "segment_idx in Segments",
                    ]

    return Table(
        "coded_items",
        "Coded items",
        "One row per result that a coder's coding produced (all other results are the model's).",
        cols,
        lambda: RowSource(article=article),
        analyses=ctx.each,
    )


_MEASURES = ("percent_agreement", "cohen_kappa", "krippendorff_alpha")


def agreement(ctx: ExportContext) -> Table:
    cols = (
        Column("task", STRING, "What was coded.", allowed="offtopic, attribution, framing, loaded"),
        Column("coder_a", TEXT, "First coder ('model' = the model)."),
        Column("coder_b", TEXT, "Second coder ('model' = the model)."),
        Column("scope", STRING, "Which units.", allowed="overall, macro, per_label, presence, characters"),
        Column("label", TEXT, "The label (frame, kind, source type) for per_label rows."),
        Column("units", INTEGER, "Units compared (text x label, span units, or characters).", "count"),
        Column("percent_agreement", SHARE, "Share of units both coders coded alike."),
        Column("percent_agreement_low", SHARE, "Bootstrap 95% interval, lower end."),
        Column("percent_agreement_high", SHARE, "Bootstrap 95% interval, upper end."),
        Column("cohen_kappa", NUMBER, "Cohen's kappa (empty when undefined: a single category throughout)."),
        Column("cohen_kappa_low", NUMBER, "Bootstrap 95% interval, lower end."),
        Column("cohen_kappa_high", NUMBER, "Bootstrap 95% interval, upper end."),
        Column("krippendorff_alpha", NUMBER, "Krippendorff's alpha, nominal (empty when undefined)."),
        Column("krippendorff_alpha_low", NUMBER, "Bootstrap 95% interval, lower end."),
        Column("krippendorff_alpha_high", NUMBER, "Bootstrap 95% interval, upper end."),
        Column("positives_a", INTEGER, "Units coder A gave this label.", "count"),
        Column("positives_b", INTEGER, "Units coder B gave this label.", "count"),
        Column("texts", INTEGER, "Texts coded by both.", "count"),
        Column("unit", TEXT, "What one unit is."),
        Column("matching_rule", TEXT, "How spans of the two coders were matched (span tasks)."),
        Column("bootstrap", STRING, "Replicates, seed and what was resampled."),
    )

    def rows() -> Iterator[list]:
        for r in ctx.coding.agreements if ctx.coding else ():
            boot = r.get("bootstrap") or {}
            bs = f"{boot.get('replicates')} replicates, seed {boot.get('seed')}, resampling {boot.get('resampled')}"
            common = (r.get("task"), r.get("coder_a"), r.get("coder_b"))
            scopes = [("overall", None, r.get("overall"))]
            for name in ("presence", "characters"):
                if r.get(name):
                    scopes.append((name, None, r[name]))
            scopes += [("per_label", lab, m) for lab, m in (r.get("per_label") or {}).items()]
            for scope, label, m in scopes:
                vals = []
                for name in _MEASURES:
                    x = m.get(name) or {}
                    ci = x.get("ci95") or [None, None]
                    vals += [x.get("value"), ci[0], ci[1]]
                unit = "characters of the text" if scope == "characters" else r.get("unit")
                yield [*common, scope, label, m.get("units"), *vals, m.get("positives_a"), m.get("positives_b"),
                       r.get("n"), unit, r.get("matching_rule"), bs]  # fmt: skip
            macro = r.get("macro")
            if macro:
                yield [*common, "macro", None, None, macro.get("percent_agreement"), None, None, macro.get("cohen_kappa"), None, None,
                       macro.get("krippendorff_alpha"), None, None, None, None, r.get("n"), "mean of the per-label values", None, bs]  # fmt: skip

    return Table(
        "agreement",
        "Agreement",
        "One row per task, coder pair and scope: agreement with 95% intervals.",
        cols,
        after_all(rows),
    )


def disagreements(ctx: ExportContext) -> Table:
    cols = (
        Column("task", STRING, "What was coded."),
        Column("coder_a", TEXT, "First coder."),
        Column("coder_b", TEXT, "Second coder."),
        Column("text_id", TEXT, "Id of the text (training-data row id, or article id)."),
        Column("start", INTEGER, "Start offset of the disputed span (span tasks).", "characters"),
        Column("end", INTEGER, "End offset of the disputed span (exclusive).", "characters"),
        Column("coding_a", TEXT, "What coder A coded."),
        Column("coding_b", TEXT, "What coder B coded."),
        Column("labels", TEXT, "The labels in dispute."),
        Column(
            "kind",
            STRING,
            "Span tasks: category (both marked it, differently), boundary (same label, other span), unmatched.",
        ),
        Column("text", TEXT, "The text (the span, or the start of the passage)."),
        _TRUNCATED,
    )

    def rows() -> Iterator[list]:
        for r in ctx.coding.agreements if ctx.coding else ():
            for d in r.get("disagreements") or []:
                yield [r.get("task"), r.get("coder_a"), r.get("coder_b"), d.get("id"), d.get("start"), d.get("end"),
                       "; ".join(d.get("a") or []) or "(none)", "; ".join(d.get("b") or []) or "(none)",
                       "; ".join(d.get("labels") or []) or None, d.get("kind"), d.get("text"), False]  # fmt: skip

    return Table(
        "disagreements",
        "Disagreements",
        "One row per text or span the two coders coded differently.",
        cols,
        after_all(rows),
    )


def tables(ctx: ExportContext) -> list[Table]:
    return [codings(ctx), coded_items(ctx), agreement(ctx), disagreements(ctx)]
