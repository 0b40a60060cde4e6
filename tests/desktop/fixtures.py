"""Hand-built results for the desktop tests.

Attribution, framing and loaded language are being built by colleagues, and the
comparison too; until they land, the views are tested on real analyses of the
sample story with those fields filled by hand here (spans found by searching the
sample texts, so they are exact), and on a comparison built from the sample
story's hand-made alignment file.
"""

from __future__ import annotations

import json
from dataclasses import replace

from analysis.model import (
    Alignment,
    Analysis,
    ArticleRef,
    Attribution,
    AttributionProfile,
    Comparison,
    Contradiction,
    DateGroup,
    DateValue,
    FigureGroup,
    FigureValue,
    FrameEvidence,
    FrameScores,
    Inconsistency,
    LoadedSpan,
    Relay,
    SegmentFrames,
    SharedClaim,
    SpanRef,
    UniquePassage,
)
from analysis.resources import resource_path


def find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.index(needle, after)
    return i, i + len(needle)


def _attr(text, cue, source, canonical, typ, country, conf=0.9, via=(), subtype=None) -> Attribution:
    cs, ce = find(text, cue)
    ss, se = find(text, source) if source else (None, None)
    return Attribution(
        cs, ce, cue, source, ss, se, canonical, None, typ, subtype, country, None, None, tuple(via), conf, 0
    )


def _segment_of(analysis: Analysis, pos: int) -> int:
    for i, s in enumerate(analysis.segments):
        if s.start <= pos < s.end:
            return i
    return 0


def _frames(analysis: Analysis, terms: dict[str, list[str]]) -> FrameScores:
    text = analysis.text
    per_seg: dict[int, dict[str, list[FrameEvidence]]] = {}
    for fid, words in terms.items():
        for w in words:
            s, e = find(text, w)
            per_seg.setdefault(_segment_of(analysis, s), {}).setdefault(fid, []).append(FrameEvidence(w, s, e, 1.0))
    segs = []
    totals: dict[str, float] = {}
    for seg, ev in sorted(per_seg.items()):
        n = sum(len(v) for v in ev.values())
        shares = {k: len(v) / n for k, v in ev.items()}
        for k, v in shares.items():
            totals[k] = totals.get(k, 0.0) + v
        segs.append(SegmentFrames(seg, shares, {k: tuple(v) for k, v in ev.items()}))
    z = sum(totals.values())
    dist = {k: v / z for k, v in totals.items()}
    return FrameScores("policy_frames", {k: min(1.0, v * 1.5) for k, v in dist.items()}, dist, tuple(segs))


def filled_hindi(analysis: Analysis) -> Analysis:
    """The Hindi main sample with attributions, frames, loaded language and a contradiction."""
    t = analysis.text
    atts = (
        _attr(t, "ने गुरुवार को इस मुलाकात का ब्योरा जारी किया", "केसीएनए", "KCNA", "state_media", "KP", 0.93),
        _attr(
            t,
            "ने कहा कि",
            "दक्षिण कोरिया के एकीकरण मंत्रालय",
            "Ministry of Unification (South Korea)",
            "government",
            "KR",
            0.88,
            subtype="executive",
        ),
        _attr(t, "ने नाम न छापने की शर्त पर कहा", "एक वरिष्ठ अधिकारी", None, "anonymous_official", "KR", 0.71),
    )
    profile = AttributionProfile(
        9, 0.44, {"state_media": 1, "government": 1, "anonymous_official": 1}, 3, 1.0, 0.33, 0.33, 1, ("KP", "KR"), ()
    )
    frames = _frames(
        analysis,
        {"security_defense": ["सैन्य सहायता", "सैनिक"], "external_regulation": ["विदेश नीति"], "political": ["राष्ट्रपति"]},
    )
    loaded = (LoadedSpan(*find(t, "बिना शर्त"), 0.8, "intensifier"),)
    scores = replace(
        analysis.scores,
        attributions=atts,
        attribution_profile=profile,
        frames=frames,
        loaded_language=loaded,
        loaded_language_rate=0.01,
    )
    inc = (
        Inconsistency(
            "role",
            "Sergei Shoigu",
            (find(t, "रूसी सुरक्षा परिषद के सचिव"), find(t, "रक्षा मंत्री")),
            "Shoigu is called Security Council secretary and defence minister",
        ),
    )
    return replace(
        analysis,
        scores=scores,
        with_inserts=replace(analysis.with_inserts or analysis.scores, attributions=atts),
        inconsistencies=inc,
        skipped=(),
    )


