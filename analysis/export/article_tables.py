"""Tables with one row per segment, sentence, attribution, figure, date,
entity and loaded-language span.  Every row carries ``article_id`` and the index that
joins it to the others (``segment_idx``, ``sentence_idx``, ``attribution_idx``): the
indices are positions in the analysis JSON, so a row can always be traced back."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from analysis.export.cells import to_date
from analysis.export.columns import (
    BOOLEAN,
    DATE,
    INTEGER,
    NUMBER,
    SCORE,
    STRING,
    TEXT,
    Column,
    Table,
    per_article,
    suffix_name,
)
from analysis.export.tables import ExportContext

ARTICLE_ID = Column(
    "article_id",
    STRING,
    "Article id: the input table's id, else the first 12 hex digits of sha256(text). Joins every sheet.",
)
TRUNCATED = Column(
    "truncated",
    BOOLEAN,
    "True when a text cell in this row was cut at Excel's limit of 32,767 characters (xlsx only; CSV and JSON keep the full text).",
)
START = Column(
    "start", INTEGER, "Start offset of the span in the article text (Python str index, 0-based).", "characters"
)
END = Column("end", INTEGER, "End offset of the span (exclusive): text[start:end] is the span.", "characters")
SEGMENT_KINDS = "headline, paragraph, crosshead, dateline, promo_headline, read_also, app_or_social_promo, unrelated_passage, caption_credit, boilerplate"


def _span(text: str, start, end) -> str | None:
    if start is None or end is None:
        return None
    return text[start:end]


def _frame_columns(ctx: ExportContext, prefix: str, meaning: str, kind: str = SCORE) -> list[Column]:
    unit = "probability (0-1)" if kind == SCORE else "share (0-1)"
    return [
        Column(suffix_name(prefix, fid, i), kind, meaning.format(frame=fid), unit)
        for i, fid in enumerate(ctx.frame_ids)
    ]


def _segment_frames(a: dict) -> dict[int, dict]:
    fr = a.get("frames") or {}
    return {s.get("segment"): s.get("frames") or {} for s in fr.get("segments") or []}


def _sentence_finder(a: dict):
    """Index of the sentence containing an offset (None outside every sentence)."""
    sents = a.get("sentences") or []
    starts = [s["start"] for s in sents]

    def find(offset) -> int | None:
        if offset is None:
            return None
        i = bisect_right(starts, offset) - 1
        if i >= 0 and sents[i]["start"] <= offset < max(sents[i]["end"], sents[i]["start"] + 1):
            return i
        return None

    return find


# --- Segments and sentences -------------------------------------------------------


def segments(ctx: ExportContext) -> Table:
    cols = [
        ARTICLE_ID,
        Column("segment_idx", INTEGER, "Position of the segment in the analysis (0-based). Joins Sentences."),
        START,
        END,
        Column("kind", STRING, "What the segment is.", allowed=SEGMENT_KINDS),
        Column(
            "off_topic",
            BOOLEAN,
            "True when the segment does not belong to the article's story (an insert, a credit, boilerplate).",
        ),
        Column(
            "off_topic_score", SCORE, "Probability that the segment does not belong to the story.", "probability (0-1)"
        ),
        Column("off_topic_reasons", TEXT, "Why it was flagged, ';'-separated."),
        Column("sentences", INTEGER, "Sentences in the segment.", "count"),
        Column(
            "top_frame",
            STRING,
            "Frame with the highest probability in this segment.",
            allowed="frame ids of the codebook",
        ),
        Column("top_frame_prob", SCORE, "Its probability.", "probability (0-1)"),
        *_frame_columns(ctx, "frame_", "Probability that the segment uses the frame '{frame}'."),
        Column("text", TEXT, "The segment's text, exactly as in the article."),
        TRUNCATED,
    ]

    def rows(a: dict) -> Iterator[list]:
        text = a.get("text") or ""
        reasons = {(o["start"], o["end"]): o.get("reasons") or [] for o in a.get("off_topic") or []}
        n_sent: dict[int, int] = {}
        for s in a.get("sentences") or []:
            n_sent[s["segment"]] = n_sent.get(s["segment"], 0) + 1
        seg_frames = _segment_frames(a)
        for i, s in enumerate(a.get("segments") or []):
            frames = seg_frames.get(i) or {}
            top = max(frames.items(), key=lambda kv: kv[1], default=(None, None))
            yield [
                a.get("id"),
                i,
                s["start"],
                s["end"],
                s.get("kind"),
                bool(s.get("off_topic")),
                s.get("off_topic_score"),
                "; ".join(reasons.get((s["start"], s["end"]), [])) or None,
                n_sent.get(i, 0),
                top[0],
                top[1],
                *[frames.get(f) for f in ctx.frame_ids],
                text[s["start"] : s["end"]],
                False,
            ]

    return Table(
        "segments",
        "Segments",
        "One row per segment: headline, paragraphs, inserts, credits.",
        tuple(cols),
        per_article(rows),
        analyses=ctx.each,
    )


def sentences(ctx: ExportContext) -> Table:
    cols = [
        ARTICLE_ID,
        Column(
            "sentence_idx",
            INTEGER,
            "Position of the sentence in the analysis (0-based). Joins Attributions, Figures, Dates.",
        ),
        Column("segment_idx", INTEGER, "Segment the sentence belongs to. Joins Segments."),
        START,
        END,
        Column("kind", STRING, "Kind of the sentence's segment.", allowed=SEGMENT_KINDS),
        Column("off_topic", BOOLEAN, "True when the sentence's segment is off-topic."),
        Column("off_topic_score", SCORE, "Off-topic probability of the sentence's segment.", "probability (0-1)"),
        Column(
            "is_claim",
            BOOLEAN,
            "True when the attribution profile counts the sentence as a claim (empty when attribution was not computed).",
        ),
        Column("attributions", INTEGER, "Attributions whose cue is in this sentence.", "count"),
        Column(
            "loaded_score",
            SCORE,
            "Highest loaded-language score of a span in the sentence (0 when none; empty when not computed).",
            "score (0-1)",
        ),
        Column("loaded_spans", INTEGER, "Loaded-language spans in the sentence.", "count"),
        *_frame_columns(
            ctx,
            "frame_",
            "Probability of the frame '{frame}' in the sentence's segment (frames are scored per segment).",
        ),
        Column("text", TEXT, "The sentence's text, exactly as in the article."),
        TRUNCATED,
    ]

    def rows(a: dict) -> Iterator[list]:
        text = a.get("text") or ""
        segs = a.get("segments") or []
        sents = a.get("sentences") or []
        prof = a.get("attribution_profile")
        claims = {c.get("sentence") for c in (prof or {}).get("claims_list") or []}
        n_att: dict[int, int] = {}
        for at in a.get("attributions") or []:
            n_att[at.get("sentence")] = n_att.get(at.get("sentence"), 0) + 1
        find = _sentence_finder(a)
        loaded_max: dict[int, float] = {}
        loaded_n: dict[int, int] = {}
        for sp in a.get("loaded_language") or []:
            k = find(sp["start"])
            if k is not None:
                loaded_max[k] = max(loaded_max.get(k, 0.0), sp.get("score") or 0.0)
                loaded_n[k] = loaded_n.get(k, 0) + 1
        loaded_known = not any(s.get("feature") == "loaded_language" for s in a.get("skipped") or [])
        seg_frames = _segment_frames(a)
        for i, s in enumerate(sents):
            seg = segs[s["segment"]] if 0 <= s["segment"] < len(segs) else {}
            frames = seg_frames.get(s["segment"]) or {}
            yield [
                a.get("id"),
                i,
                s["segment"],
                s["start"],
                s["end"],
                seg.get("kind"),
                bool(seg.get("off_topic")),
                seg.get("off_topic_score"),
                (i in claims) if prof else None,
                n_att.get(i, 0),
                loaded_max.get(i, 0.0) if loaded_known else None,
                loaded_n.get(i, 0),
                *[frames.get(f) for f in ctx.frame_ids],
                text[s["start"] : s["end"]],
                False,
            ]

    return Table(
        "sentences",
        "Sentences",
        "One row per sentence, with its segment's flags and frame probabilities.",
        tuple(cols),
        per_article(rows),
        analyses=ctx.each,
    )


# --- Attributions, figures, dates, entities, loaded language ------------------------


def relay_chain(att: dict) -> str | None:
    """ "Yonhap > KCNA": relayers in order, then the originator (the attribution's source)."""
    via = att.get("via") or []
    if not via:
        return None
    names = [v.get("canonical_source") or v.get("source") or "?" for v in via]
    names.append(att.get("canonical_source") or att.get("source") or "?")
    return " > ".join(names)


def attributions(ctx: ExportContext) -> Table:
    types = ", ".join(ctx.source_types)
    cols = [
        ARTICLE_ID,
        Column("attribution_idx", INTEGER, "Position of the attribution in the analysis (0-based). Joins Figures."),
        Column("sentence_idx", INTEGER, "Sentence holding the cue. Joins Sentences."),
        START,
        END,
        Column("cue", TEXT, "The attribution cue as written ('according to', 'के अनुसार', 'said')."),
        Column("source", TEXT, "The source as written nearest the cue (a pronoun stays a pronoun)."),
        Column("source_start", INTEGER, "Start offset of the source mention.", "characters"),
        Column("source_end", INTEGER, "End offset of the source mention (exclusive).", "characters"),
        Column(
            "canonical_source", STRING, "The entity the source resolves to (KCNA = केसीएनए = 'the state news agency')."
        ),
        Column("resolved_from", INTEGER, "attribution_idx of the antecedent a pronoun or 'the report' refers back to."),
        Column("source_type", STRING, "Type of the originating source.", allowed=types),
        Column(
            "source_subtype",
            STRING,
            "Subtype for government sources.",
            allowed="executive, legislature, party, military, police, judiciary",
        ),
        Column("country", STRING, "Country or side of the source."),
        Column("relay_chain", STRING, "Relayers then originator, e.g. 'Yonhap > KCNA' (empty when cited directly)."),
        Column("relays", INTEGER, "Number of relaying sources.", "count"),
        Column("content_start", INTEGER, "Start offset of the attributed content.", "characters"),
        Column("content_end", INTEGER, "End offset of the attributed content (exclusive).", "characters"),
        Column("confidence", SCORE, "Confidence of the attribution.", "probability (0-1)"),
        Column("content", TEXT, "The attributed content as written."),
        TRUNCATED,
    ]

    def rows(a: dict) -> Iterator[list]:
        text = a.get("text") or ""
        for i, at in enumerate(a.get("attributions") or []):
            yield [
                a.get("id"),
                i,
                at.get("sentence"),
                at.get("start"),
                at.get("end"),
                at.get("cue"),
                at.get("source"),
                at.get("source_start"),
                at.get("source_end"),
                at.get("canonical_source"),
                at.get("resolved_from"),
                at.get("source_type"),
                at.get("source_subtype"),
                at.get("country"),
                relay_chain(at),
                len(at.get("via") or []),
                at.get("content_start"),
                at.get("content_end"),
                at.get("confidence"),
                _span(text, at.get("content_start"), at.get("content_end")),
                False,
            ]

    return Table(
        "attributions",
        "Attributions",
        "One row per attribution: cue, source as written, canonical source, type.",
        tuple(cols),
        per_article(rows),
        analyses=ctx.each,
    )


def figures(ctx: ExportContext) -> Table:
    cols = [
        ARTICLE_ID,
        Column("figure_idx", INTEGER, "Position of the figure in the analysis (0-based)."),
        Column("sentence_idx", INTEGER, "Sentence holding the figure. Joins Sentences."),
        START,
        END,
        Column("text", TEXT, "The figure as written."),
        Column("value", NUMBER, "The number (हज़ार, lakh, thousand resolved)."),
        Column("unit", TEXT, "What is counted, as written near the number."),
        Column("about", STRING, "Topic of the figure (troops, casualties, deaths, ...)."),
        Column("qualifier", TEXT, "Hedge or bound as written ('about', 'लगभग', 'more than')."),
        Column(
            "qualifier_kind",
            STRING,
            "Normalised qualifier.",
            allowed="about, more_than, at_least, less_than, up_to, estimated",
        ),
        Column("estimated", BOOLEAN, "True when the figure is presented as an estimate."),
        Column("attribution_idx", INTEGER, "Attribution that sources the figure. Joins Attributions."),
        Column("source", STRING, "Canonical source of that attribution."),
        Column("source_type", STRING, "Type of that source.", allowed=", ".join(ctx.source_types)),
        TRUNCATED,
    ]

    def rows(a: dict) -> Iterator[list]:
        text = a.get("text") or ""
        atts = a.get("attributions") or []
        find = _sentence_finder(a)
        for i, f in enumerate(a.get("figures") or []):
            k = f.get("attribution")
            at = atts[k] if isinstance(k, int) and 0 <= k < len(atts) else {}
            yield [
                a.get("id"),
                i,
                find(f["start"]),
                f["start"],
                f["end"],
                text[f["start"] : f["end"]],
                f.get("value"),
                f.get("unit"),
                f.get("about"),
                f.get("qualifier"),
                f.get("qualifier_kind"),
                f.get("estimated"),
                k,
                at.get("canonical_source") or at.get("source"),
                at.get("source_type"),
                False,
            ]

    return Table(
        "figures",
        "Figures",
        "One row per figure mention (numbers with what they count).",
        tuple(cols),
        per_article(rows),
        analyses=ctx.each,
    )


def dates(ctx: ExportContext) -> Table:
    cols = [
        ARTICLE_ID,
        Column("date_idx", INTEGER, "Position of the date in the analysis (0-based)."),
        Column("sentence_idx", INTEGER, "Sentence holding the date. Joins Sentences."),
        START,
        END,
        Column("text", TEXT, "The date as written ('गुरुवार', '19 June 2024', 'last year')."),
        Column("value", STRING, "ISO 8601 value, reduced precision allowed ('2024-06').", "ISO 8601"),
        Column("date", DATE, "The value as a date when it names a full day."),
        Column("resolved", BOOLEAN, "True when a relative date was resolved against the publication date."),
        TRUNCATED,
    ]

    def rows(a: dict) -> Iterator[list]:
        text = a.get("text") or ""
        find = _sentence_finder(a)
        for i, d in enumerate(a.get("dates") or []):
            v = d.get("value")
            yield [
                a.get("id"),
                i,
                find(d["start"]),
                d["start"],
                d["end"],
                text[d["start"] : d["end"]],
                v,
                to_date(v),
                d.get("resolved"),
                False,
            ]

    return Table("dates", "Dates", "One row per date mention.", tuple(cols), per_article(rows), analyses=ctx.each)


def entities(ctx: ExportContext) -> Table:
    cols = [
        ARTICLE_ID,
        Column("entity_idx", INTEGER, "Position of the entity mention in the analysis (0-based)."),
        Column("sentence_idx", INTEGER, "Sentence holding the mention. Joins Sentences."),
        START,
        END,
        Column("text", TEXT, "The mention as written."),
        Column("canonical", STRING, "The entity it refers to (one name across scripts)."),
        Column(
            "type", STRING, "Entity type.", allowed="person, organisation, government_body, news_agency, place, other"
        ),
        Column("country", STRING, "Country of the entity, when known."),
        TRUNCATED,
    ]

    def rows(a: dict) -> Iterator[list]:
        text = a.get("text") or ""
        find = _sentence_finder(a)
        for i, e in enumerate(a.get("entities") or []):
            yield [
                a.get("id"),
                i,
                find(e["start"]),
                e["start"],
                e["end"],
                text[e["start"] : e["end"]],
                e.get("canonical"),
                e.get("type"),
                e.get("country"),
                False,
            ]

    return Table(
        "entities", "Entities", "One row per entity mention.", tuple(cols), per_article(rows), analyses=ctx.each
    )


def loaded_language(ctx: ExportContext) -> Table:
    cols = [
        ARTICLE_ID,
        Column("loaded_idx", INTEGER, "Position of the span in the analysis (0-based)."),
        Column("sentence_idx", INTEGER, "Sentence holding the span. Joins Sentences."),
        START,
        END,
        Column("text", TEXT, "The loaded or sensational term as written."),
        Column("score", SCORE, "How loaded the term is.", "score (0-1)"),
        Column("category", STRING, "Lexicon category of the term, when given."),
        TRUNCATED,
    ]

    def rows(a: dict) -> Iterator[list]:
        text = a.get("text") or ""
        find = _sentence_finder(a)
        for i, sp in enumerate(a.get("loaded_language") or []):
            yield [
                a.get("id"),
                i,
                find(sp["start"]),
                sp["start"],
                sp["end"],
                text[sp["start"] : sp["end"]],
                sp.get("score"),
                sp.get("category"),
                False,
            ]

    return Table(
        "loaded_language",
        "Loaded_language",
        "One row per loaded-language span.",
        tuple(cols),
        per_article(rows),
        analyses=ctx.each,
    )
