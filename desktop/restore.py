"""Rebuild result dataclasses from the contract JSON (the store's analysis cache).

The store caches analyses as ``parallax.analysis/1`` dicts.  The views read the
frozen dataclasses, so a cached result has to become an :class:`Analysis` again;
otherwise every start would re-run the models.  This is the inverse of
``analysis.serialize.analysis_dict`` and is tested as a round trip.  It belongs in
the core (``analysis/serialize.py``); it lives here, Qt-free, until it moves.
"""

from __future__ import annotations

from typing import Any

from analysis.model import (
    Analysis,
    Article,
    Attribution,
    AttributionProfile,
    DateMention,
    EntityMention,
    Figure,
    FrameEvidence,
    FrameScores,
    Inconsistency,
    LanguageInfo,
    LoadedSpan,
    OffTopicSpan,
    Relay,
    Scores,
    Segment,
    SegmentFrames,
    Sentence,
    Skipped,
)


def _attribution(d: dict) -> Attribution:
    return Attribution(
        start=d["start"],
        end=d["end"],
        cue=d.get("cue", ""),
        source=d.get("source"),
        source_start=d.get("source_start"),
        source_end=d.get("source_end"),
        canonical_source=d.get("canonical_source"),
        resolved_from=d.get("resolved_from"),
        source_type=d.get("source_type", "unspecified_report"),
        source_subtype=d.get("source_subtype"),
        country=d.get("country"),
        content_start=d.get("content_start"),
        content_end=d.get("content_end"),
        via=tuple(
            Relay(
                v.get("source", ""),
                v.get("canonical_source"),
                v.get("source_type", ""),
                v.get("start", 0),
                v.get("end", 0),
            )
            for v in d.get("via") or ()
        ),
        confidence=float(d.get("confidence", 0.0)),
        sentence=int(d.get("sentence", -1)),
    )


def _profile(d: dict | None) -> AttributionProfile | None:
    if not d:
        return None
    return AttributionProfile(
        claims=d.get("claims", 0),
        attributed_share=d.get("attributed_share", 0.0),
        by_type=dict(d.get("by_type") or {}),
        distinct_sources=d.get("distinct_sources", 0),
        source_evenness=d.get("source_evenness"),
        state_media_share=d.get("state_media_share", 0.0),
        anonymous_share=d.get("anonymous_share", 0.0),
        unattributed_estimates=d.get("unattributed_estimates", 0),
        countries=tuple(d.get("countries") or ()),
        claims_list=tuple((c["sentence"], tuple(c.get("attributions") or ())) for c in d.get("claims_list") or ()),
    )


def _frames(d: dict | None) -> FrameScores | None:
    if not d:
        return None
    return FrameScores(
        codebook=d.get("codebook", ""),
        article=dict(d.get("article") or {}),
        distribution=dict(d.get("distribution") or {}),
        segments=tuple(
            SegmentFrames(
                segment=s["segment"],
                frames=dict(s.get("frames") or {}),
                evidence={
                    k: tuple(FrameEvidence(e["term"], e["start"], e["end"], e.get("weight", 0.0)) for e in v)
                    for k, v in (s.get("evidence") or {}).items()
                },
            )
            for s in d.get("segments") or ()
        ),
    )


def scores_from_dict(d: dict) -> Scores:
    return Scores(
        attributions=tuple(_attribution(a) for a in d.get("attributions") or ()),
        attribution_profile=_profile(d.get("attribution_profile")),
        frames=_frames(d.get("frames")),
        loaded_language=tuple(
            LoadedSpan(x["start"], x["end"], x.get("score", 0.0), x.get("category"))
            for x in d.get("loaded_language") or ()
        ),
        loaded_language_rate=d.get("loaded_language_rate", 0.0),
        readability=dict(d.get("readability") or {}),
        figures=tuple(
            Figure(
                start=f["start"],
                end=f["end"],
                value=f["value"],
                unit=f.get("unit"),
                qualifier=f.get("qualifier"),
                qualifier_kind=f.get("qualifier_kind"),
                about=f.get("about"),
                estimated=bool(f.get("estimated", False)),
                attribution=f.get("attribution"),
            )
            for f in d.get("figures") or ()
        ),
    )


def analysis_from_dict(d: dict[str, Any], article: Article | None = None) -> Analysis:
    """An :class:`Analysis` from its contract dict; ``article`` (when given) supplies
    the metadata the user may have edited since the result was cached."""
    detail = d.get("language_detail") or {}
    if article is None:
        article = Article(
            text=d["text"],
            id=d.get("id", ""),
            path=d.get("path"),
            row=d.get("row"),
            title=d.get("title"),
            outlet=d.get("outlet"),
            date=d.get("date"),
            url=d.get("url"),
            sample=bool(d.get("sample", False)),
            encoding=detail.get("encoding"),
        )
    with_inserts = d.get("with_inserts")
    return Analysis(
        article=article,
        language=LanguageInfo(
            language=d.get("language", "und"),
            script=d.get("script", ""),
            confidence=detail.get("confidence", 0.0),
            legacy_font=detail.get("legacy_font"),
            note=detail.get("note"),
        ),
        segments=tuple(
            Segment(s["start"], s["end"], s["kind"], bool(s.get("off_topic")), s.get("off_topic_score", 0.0))
            for s in d.get("segments") or ()
        ),
        sentences=tuple(Sentence(s["start"], s["end"], s["segment"]) for s in d.get("sentences") or ()),
        off_topic=tuple(
            OffTopicSpan(o["start"], o["end"], o["kind"], o.get("score", 0.0), tuple(o.get("reasons") or ()))
            for o in d.get("off_topic") or ()
        ),
        scores=scores_from_dict(d),
        with_inserts=scores_from_dict(with_inserts) if with_inserts is not None else None,
        dates=tuple(
            DateMention(x["start"], x["end"], x["value"], bool(x.get("resolved"))) for x in d.get("dates") or ()
        ),
        entities=tuple(
            EntityMention(e["start"], e["end"], e["canonical"], e["type"], country=e.get("country"))
            for e in d.get("entities") or ()
        ),
        inconsistencies=tuple(
            Inconsistency(
                i["kind"], i.get("entity"), tuple(tuple(s) for s in i.get("spans") or ()), i.get("explanation", "")
            )
            for i in d.get("inconsistencies") or ()
        ),
        skipped=tuple(Skipped(s["feature"], s["reason"]) for s in d.get("skipped") or ()),
        provenance=dict(d.get("provenance") or {}),
        include_off_topic=bool(d.get("include_off_topic", False)),
        timing_ms=d.get("timing_ms", 0.0),
    )
