"""Immutable result values shared by the CLI, the exporter and the desktop app.

Every span is ``[start, end)`` in Python ``str`` indices into ``Article.text``,
the text exactly as imported.  Nothing here computes; builders live in the
feature modules.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

OFF_TOPIC_KINDS = (
    "promo_headline",
    "read_also",
    "app_or_social_promo",
    "unrelated_passage",
    "caption_credit",
    "boilerplate",
)
SEGMENT_KINDS = ("headline", "paragraph", "crosshead", "dateline") + OFF_TOPIC_KINDS
SOURCE_TYPES = (
    "state_media",
    "government",
    "anonymous_official",
    "independent_media",
    "unspecified_report",
    "expert",
    "organisation",
    "witness_or_public",
    "document",
    "unattributed_estimate",
)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """An article as imported: the text and what is known about it."""

    text: str
    id: str = ""
    path: str | None = None
    row: int | None = None
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None  # given by the source (a table column), else detected later
    sample: bool = False
    encoding: str | None = None

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def with_default_id(self) -> Article:
        if self.id:
            return self
        return _replace(self, id=self.sha256[:12])


def _replace(obj, **changes):
    from dataclasses import replace

    return replace(obj, **changes)


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def text(self, article_text: str) -> str:
        return article_text[self.start : self.end]


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str
    off_topic: bool = False
    off_topic_score: float = 0.0


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    segment: int


@dataclass(frozen=True)
class OffTopicSpan:
    start: int
    end: int
    kind: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class LanguageInfo:
    language: str  # ISO 639-1, "und" when unknown
    script: str  # "Devanagari", "Latin", ...
    confidence: float
    legacy_font: str | None = None  # e.g. "KrutiDev" when Hindi was typed in a legacy font
    note: str | None = None


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    value: float
    unit: str | None
    qualifier: str | None
    qualifier_kind: str | None
    about: str | None
    estimated: bool = False
    attribution: int | None = None


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str
    resolved: bool
    about: str | None = None


@dataclass(frozen=True)
class EntityMention:
    start: int
    end: int
    canonical: str
    type: str
    gazetteer_id: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Inconsistency:
    kind: str
    entity: str | None
    spans: tuple[tuple[int, int], ...]
    explanation: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relay:
    source: str
    canonical_source: str | None
    source_type: str
    start: int
    end: int


@dataclass(frozen=True)
class Attribution:
    start: int
    end: int
    cue: str
    source: str | None
    source_start: int | None
    source_end: int | None
    canonical_source: str | None
    resolved_from: int | None
    source_type: str
    source_subtype: str | None
    country: str | None
    content_start: int | None
    content_end: int | None
    via: tuple[Relay, ...]
    confidence: float
    sentence: int


@dataclass(frozen=True)
class AttributionProfile:
    claims: int
    attributed_share: float
    by_type: dict[str, int]
    distinct_sources: int
    source_evenness: float | None
    state_media_share: float
    anonymous_share: float
    unattributed_estimates: int
    countries: tuple[str, ...]
    claims_list: tuple[tuple[int, tuple[int, ...]], ...]


@dataclass(frozen=True)
class FrameEvidence:
    term: str
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class SegmentFrames:
    segment: int
    frames: dict[str, float]
    evidence: dict[str, tuple[FrameEvidence, ...]]


@dataclass(frozen=True)
class FrameScores:
    codebook: str
    article: dict[str, float]
    distribution: dict[str, float]
    segments: tuple[SegmentFrames, ...]


@dataclass(frozen=True)
class LoadedSpan:
    start: int
    end: int
    score: float
    category: str | None = None


@dataclass(frozen=True)
class Skipped:
    feature: str
    reason: str


@dataclass(frozen=True)
class Scores:
    """Everything that is computed on a chosen view of the text (with or without inserts)."""

    attributions: tuple[Attribution, ...] = ()
    attribution_profile: AttributionProfile | None = None
    frames: FrameScores | None = None
    loaded_language: tuple[LoadedSpan, ...] = ()
    loaded_language_rate: float = 0.0
    readability: dict[str, Any] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """The result of analysing one article (the contract's ``parallax.analysis/1``)."""

    article: Article
    language: LanguageInfo
    segments: tuple[Segment, ...]
    sentences: tuple[Sentence, ...]
    off_topic: tuple[OffTopicSpan, ...]
    scores: Scores
    with_inserts: Scores | None
    dates: tuple[DateMention, ...]
    entities: tuple[EntityMention, ...]
    inconsistencies: tuple[Inconsistency, ...]
    skipped: tuple[Skipped, ...]
    provenance: dict[str, Any]
    include_off_topic: bool = False
    timing_ms: float = 0.0

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text


# --- comparison (the contract's parallax.comparison/1) -------------------------


@dataclass(frozen=True)
class ArticleRef:
    id: str
    path: str | None
    outlet: str | None
    language: str
    title: str | None


@dataclass(frozen=True)
class Alignment:
    a: int  # index into Comparison.articles
    a_start: int
    a_end: int
    b: int
    b_start: int
    b_end: int
    score: float


@dataclass(frozen=True)
class UniquePassage:
    article: int
    start: int
    end: int
    best_score: float


@dataclass(frozen=True)
class FigureValue:
    article: int
    start: int
    end: int
    value: float
    qualifier_kind: str | None
    source: str | None


@dataclass(frozen=True)
class FigureGroup:
    about: str
    unit: str | None
    disagree: bool
    values: tuple[FigureValue, ...]


@dataclass(frozen=True)
class DateValue:
    article: int
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class DateGroup:
    about: str
    disagree: bool
    values: tuple[DateValue, ...]


@dataclass(frozen=True)
class SpanRef:
    article: int
    start: int
    end: int
    source_type: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Contradiction:
    kind: str
    explanation: str
    spans: tuple[SpanRef, ...]


@dataclass(frozen=True)
class SharedClaim:
    spans: tuple[SpanRef, ...]


@dataclass(frozen=True)
class Comparison:
    articles: tuple[ArticleRef, ...]
    alignments: tuple[Alignment, ...]
    unique: tuple[UniquePassage, ...]
    duplicates: tuple[tuple[int, int, float], ...]
    figures: tuple[FigureGroup, ...]
    dates: tuple[DateGroup, ...]
    contradictions: tuple[Contradiction, ...]
    frames: tuple[tuple[int, dict[str, float]], ...]
    frame_divergence: tuple[tuple[float, ...], ...]
    attribution: tuple[tuple[int, AttributionProfile | None], ...]
    shared_claims: tuple[SharedClaim, ...]
