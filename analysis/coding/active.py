"""The active-learning queue: the segments where the model is least certain, so that a
coder's time goes where a coding teaches the model most.

Uncertainty is 1 at the model's decision threshold and 0 at full certainty:
``1 - |p - t| / max(t, 1 - t)`` for a probability ``p`` and threshold ``t``
(off-topic segment scores, each frame of a segment, loaded-language sentences); for
an attribution it is ``1 - confidence``.  Spans the coder has already coded for the
task are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from analysis.coding.codings import Coding
from analysis.model import Analysis

FRAMED_KINDS = ("headline", "paragraph", "crosshead")
NO_SCORE_KINDS = ("caption_credit", "boilerplate")


@dataclass(frozen=True)
class Suggestion:
    article_id: str
    task: str
    start: int
    end: int
    uncertainty: float
    detail: str


def uncertainty(p: float, t: float = 0.5) -> float:
    t = min(max(t, 1e-6), 1 - 1e-6)
    return round(max(0.0, 1.0 - abs(p - t) / max(t, 1 - t)), 4)


def _coded(codings: Iterable[Coding]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    out: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for c in codings:
        if c.span:
            out.setdefault((c.article_id, c.task), []).append(c.span)
    return out


def _done(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    for a, b in spans:
        o = max(0, min(b, e) - max(a, s))
        if o > 0 and (2 * o >= e - s or 2 * o >= b - a):
            return True
    return False


def least_certain(
    analyses: Sequence[Analysis],
    tasks: Sequence[str] = ("offtopic", "framing", "attribution", "loaded"),
    codings: Iterable[Coding] = (),
    models=None,
    offtopic_threshold: float | None = None,
    limit: int = 25,
) -> list[Suggestion]:
    """The ``limit`` least certain items over ``analyses`` (most uncertain first).
    ``models`` (a :class:`~analysis.models.ModelSet`) gives frame thresholds and
    scores every sentence for loaded language; without it frames use 0.5 and loaded
    language is left out."""
    done = _coded(codings)
    out: list[Suggestion] = []
    frame_thr = _frame_thresholds(models)
    for a in analyses:
        aid = a.id
        if "offtopic" in tasks:
            t = offtopic_threshold
            if t is None:
                t = float(((a.provenance or {}).get("settings") or {}).get("offtopic_threshold") or 0.5)
            for seg in a.segments:
                if seg.kind in NO_SCORE_KINDS or _done(done.get((aid, "offtopic"), []), seg.start, seg.end):
                    continue
                out.append(
                    Suggestion(
                        aid,
                        "offtopic",
                        seg.start,
                        seg.end,
                        uncertainty(seg.off_topic_score, t),
                        f"off-topic score {seg.off_topic_score:.2f} (threshold {t:.2f})",
                    )
                )
        if "framing" in tasks and a.scores.frames is not None:
            for sf in a.scores.frames.segments:
                seg = a.segments[sf.segment]
                if not sf.frames or _done(done.get((aid, "framing"), []), seg.start, seg.end):
                    continue
                best = max(sf.frames, key=lambda f: uncertainty(sf.frames[f], frame_thr.get(f, 0.5)))
                p = sf.frames[best]
                out.append(
                    Suggestion(
                        aid,
                        "framing",
                        seg.start,
                        seg.end,
                        uncertainty(p, frame_thr.get(best, 0.5)),
                        f"frame {best}: {p:.2f} (threshold {frame_thr.get(best, 0.5):.2f})",
                    )
                )
        if "attribution" in tasks:
            for at in a.scores.attributions:
                if _done(done.get((aid, "attribution"), []), at.start, at.end):
                    continue
                out.append(
                    Suggestion(
                        aid,
                        "attribution",
                        at.start,
                        at.end,
                        round(1.0 - at.confidence, 4),
                        f"{at.source_type} at confidence {at.confidence:.2f}",
                    )
                )
        if "loaded" in tasks and models is not None and hasattr(models.loaded, "model"):
            out.extend(_loaded(a, models.loaded, done.get((aid, "loaded"), [])))
    out.sort(key=lambda s: (-s.uncertainty, s.article_id, s.start))
    return out[:limit]


def _frame_thresholds(models) -> Mapping[str, float]:
    fr = getattr(models, "framing", None) if models is not None else None
    m = getattr(fr, "model", None)
    if m is None or not hasattr(m, "thresholds_"):
        return {}
    return {lab: float(t) for lab, t in zip(m.labels, m.thresholds_)}


def _loaded(a: Analysis, component, done: list[tuple[int, int]]) -> list[Suggestion]:
    ok = {i for i, s in enumerate(a.segments) if s.kind in FRAMED_KINDS and not s.off_topic}
    sents = [s for s in a.sentences if s.segment in ok and not _done(done, s.start, s.end)]
    if not sents:
        return []
    probs = component.model.predict_proba([a.text[s.start : s.end] for s in sents])[:, 0]
    t = float(component.threshold)
    return [
        Suggestion(
            a.id,
            "loaded",
            s.start,
            s.end,
            uncertainty(float(p), t),
            f"loaded-language probability {float(p):.2f} (threshold {t:.2f})",
        )
        for s, p in zip(sents, probs)
    ]
