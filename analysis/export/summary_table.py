"""The Summary sheet: one row per article, in the order a researcher reads it
(outlet, date, language, length, readability, inserts, sourcing, framing, loaded
language, story), then the metadata that makes a row traceable.

Rows are built as dicts keyed by column name, so reordering or adding a column cannot
shift values into the wrong column.
"""

from __future__ import annotations

from collections.abc import Iterator

from analysis.export.article_tables import ARTICLE_ID, TRUNCATED
from analysis.export.cells import to_date
from analysis.export.columns import BOOLEAN, DATE, INTEGER, NUMBER, SHARE, STRING, TEXT, Column, Table, per_article
from analysis.export.tables import ExportContext, provenance_id

N_TOP_FRAMES = 3
_SHARE = "share (0-1)"


def _columns(ctx: ExportContext) -> list[Column]:
    cols = [
        ARTICLE_ID,
        Column("outlet", TEXT, "Outlet as imported."),
        Column("date", DATE, "Publication date as a date, when the metadata gives a full ISO date."),
        Column(
            "language",
            STRING,
            "Detected (or given) language, ISO 639-1; 'und' when unknown.",
            allowed="hi, en, other ISO 639-1 codes, und",
        ),
        Column(
            "words", INTEGER, "Words in the scored text (without off-topic spans unless include_off_topic).", "count"
        ),
        Column(
            "readability_method",
            STRING,
            "How readability was computed: textstat for English; Parallax's own components for Hindi.",
            allowed="textstat, parallax-hindi-components, ...",
        ),
    ]
    cols += [
        Column(
            f"readability_{k}",
            NUMBER,
            f"Readability component '{k}' (see readability_method; Hindi and English measures are not comparable).",
        )
        for k in ctx.readability_keys
    ]
    cols += [
        Column("off_topic_count", INTEGER, "Off-topic spans flagged (inserted promos, credits, boilerplate).", "count"),
        Column("off_topic_chars", INTEGER, "Characters in off-topic spans.", "characters"),
        Column("claims", INTEGER, "On-topic body sentences that assert something (attribution profile).", "count"),
        Column("attributions", INTEGER, "Attributions found (cue + source).", "count"),
        Column(
            "attributed_share",
            SHARE,
            "Share of claims with an attribution other than unattributed_estimate or unspecified_report.",
            _SHARE,
        ),
        Column(
            "state_media_share",
            SHARE,
            "Share of attributions (after resolving relays) whose originator is state media.",
            _SHARE,
        ),
        Column("anonymous_share", SHARE, "Share of attributions to unnamed officials or sources.", _SHARE),
        Column("distinct_sources", INTEGER, "Distinct canonical sources cited.", "count"),
        Column(
            "source_evenness",
            NUMBER,
            "Shannon entropy of sources over its maximum (empty with fewer than two sources).",
            "0-1",
        ),
        Column("unattributed_estimates", INTEGER, "Hedged claims with no source.", "count"),
    ]
    for i in range(1, N_TOP_FRAMES + 1):
        nth = {1: "largest", 2: "2nd largest", 3: "3rd largest"}.get(i, f"{i}th largest")
        cols += [
            Column(
                f"top_frame_{i}",
                STRING,
                f"Frame with the {nth} share of the article's frame distribution.",
                allowed="frame ids of the codebook",
            ),
            Column(f"top_frame_{i}_share", SHARE, f"Share of top_frame_{i} in the distribution.", _SHARE),
        ]
    cols += [
        Column("codebook", STRING, "Framing codebook used."),
        Column("loaded_language_rate", NUMBER, "Loaded or sensational terms per word of the scored text.", "per word"),
        Column("loaded_spans", INTEGER, "Loaded-language spans found.", "count"),
        Column("story_id", STRING, "Story the article was grouped into (parallax group), when a grouping was given."),
        Column("story_label", TEXT, "Label of that story."),
        Column("title", TEXT, "Title as imported (metadata or first line)."),
        Column("figures", INTEGER, "Figure mentions (numbers with what they count).", "count"),
        Column("dates", INTEGER, "Date mentions.", "count"),
        Column("entities", INTEGER, "Entity mentions (people, bodies, agencies, places).", "count"),
        Column("inconsistencies", INTEGER, "Internal contradictions found within the article.", "count"),
        Column(
            "attributed_share_with_inserts",
            SHARE,
            "attributed_share with off-topic spans included (empty when nothing was flagged).",
            _SHARE,
        ),
        Column(
            "loaded_language_rate_with_inserts",
            NUMBER,
            "loaded_language_rate with off-topic spans included (empty when nothing was flagged).",
            "per word",
        ),
        Column(
            "words_with_inserts",
            INTEGER,
            "words with off-topic spans included (empty when nothing was flagged).",
            "count",
        ),
        Column(
            "include_off_topic", BOOLEAN, "True when the scores above include off-topic spans (--include-off-topic)."
        ),
        Column(
            "skipped",
            STRING,
            "Features not computed for this article, ';'-separated (reasons in the analysis JSON).",
            allowed="attribution, framing, loaded_language, language, all",
        ),
        Column("date_text", TEXT, "Publication date exactly as given in the metadata."),
        Column("script", STRING, "Main writing system of the text.", allowed="Devanagari, Latin, ..."),
        Column("sample", BOOLEAN, "True for Parallax's bundled sample articles (fictional outlets)."),
        Column("url", TEXT, "URL as imported."),
        Column("path", TEXT, "Input file the article came from."),
        Column("row", INTEGER, "Row of the input table (0-based), for table inputs."),
        Column("chars", INTEGER, "Length of the article text.", "characters"),
        Column("segments", INTEGER, "Number of segments (headline, paragraphs, inserts, credits).", "count"),
        Column("sentences", INTEGER, "Number of sentences in all segments.", "count"),
        Column("readability_sentences", INTEGER, "Sentences counted by the readability measures.", "count"),
        Column(
            "provenance_id",
            STRING,
            "Which Provenance rows (models, settings, versions) produced this article's analysis.",
        ),
        TRUNCATED,
    ]
    return cols


