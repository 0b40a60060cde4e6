"""Analyse one article: the whole chain from text to :class:`Analysis`.

``analyze_article`` depends only on the article and the settings/models, never on
other articles (comparison lives in :mod:`analysis.compare`).  Long work takes a
``progress(fraction, message)`` callback; raising :class:`Cancelled` from it aborts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from analysis import __version__
from analysis.facts.consistency import find_inconsistencies
from analysis.facts.dates import extract_dates
from analysis.facts.entities import extract_entities
from analysis.facts.figures import extract_figures
from analysis.language import detect_language
from analysis.model import (
    OFF_TOPIC_KINDS,
    Analysis,
    Article,
    LanguageInfo,
    OffTopicSpan,
    Scores,
    Segment,
    Sentence,
    Skipped,
)
from analysis.readability import readability, textstat_backend
from analysis.segment import Block, split_sentences, structure
from analysis.textutil import strip_span

Progress = Callable[[float, str], None]
SUPPORTED_LANGUAGES = ("hi", "en")


class Cancelled(Exception):
    """Raised from a progress callback to stop long work."""


@dataclass(frozen=True)
class Settings:
    include_off_topic: bool = False
    offtopic_threshold: float | None = None  # None: the off-topic model's own (cross-validated) threshold
    codebook: str = "policy_frames"
    model_dir: str | None = None
    extra: dict = field(default_factory=dict)

    def key(self) -> str:
        """A stable digest of everything that changes results (for caches)."""
        import hashlib
        import json

        d = asdict(self)
        return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()[:16]


def build_segments(
    text: str, blocks: list[Block], spans: list[OffTopicSpan], block_scores: dict[int, float]
) -> tuple[list[Segment], list[Sentence]]:
    """Cut off-topic spans out of the blocks: every span becomes exactly one segment of
    its kind; the rest of each block stays a segment of the block's kind."""
    segments: list[Segment] = []
    spans = sorted(spans, key=lambda s: s.start)
    for bi, b in enumerate(blocks):
        inner = [s for s in spans if s.start < b.end and b.start < s.end]
        cursor = b.start
        for s in inner:
            ps, pe = strip_span(text, cursor, max(cursor, s.start))
            if ps < pe and _has_word(text[ps:pe]):
                segments.append(Segment(ps, pe, b.kind, False, block_scores.get(bi, 0.0)))
            segments.append(Segment(s.start, s.end, s.kind, True, s.score))
            cursor = max(cursor, s.end)
        ps, pe = strip_span(text, cursor, b.end)
        if ps < pe and (not inner or _has_word(text[ps:pe])):
            off = b.kind in OFF_TOPIC_KINDS
            segments.append(Segment(ps, pe, b.kind, off, 1.0 if off else block_scores.get(bi, 0.0)))
    sentences: list[Sentence] = []
    for si, seg in enumerate(segments):
        for s, e in split_sentences(text, seg.start, seg.end):
            sentences.append(Sentence(s, e, si))
    return segments, sentences


def _has_word(s: str) -> bool:
    return any(c.isalnum() for c in s)


