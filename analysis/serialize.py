"""The contract's JSON shapes, written from the result dataclasses."""

from __future__ import annotations

import json
from typing import Any

from analysis.model import Analysis, Attribution, AttributionProfile, FrameScores, Scores

ANALYSIS_SCHEMA = "parallax.analysis/1"


def _attribution(a: Attribution) -> dict:
    return {
        "start": a.start,
        "end": a.end,
        "cue": a.cue,
        "source": a.source,
        "source_start": a.source_start,
        "source_end": a.source_end,
        "canonical_source": a.canonical_source,
        "resolved_from": a.resolved_from,
        "source_type": a.source_type,
        "source_subtype": a.source_subtype,
        "country": a.country,
        "content_start": a.content_start,
        "content_end": a.content_end,
        "via": [
            {"source": v.source, "canonical_source": v.canonical_source, "source_type": v.source_type, "start": v.start, "end": v.end}
            for v in a.via
        ],
        "confidence": a.confidence,
        "sentence": a.sentence,
    }


def _profile(p: AttributionProfile | None) -> dict | None:
    if p is None:
        return None
    return {
        "claims": p.claims,
        "attributed_share": p.attributed_share,
        "by_type": dict(p.by_type),
        "distinct_sources": p.distinct_sources,
        "source_evenness": p.source_evenness,
        "state_media_share": p.state_media_share,
        "anonymous_share": p.anonymous_share,
        "unattributed_estimates": p.unattributed_estimates,
        "countries": list(p.countries),
        "claims_list": [{"sentence": s, "attributions": list(a)} for s, a in p.claims_list],
    }


def _frames(f: FrameScores | None) -> dict | None:
    if f is None:
        return None
    return {
        "codebook": f.codebook,
        "article": dict(f.article),
        "distribution": dict(f.distribution),
        "segments": [
            {
                "segment": s.segment,
                "frames": dict(s.frames),
                "evidence": {k: [{"term": e.term, "start": e.start, "end": e.end, "weight": e.weight} for e in v] for k, v in s.evidence.items()},
            }
            for s in f.segments
        ],
    }


def scores_dict(s: Scores) -> dict:
    return {
        "attributions": [_attribution(a) for a in s.attributions],
        "attribution_profile": _profile(s.attribution_profile),
        "frames": _frames(s.frames),
        "loaded_language": [
            {"start": x.start, "end": x.end, "score": x.score, **({"category": x.category} if x.category else {})}
            for x in s.loaded_language
        ],
        "loaded_language_rate": s.loaded_language_rate,
        "readability": s.readability,
        "figures": [
            {
                "start": f.start,
                "end": f.end,
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "qualifier_kind": f.qualifier_kind,
                "about": f.about,
                "estimated": f.estimated,
                "attribution": f.attribution,
            }
            for f in s.figures
        ],
    }


def analysis_dict(a: Analysis) -> dict[str, Any]:
    art = a.article
    d: dict[str, Any] = {
        "schema": ANALYSIS_SCHEMA,
        "id": art.id,
        "path": art.path,
        "title": art.title,
        "outlet": art.outlet,
        "date": art.date,
        "url": art.url,
        "language": a.language.language,
        "script": a.language.script,
        "sample": art.sample,
        "text": art.text,
        "segments": [
            {"start": s.start, "end": s.end, "kind": s.kind, "off_topic": s.off_topic, "off_topic_score": s.off_topic_score}
            for s in a.segments
        ],
        "sentences": [{"start": s.start, "end": s.end, "segment": s.segment} for s in a.sentences],
        "off_topic": [
            {"start": o.start, "end": o.end, "kind": o.kind, "score": o.score, "reasons": list(o.reasons)} for o in a.off_topic
        ],
    }
    if art.row is not None:
        d["row"] = art.row
    d.update(scores_dict(a.scores))
    d["dates"] = [{"start": x.start, "end": x.end, "value": x.value, "resolved": x.resolved} for x in a.dates]
    d["entities"] = [
        {
            "start": e.start,
            "end": e.end,
            "canonical": e.canonical,
            "type": e.type,
            **({"country": e.country} if e.country else {}),
            **({"gazetteer_id": e.gazetteer_id} if e.gazetteer_id else {}),
        }
        for e in a.entities
    ]
    d["inconsistencies"] = [
        {"kind": i.kind, "entity": i.entity, "spans": [list(s) for s in i.spans], "explanation": i.explanation}
        for i in a.inconsistencies
    ]
    d["with_inserts"] = scores_dict(a.with_inserts) if a.with_inserts is not None else None
    d["include_off_topic"] = a.include_off_topic
    d["skipped"] = [{"feature": s.feature, "reason": s.reason} for s in a.skipped]
    d["language_detail"] = {
        "confidence": a.language.confidence,
        "legacy_font": a.language.legacy_font,
        "note": a.language.note,
        "encoding": art.encoding,
    }
    d["provenance"] = a.provenance
    d["timing_ms"] = a.timing_ms
    return d