def filled_english(analysis: Analysis) -> Analysis:
    """The English wire sample with a relayed attribution, frames and loaded language."""
    t = analysis.text
    kcna = Relay("Yonhap news agency", "Yonhap", "independent_media", *find(t, "Yonhap news agency"))
    atts = (
        _attr(t, "state media said", None, "KCNA", "state_media", "KP", 0.8),
        _attr(t, "according to", "the Korean Central News Agency (KCNA)", "KCNA", "state_media", "KP", 0.95),
        replace(
            _attr(t, "reported that", None, "KCNA", "state_media", "KP", 0.9),
            via=(kcna,),
            source="KCNA",
            source_start=find(t, "KCNA", t.index("citing"))[0],
            source_end=find(t, "KCNA", t.index("citing"))[1],
        ),
        _attr(
            t,
            "said the agenda",
            "South Korea's Ministry of Unification",
            "Ministry of Unification (South Korea)",
            "government",
            "KR",
            0.92,
        ),
    )
    profile = AttributionProfile(8, 0.75, {"state_media": 3, "government": 1}, 2, 0.81, 0.75, 0.0, 0, ("KP", "KR"), ())
    frames = _frames(
        analysis, {"security_defense": ["mutual-defence clause", "troops"], "external_regulation": ["foreign policy"]}
    )
    loaded = (LoadedSpan(*find(t, "unconditionally"), 0.6, None),)
    scores = replace(
        analysis.scores,
        attributions=atts,
        attribution_profile=profile,
        frames=frames,
        loaded_language=loaded,
        loaded_language_rate=0.003,
    )
    return replace(analysis, scores=scores, skipped=())


def _sample_name(analysis: Analysis) -> str:
    return {
        "sample-hi-main": "01-hindi-main",
        "sample-en-wire": "02-english-wire",
        "sample-en-analysis": "03-english-analysis",
        "sample-hi-second": "04-hindi-second",
        "sample-en-rerun": "05-english-rerun",
    }[analysis.id]


def sample_comparison(analyses: list[Analysis]) -> Comparison:
    """A comparison of sample analyses built from ``expected_alignment.json``."""
    data = json.loads(resource_path("samples", "expected_alignment.json").read_text(encoding="utf-8"))
    index = {_sample_name(a): i for i, a in enumerate(analyses)}
    texts = [a.text for a in analyses]
    aligns, claims = [], []
    for p in data["pairs"]:
        if p["a"] not in index or p["b"] not in index:
            continue
        ia, ib = index[p["a"]], index[p["b"]]
        if p["a_text"] not in texts[ia] or p["b_text"] not in texts[ib]:
            continue
        a0, a1 = find(texts[ia], p["a_text"])
        b0, b1 = find(texts[ib], p["b_text"])
        aligns.append(Alignment(ia, a0, a1, ib, b0, b1, 0.8))
        claims.append(SharedClaim((SpanRef(ia, a0, a1, "state_media", "KCNA"), SpanRef(ib, b0, b1, None, None))))
    covered = {(al.a, al.a_start) for al in aligns} | {(al.b, al.b_start) for al in aligns}
    unique = []
    for i, a in enumerate(analyses):
        for s in a.sentences:
            seg = a.segments[s.segment]
            if not seg.off_topic and seg.kind not in ("headline", "dateline") and (i, s.start) not in covered:
                unique.append(UniquePassage(i, s.start, s.end, 0.2))
    figs = []
    for about in ("troops", "casualties"):
        vals = []
        for i, a in enumerate(analyses):
            for f in a.scores.figures:
                if (
                    f.about == about
                    or (about == "troops" and f.value in (15000, 11000))
                    or (about == "casualties" and f.value in (4700, 4000))
                ):
                    vals.append(FigureValue(i, f.start, f.end, f.value, f.qualifier_kind, None))
                    break
        figs.append(
            FigureGroup(about, "troops" if about == "troops" else None, len({v.value for v in vals}) > 1, tuple(vals))
        )
    dates = []
    treaty = [
        DateValue(i, d.start, d.end, d.value)
        for i, a in enumerate(analyses)
        for d in a.dates
        if d.value.startswith("2024-06")
    ]
    dates.append(DateGroup("treaty signing", len({v.value for v in treaty}) > 1, tuple(treaty)))
    n = len(analyses)
    div = tuple(tuple(0.0 if i == j else round(0.1 + 0.07 * abs(i - j), 3) for j in range(n)) for i in range(n))
    contra = ()
    if figs and len(figs[0].values) >= 2:
        v0, v1 = figs[0].values[0], figs[0].values[-1]
        contra = (
            Contradiction(
                "figure",
                "troop numbers differ across outlets",
                (SpanRef(v0.article, v0.start, v0.end), SpanRef(v1.article, v1.start, v1.end)),
            ),
        )
    return Comparison(
        articles=tuple(
            ArticleRef(a.id, a.article.path, a.article.outlet, a.language.language, a.article.title) for a in analyses
        ),
        alignments=tuple(aligns),
        unique=tuple(unique),
        duplicates=tuple(
            (index["02-english-wire"], index["05-english-rerun"], 0.93)
            for _ in [0]
            if "02-english-wire" in index and "05-english-rerun" in index
        ),
        figures=tuple(figs),
        dates=tuple(dates),
        contradictions=contra,
        frames=tuple(
            (i, dict(a.scores.frames.distribution) if a.scores.frames else {}) for i, a in enumerate(analyses)
        ),
        frame_divergence=div,
        attribution=tuple((i, a.scores.attribution_profile) for i, a in enumerate(analyses)),
        shared_claims=tuple(claims[:12]),
    )