def analyze_article(
    article: Article,
    settings: Settings = Settings(),
    models=None,
    progress: Progress | None = None,
) -> Analysis:
    from analysis.models import ModelSet

    t0 = time.perf_counter()
    models = models or ModelSet.load(settings.model_dir, settings.codebook)
    article = article.with_default_id()
    text = article.text
    skipped: list[Skipped] = []
    lang = detect_language(text, article.language)
    if lang.legacy_font:
        skipped.append(Skipped("all", lang.note or "legacy font"))
    elif lang.language not in SUPPORTED_LANGUAGES:
        skipped.append(
            Skipped(
                "language",
                f"language '{lang.language}' ({lang.script}) is not supported: only segmentation, figures, "
                "dates and readability where available were computed",
            )
        )
    blocks = structure(text, article.title)
    rough_sentences = [(s, e, bi) for bi, b in enumerate(blocks) for s, e in split_sentences(text, b.start, b.end)]
    off_spans, block_scores = models.offtopic.detect(text, blocks, rough_sentences, lang.language, article.title, settings)
    segments, sentences = build_segments(text, blocks, off_spans, block_scores)
    if progress:
        progress(0.3, "segmented and checked for inserts")
    full = lang.language in SUPPORTED_LANGUAGES and not lang.legacy_font
    on_topic = [i for i, seg in enumerate(segments) if not seg.off_topic]
    view_main = on_topic if not settings.include_off_topic else list(range(len(segments)))
    view_other = list(range(len(segments))) if not settings.include_off_topic else on_topic
    on_spans = [(segments[i].start, segments[i].end) for i in on_topic]
    dates = extract_dates(text, on_spans, article.date) if not lang.legacy_font else []
    entities = extract_entities(text, on_spans) if full else []
    if progress:
        progress(0.4, "facts")
    scores = _scores(text, lang, segments, sentences, view_main, dates, models, settings, full, skipped)
    if progress:
        progress(0.75, "attribution, framing and loaded language")
    with_inserts = None
    if off_spans:
        # the other variant carries scores only; evidence stays with the main view
        with_inserts = _scores(text, lang, segments, sentences, view_other, dates, models, settings, full, [], evidence=False)
    inconsistencies = ()
    if full:
        on_set = set(on_topic)
        sentence_spans = [(s.start, s.end) for s in sentences if s.segment in on_set]
        on_figures = scores.figures if not settings.include_off_topic else with_inserts.figures if with_inserts else scores.figures
        inconsistencies = find_inconsistencies(text, sentence_spans, entities, dates, list(on_figures))
    if progress:
        progress(1.0, "analysed")
    return Analysis(
        article=article,
        language=lang,
        segments=tuple(segments),
        sentences=tuple(sentences),
        off_topic=tuple(off_spans),
        scores=scores,
        with_inserts=with_inserts,
        dates=tuple(dates),
        entities=tuple(entities),
        inconsistencies=tuple(inconsistencies),
        skipped=tuple(skipped),
        provenance=provenance(models, settings),
        include_off_topic=settings.include_off_topic,
        timing_ms=round((time.perf_counter() - t0) * 1000, 3),
    )


def _scores(text, lang: LanguageInfo, segments, sentences, view, dates, models, settings, full, skipped, evidence: bool = True) -> Scores:
    view_set = set(view)
    spans = [(segments[i].start, segments[i].end) for i in view]
    sent_idx = [k for k, s in enumerate(sentences) if s.segment in view_set]
    sent_texts = [text[sentences[k].start : sentences[k].end] for k in sent_idx]
    read = readability(lang.language, sent_texts) if not lang.legacy_font else {"available": False, "reason": lang.note}
    figures = extract_figures(text, spans, [(d.start, d.end) for d in dates]) if not lang.legacy_font else []
    if not full:
        return Scores(readability=read, figures=tuple(figures))
    attributions, profile = models.attribution.extract(text, lang.language, segments, sentences, view_set, skipped)
    figures = models.attribution.link_figures(figures, attributions, sentences)
    frames = models.framing.score(text, lang.language, segments, view, skipped, evidence=evidence)
    loaded, rate = models.loaded.find(text, lang.language, segments, sentences, view_set, skipped)
    return Scores(
        attributions=tuple(attributions),
        attribution_profile=profile,
        frames=frames,
        loaded_language=tuple(loaded),
        loaded_language_rate=rate,
        readability=read,
        figures=tuple(figures),
    )


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    libs = {}
    for name in ("scikit-learn", "numpy", "scipy", "textstat", "langdetect", "indic-transliteration", "rapidfuzz", "regex", "openpyxl", "trafilatura", "skops"):
        try:
            libs[name] = version(name)
        except PackageNotFoundError:
            libs[name] = "unknown"
    return libs


def _effective_threshold(models, settings: Settings) -> float | None:
    if settings.offtopic_threshold is not None:
        return settings.offtopic_threshold
    t = getattr(getattr(models, "offtopic", None), "threshold", None)
    return float(t) if t is not None else None


def provenance(models, settings: Settings) -> dict:
    libs = dict(library_versions())
    return {
        "app_version": __version__,
        "models": models.provenance(),
        "codebook": settings.codebook,
        "settings": {
            "include_off_topic": settings.include_off_topic,
            "offtopic_threshold": _effective_threshold(models, settings),
            "offtopic_threshold_from": "model" if settings.offtopic_threshold is None else "user",
            "codebook": settings.codebook,
            "model_dir": "custom" if settings.model_dir else "shipped",
            "readability_backend": textstat_backend(),
        },
        "libraries": libs,
    }