def dumps(obj: Any, pretty: bool = True) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1 if pretty else None, sort_keys=False)


# --- reading the contract JSON back into result values ---------------------------


def _scores_from(d: dict) -> Scores:
    from analysis.model import (
        Figure,
        FrameEvidence,
        FrameScores,
        LoadedSpan,
        Relay,
        SegmentFrames,
    )

    atts = tuple(
        Attribution(
            start=a["start"], end=a["end"], cue=a["cue"], source=a["source"], source_start=a["source_start"], source_end=a["source_end"],
            canonical_source=a["canonical_source"], resolved_from=a["resolved_from"], source_type=a["source_type"],
            source_subtype=a["source_subtype"], country=a["country"], content_start=a["content_start"], content_end=a["content_end"],
            via=tuple(Relay(v["source"], v["canonical_source"], v["source_type"], v["start"], v["end"]) for v in a["via"]),
            confidence=a["confidence"], sentence=a["sentence"],
        )
        for a in d.get("attributions") or []
    )
    p = d.get("attribution_profile")
    profile = None
    if p:
        profile = AttributionProfile(
            claims=p["claims"], attributed_share=p["attributed_share"], by_type=dict(p["by_type"]), distinct_sources=p["distinct_sources"],
            source_evenness=p["source_evenness"], state_media_share=p["state_media_share"], anonymous_share=p["anonymous_share"],
            unattributed_estimates=p["unattributed_estimates"], countries=tuple(p["countries"]),
            claims_list=tuple((c["sentence"], tuple(c["attributions"])) for c in p["claims_list"]),
        )
    f = d.get("frames")
    frames = None
    if f:
        frames = FrameScores(
            f["codebook"], dict(f["article"]), dict(f["distribution"]),
            tuple(
                SegmentFrames(s["segment"], dict(s["frames"]), {k: tuple(FrameEvidence(e["term"], e["start"], e["end"], e["weight"]) for e in v) for k, v in s["evidence"].items()})
                for s in f["segments"]
            ),
        )
    return Scores(
        attributions=atts,
        attribution_profile=profile,
        frames=frames,
        loaded_language=tuple(LoadedSpan(x["start"], x["end"], x["score"], x.get("category")) for x in d.get("loaded_language") or []),
        loaded_language_rate=d.get("loaded_language_rate") or 0.0,
        readability=dict(d.get("readability") or {}),
        figures=tuple(
            Figure(x["start"], x["end"], x["value"], x["unit"], x["qualifier"], x["qualifier_kind"], x["about"], x.get("estimated", False), x.get("attribution"))
            for x in d.get("figures") or []
        ),
    )


def analysis_from_dict(d: dict) -> Analysis:
    """The inverse of :func:`analysis_dict` (cached results become values again)."""
    from analysis.model import (
        Article,
        DateMention,
        EntityMention,
        Inconsistency,
        LanguageInfo,
        OffTopicSpan,
        Segment,
        Sentence,
        Skipped,
    )

    detail = d.get("language_detail") or {}
    article = Article(
        text=d["text"], id=d["id"], path=d.get("path"), row=d.get("row"), title=d.get("title"), outlet=d.get("outlet"),
        date=d.get("date"), url=d.get("url"), sample=bool(d.get("sample")), encoding=detail.get("encoding"),
    )
    return Analysis(
        article=article,
        language=LanguageInfo(d["language"], d["script"], detail.get("confidence", 1.0), detail.get("legacy_font"), detail.get("note")),
        segments=tuple(Segment(s["start"], s["end"], s["kind"], s["off_topic"], s["off_topic_score"]) for s in d["segments"]),
        sentences=tuple(Sentence(s["start"], s["end"], s["segment"]) for s in d["sentences"]),
        off_topic=tuple(OffTopicSpan(o["start"], o["end"], o["kind"], o["score"], tuple(o["reasons"])) for o in d["off_topic"]),
        scores=_scores_from(d),
        with_inserts=_scores_from(d["with_inserts"]) if d.get("with_inserts") else None,
        dates=tuple(DateMention(x["start"], x["end"], x["value"], x["resolved"]) for x in d["dates"]),
        entities=tuple(EntityMention(e["start"], e["end"], e["canonical"], e["type"], e.get("gazetteer_id"), e.get("country")) for e in d["entities"]),
        inconsistencies=tuple(Inconsistency(i["kind"], i["entity"], tuple(tuple(s) for s in i["spans"]), i["explanation"]) for i in d["inconsistencies"]),
        skipped=tuple(Skipped(s["feature"], s["reason"]) for s in d["skipped"]),
        provenance=d.get("provenance") or {},
        include_off_topic=bool(d.get("include_off_topic")),
        timing_ms=d.get("timing_ms", 0.0),
    )