def top_frames(dist: dict | None, n: int = N_TOP_FRAMES) -> list[tuple[str, float]]:
    """The ``n`` frames with the largest shares (ties by frame id, so it is stable)."""
    items = [(k, v) for k, v in (dist or {}).items() if isinstance(v, int | float)]
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:n]


def summary_row(ctx: ExportContext, a: dict) -> dict:
    prof = a.get("attribution_profile") or {}
    read = a.get("readability") or {}
    fr = a.get("frames") or {}
    wi = a.get("with_inserts") or {}
    off = a.get("off_topic") or []
    story_id, story_label = ctx.story(a)
    row = {
        "article_id": a.get("id"),
        "outlet": a.get("outlet"),
        "date": to_date(a.get("date")),
        "language": a.get("language"),
        "words": read.get("words"),
        "readability_method": read.get("method"),
        "off_topic_count": len(off),
        "off_topic_chars": sum(o["end"] - o["start"] for o in off),
        "attributions": len(a.get("attributions") or []),
        "codebook": fr.get("codebook"),
        "loaded_language_rate": a.get("loaded_language_rate"),
        "loaded_spans": len(a.get("loaded_language") or []),
        "story_id": story_id,
        "story_label": story_label,
        "title": a.get("title"),
        "figures": len(a.get("figures") or []),
        "dates": len(a.get("dates") or []),
        "entities": len(a.get("entities") or []),
        "inconsistencies": len(a.get("inconsistencies") or []),
        "attributed_share_with_inserts": (wi.get("attribution_profile") or {}).get("attributed_share"),
        "loaded_language_rate_with_inserts": wi.get("loaded_language_rate"),
        "words_with_inserts": (wi.get("readability") or {}).get("words"),
        "include_off_topic": bool(a.get("include_off_topic")),
        "skipped": "; ".join(s.get("feature", "") for s in a.get("skipped") or []) or None,
        "date_text": a.get("date"),
        "script": a.get("script"),
        "sample": bool(a.get("sample")),
        "url": a.get("url"),
        "path": a.get("path"),
        "row": a.get("row"),
        "chars": len(a.get("text") or ""),
        "segments": len(a.get("segments") or []),
        "sentences": len(a.get("sentences") or []),
        "readability_sentences": read.get("sentences"),
        "provenance_id": provenance_id(a.get("provenance")),
        "truncated": False,
    }
    for k in ctx.readability_keys:
        row[f"readability_{k}"] = read.get(k)
    for k in (
        "claims",
        "attributed_share",
        "state_media_share",
        "anonymous_share",
        "distinct_sources",
        "source_evenness",
        "unattributed_estimates",
    ):
        row[k] = prof.get(k)
    for i, (frame, share) in enumerate(top_frames(fr.get("distribution")), 1):
        row[f"top_frame_{i}"] = frame
        row[f"top_frame_{i}_share"] = share
    return row


def summary(ctx: ExportContext) -> Table:
    cols = tuple(_columns(ctx))
    names = [c.name for c in cols]

    def rows(a: dict) -> Iterator[list]:
        d = summary_row(ctx, a)
        yield [d.get(n) for n in names]

    return Table(
        "summary",
        "Summary",
        "One row per article: metadata, counts, readability, sourcing and framing.",
        cols,
        per_article(rows),
        analyses=ctx.each,
    )
