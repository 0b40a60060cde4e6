"""A coder's codings over the model's output: new result values, and for every item
whether a coder or the model produced it (``coded_by``).

Rules, applied to the article's main scores and to ``with_inserts`` alike:

- Off-topic: a positive coding replaces any model span it overlaps and becomes an
  off-topic span of its own (kind as coded, else ``unrelated_passage``); a negative
  one ("not off-topic") removes every model span it overlaps.  When that changes the
  spans, the article is analysed again with them, so segments and every score
  (profile, frames, loaded language, readability, figures) follow the coder.
- Attribution: a coding replaces every model attribution whose cue it overlaps (a
  negative coding just removes them); fields the coding leaves open are taken from
  the model's attribution it replaces.  The profile is recomputed on the same claims.
- Framing: a segment that a frame coding covers (overlap at least half of the segment
  or of the coding) gets probability 1 for the coded frames and 0 for the others;
  the distribution and the article's frame probabilities are recomputed from the
  segments (length-weighted shares; "any segment" combination as in the pipeline).
  A frame coding without a span sets the article's frame probabilities directly.
- Loaded language: a positive coding replaces overlapping model spans with the coded
  span (score 1), a negative one removes them; the rate is recomputed.

Later codings win over earlier ones.  Codings made on another text (their sha256
differs) are *stale*: reported, never applied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from analysis.coding.codings import Coding, CodingError
from analysis.model import (
    Analysis,
    Attribution,
    FrameScores,
    LoadedSpan,
    OffTopicSpan,
    Scores,
    SegmentFrames,
)
from analysis.textutil import WORD_RE

MODEL = "model"
FULL_VOTE_CHARS = 300  # as in analysis.framing.component: a segment this long votes fully
NO_SCORE_KINDS = ("caption_credit", "boilerplate")


@dataclass(frozen=True)
class CodedAnalysis:
    """An analysis with a coder's codings applied.  ``coded_by[key][i]`` names who
    produced item ``i`` of that list: the coder, or ``"model"``.  Keys: ``segments``,
    ``off_topic``, ``attributions``, ``loaded_language``, ``frames`` (the framed
    segments) and the same under ``with_inserts.``."""

    analysis: Analysis
    coder: str | None
    coded_by: dict[str, tuple[str, ...]]
    applied: tuple[Coding, ...]
    stale: tuple[Coding, ...]
    reanalysed: bool = False

    def who(self, key: str, index: int) -> str:
        items = self.coded_by.get(key, ())
        return items[index] if 0 <= index < len(items) else MODEL


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _covers(seg: tuple[int, int], span: tuple[int, int]) -> bool:
    o = _overlap(seg, span)
    return o > 0 and (2 * o >= seg[1] - seg[0] or 2 * o >= span[1] - span[0])


class _ForcedOffTopic:
    """The model's off-topic step with the spans decided in advance (block scores
    still come from the model, so segment scores stay informative)."""

    threshold = 0.5

    def __init__(self, inner, spans: Sequence[OffTopicSpan]):
        self.inner = inner
        self.spans = list(spans)

    def detect(self, text, blocks, sentences, lang, title, settings=None):
        _spans, scores = self.inner.detect(text, blocks, sentences, lang, title, settings)
        return sorted(self.spans, key=lambda s: (s.start, s.end)), scores


def coded_off_topic(model_spans: Sequence[OffTopicSpan], codings: Iterable[Coding]) -> list[OffTopicSpan]:
    """The off-topic spans once the codings are applied (in the order they were made)."""
    spans = list(model_spans)
    for c in sorted((c for c in codings if c.task == "offtopic" and c.span), key=lambda c: (c.modified_at, c.uid)):
        spans = [s for s in spans if _overlap((s.start, s.end), c.span) == 0]
        if c.positive():
            spans.append(
                OffTopicSpan(c.start, c.end, c.value.get("kind") or "unrelated_passage", 1.0, (f"coded by {c.coder}",))
            )
    return sorted(spans, key=lambda s: (s.start, s.end))


def apply_codings(
    analysis: Analysis, codings: Iterable[Coding], models=None, settings=None, coder: str | None = None
) -> CodedAnalysis:
    """Apply one coder's codings to ``analysis``.  ``models``/``settings`` are used only
    when off-topic codings change the spans and the article must be analysed again
    (``settings`` defaults to the analysis's own; ``models`` to the shipped ones)."""
    art = analysis.article
    mine = [c for c in codings if c.article_id == art.id and (coder is None or c.coder == coder)]
    coders = sorted({c.coder for c in mine})
    if len(coders) > 1:
        raise CodingError(f"codings of several coders ({', '.join(coders)}): apply one coder's at a time")
    who = coders[0] if coders else coder
    stale = tuple(c for c in mine if c.is_stale(art))
    live = [c for c in mine if not c.is_stale(art) and c.task != "memo" and not c.is_review]
    off = [c for c in live if c.task == "offtopic"]
    reanalysed = False
    if off:
        wanted = coded_off_topic(analysis.off_topic, off)
        key = [(s.start, s.end, s.kind) for s in wanted]
        if key != [(s.start, s.end, s.kind) for s in analysis.off_topic]:
            analysis = _reanalyse(analysis, wanted, models, settings)
            reanalysed = True
    coded_by: dict[str, tuple[str, ...]] = {}
    coded_spans = {(c.start, c.end) for c in off if c.positive()}
    coded_by["off_topic"] = tuple(
        who if (s.start, s.end) in coded_spans and s.reasons[:1] == (f"coded by {who}",) else MODEL
        for s in analysis.off_topic
    )
    coded_by["segments"] = tuple(
        who if any(_covers((s.start, s.end), c.span) for c in off) else MODEL for s in analysis.segments
    )
    on_topic = [i for i, s in enumerate(analysis.segments) if not s.off_topic]
    every = list(range(len(analysis.segments)))
    main_view = every if analysis.include_off_topic else on_topic
    other_view = on_topic if analysis.include_off_topic else every
    scores, by = _apply_scores(analysis, analysis.scores, set(main_view), live, who)
    coded_by.update(by)
    with_inserts = analysis.with_inserts
    if with_inserts is not None:
        with_inserts, by = _apply_scores(analysis, with_inserts, set(other_view), live, who)
        coded_by.update({f"with_inserts.{k}": v for k, v in by.items()})
    new = replace(analysis, scores=scores, with_inserts=with_inserts)
    return CodedAnalysis(new, who, coded_by, tuple(live), stale, reanalysed)


def _reanalyse(analysis: Analysis, spans: list[OffTopicSpan], models, settings) -> Analysis:
    from analysis.models import ModelSet
    from analysis.pipeline import Settings, analyze_article

    if settings is None:
        s = (analysis.provenance or {}).get("settings") or {}
        settings = Settings(
            include_off_topic=analysis.include_off_topic,
            offtopic_threshold=float(s["offtopic_threshold"]) if s.get("offtopic_threshold") is not None else None,
            codebook=str((analysis.provenance or {}).get("codebook") or s.get("codebook") or "policy_frames"),
        )
    base = models or ModelSet.load(settings.model_dir, settings.codebook)
    forced = ModelSet(
        _ForcedOffTopic(base.offtopic, spans),
        base.attribution,
        base.framing,
        base.loaded,
        base.consistency,
        base.provenance(),
    )
    out = analyze_article(analysis.article, settings, forced)
    return replace(out, article=analysis.article)


# --- scores on one view ---------------------------------------------------------------------


def _in_view(analysis: Analysis, view: set[int], pos: int) -> bool:
    for i in view:
        s = analysis.segments[i]
        if s.start <= pos < s.end:
            return s.kind not in NO_SCORE_KINDS
    return False


def _sentence_of(analysis: Analysis, pos: int) -> int:
    for i, s in enumerate(analysis.sentences):
        if s.start <= pos < s.end:
            return i
    return max(0, min(range(len(analysis.sentences)), key=lambda i: abs(analysis.sentences[i].start - pos), default=0))


def _apply_scores(
    analysis: Analysis, scores: Scores, view: set[int], codings: list[Coding], who: str | None
) -> tuple[Scores, dict]:
    by: dict[str, tuple[str, ...]] = {}
    atts, att_by = _attributions(analysis, scores, view, [c for c in codings if c.task == "attribution"])
    profile = scores.attribution_profile
    figures = scores.figures
    if atts is not scores.attributions:
        from analysis.attribution.component import AttributionComponent
        from analysis.attribution.extractor import attribution_profile

        claims = [s for s, _ in profile.claims_list] if profile is not None else _claims(analysis, view)
        profile = attribution_profile(list(atts), claims)
        figures = tuple(AttributionComponent.link_figures(list(figures), list(atts), list(analysis.sentences)))
    by["attributions"] = att_by
    loaded, rate, loaded_by = _loaded(analysis, scores, view, [c for c in codings if c.task == "loaded"])
    by["loaded_language"] = loaded_by
    frames, frames_by = _frames(analysis, scores.frames, view, [c for c in codings if c.task == "framing"])
    by["frames"] = frames_by
    out = replace(
        scores,
        attributions=atts,
        attribution_profile=profile,
        figures=figures,
        loaded_language=loaded,
        loaded_language_rate=rate,
        frames=frames,
    )
    return out, by


def _claims(analysis: Analysis, view: set[int]) -> list[int]:
    """Claim sentences when the model gave no profile (same rule as the pipeline)."""
    out = []
    for i, s in enumerate(analysis.sentences):
        seg = analysis.segments[s.segment]
        text = analysis.text[s.start : s.end]
        if s.segment in view and seg.kind not in ("headline", "caption_credit", "boilerplate", "crosshead", "dateline"):
            if not text.rstrip().endswith("?") and len(text.split()) >= 3:
                out.append(i)
    return out


def _attributions(analysis: Analysis, scores: Scores, view: set[int], codings: list[Coding]):
    mine = [
        c for c in sorted(codings, key=lambda c: (c.modified_at, c.uid)) if c.span and _in_view(analysis, view, c.start)
    ]
    if not mine:
        return scores.attributions, (MODEL,) * len(scores.attributions)
    items: list[tuple[Attribution, str]] = [(a, MODEL) for a in scores.attributions]
    text = analysis.text
    for c in mine:
        replaced = [a for a, _ in items if _overlap((a.start, a.end), c.span) > 0]
        items = [(a, w) for a, w in items if _overlap((a.start, a.end), c.span) == 0]
        if not c.positive():
            continue
        v = c.value
        base = replaced[0] if replaced else None
        ss, se = v.get("source_start"), v.get("source_end")
        if ss is None and base is not None:
            ss, se = base.source_start, base.source_end
        source = text[ss:se] if ss is not None else None
        items.append(
            (
                Attribution(
                    start=c.start, end=c.end, cue=text[c.start : c.end], source=source, source_start=ss, source_end=se,
                    canonical_source=v.get("canonical_source") or (base.canonical_source if base else None) or source,
                    resolved_from=None, source_type=v.get("source_type") or (base.source_type if base else "unspecified_report"),
                    source_subtype=v.get("source_subtype") or (base.source_subtype if base else None),
                    country=base.country if base else None,
                    content_start=base.content_start if base else None, content_end=base.content_end if base else None,
                    via=base.via if base else (), confidence=1.0, sentence=_sentence_of(analysis, c.start),
                ),
                c.coder,
            )
        )  # fmt: skip
    old_index = {id(a): i for i, a in enumerate(scores.attributions)}
    items.sort(key=lambda x: (x[0].start, x[0].end))
    new_index = {old_index[id(a)]: k for k, (a, w) in enumerate(items) if w == MODEL}
    out = []
    for a, w in items:
        if w == MODEL and a.resolved_from is not None:
            a = replace(a, resolved_from=new_index.get(a.resolved_from))
        out.append(a)
    return tuple(out), tuple(w for _, w in items)


def _loaded(analysis: Analysis, scores: Scores, view: set[int], codings: list[Coding]):
    mine = [
        c for c in sorted(codings, key=lambda c: (c.modified_at, c.uid)) if c.span and _in_view(analysis, view, c.start)
    ]
    if not mine:
        return scores.loaded_language, scores.loaded_language_rate, (MODEL,) * len(scores.loaded_language)
    items: list[tuple[LoadedSpan, str]] = [(x, MODEL) for x in scores.loaded_language]
    for c in mine:
        items = [(x, w) for x, w in items if _overlap((x.start, x.end), c.span) == 0]
        if c.positive():
            items.append((LoadedSpan(c.start, c.end, 1.0, "coded"), c.coder))
    items.sort(key=lambda x: (x[0].start, x[0].end))
    n_words = 0
    for s in analysis.sentences:
        if s.segment in view and analysis.segments[s.segment].kind not in NO_SCORE_KINDS:
            n_words += len(WORD_RE.findall(analysis.text[s.start : s.end]))
    rate = round(100.0 * len(items) / n_words, 4) if n_words else 0.0
    return tuple(x for x, _ in items), rate, tuple(w for _, w in items)


def _frames(analysis: Analysis, frames: FrameScores | None, view: set[int], codings: list[Coding]):
    spans = [c for c in sorted(codings, key=lambda c: (c.modified_at, c.uid)) if c.span]
    whole = [
        c
        for c in sorted(codings, key=lambda c: (c.modified_at, c.uid))
        if not c.span and c.value.get("frames") is not None
    ]
    if frames is None and not spans and not whole:
        return None, ()
    if frames is None:
        cb = next((c.value.get("codebook") for c in spans + whole if c.value.get("codebook")), "custom")
        frames = FrameScores(cb, {}, {}, ())
    segs: dict[int, SegmentFrames] = {sf.segment: sf for sf in frames.segments}
    seg_by: dict[int, str] = {i: MODEL for i in segs}
    labels = list(
        dict.fromkeys([*frames.article, *frames.distribution, *(k for sf in frames.segments for k in sf.frames)])
    )
    for c in spans + whole:
        for f in c.value.get("frames") or []:
            if f not in labels:
                labels.append(f)
    changed = False
    for c in spans:
        coded = set(c.value.get("frames") or [])
        for i in sorted(view):
            seg = analysis.segments[i]
            if seg.kind in NO_SCORE_KINDS or not _covers((seg.start, seg.end), c.span):
                continue
            segs[i] = SegmentFrames(i, {lab: 1.0 if lab in coded else 0.0 for lab in labels}, {})
            seg_by[i] = c.coder
            changed = True
    ordered = [segs[i] for i in sorted(segs)]
    if changed:
        ordered = [
            SegmentFrames(sf.segment, {lab: sf.frames.get(lab, 0.0) for lab in labels}, sf.evidence) for sf in ordered
        ]
        weights = [analysis.segments[sf.segment].end - analysis.segments[sf.segment].start for sf in ordered]
        mass = {lab: sum(w * sf.frames[lab] for w, sf in zip(weights, ordered)) for lab in labels}
        total = sum(mass.values()) or 1.0
        distribution = {lab: float(round(v / total, 6)) for lab, v in mass.items()}
        article = {}
        for lab in labels:
            keep = sum(
                min(1.0, w / FULL_VOTE_CHARS) * math.log(max(1e-9, 1 - sf.frames[lab]))
                for w, sf in zip(weights, ordered)
            )
            article[lab] = float(round(1 - math.exp(keep), 4))
    else:
        distribution, article = dict(frames.distribution), dict(frames.article)
    if whole:
        coded = set(whole[-1].value.get("frames") or [])
        article = {lab: 1.0 if lab in coded else 0.0 for lab in labels}
    out = FrameScores(frames.codebook, article, distribution, tuple(ordered))
    return out, tuple(seg_by[sf.segment] for sf in ordered)


# --- the contract dict with coded_by ------------------------------------------------------------


def coded_dict(coded: CodedAnalysis) -> dict:
    """``parallax.analysis/1`` of the coded analysis, each item carrying ``coded_by``
    (new fields only: every contract field keeps its meaning)."""
    from analysis.serialize import analysis_dict

    d = analysis_dict(coded.analysis)

    def mark(items: list | None, key: str) -> None:
        for i, item in enumerate(items or []):
            item["coded_by"] = coded.who(key, i)

    for prefix, part in (("", d), ("with_inserts.", d.get("with_inserts"))):
        if not part:
            continue
        mark(part.get("attributions"), prefix + "attributions")
        mark(part.get("loaded_language"), prefix + "loaded_language")
        mark((part.get("frames") or {}).get("segments"), prefix + "frames")
    mark(d.get("segments"), "segments")
    mark(d.get("off_topic"), "off_topic")
    d["coding"] = {
        "coder": coded.coder,
        "codings_applied": len(coded.applied),
        "codings_stale": len(coded.stale),
        "reanalysed": coded.reanalysed,
    }
    return d
