"""What the views show, as plain values: marks on the text, score items, chart series.

This module turns the core's dataclasses into the rows, marks and series that the
widgets draw, without Qt, so the decisions (which span gets which mark, which
spans back a score, which numbers go on which chart) are tested without a window
and the widgets stay drawing code.  Nothing here analyses text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.model import Analysis, Article, Comparison, Scores

# --- source types: a colour-blind-safe palette (Paul Tol "muted") plus a second cue ----
# Each type also has its own underline style and a short label drawn in the margin and
# the legend, so no distinction rests on colour alone.
SOURCE_TYPES: tuple[tuple[str, str, str, str, str], ...] = (
    # id, label, short label, colour, underline style
    ("state_media", "State media", "STATE", "#CC6677", "single"),
    ("government", "Government", "GOV", "#332288", "dash"),
    ("anonymous_official", "Anonymous official", "ANON", "#882255", "dot"),
    ("independent_media", "Independent media", "MEDIA", "#117733", "dashdot"),
    ("unspecified_report", "Unspecified report", "REPORT", "#999933", "dashdotdot"),
    ("expert", "Expert", "EXPERT", "#44AA99", "single"),
    ("organisation", "Organisation", "ORG", "#AA4499", "dash"),
    ("witness_or_public", "Witness or public", "PUBLIC", "#88CCEE", "dot"),
    ("document", "Document", "DOC", "#DDCC77", "dashdot"),
    ("unattributed_estimate", "Unattributed estimate", "EST", "#777777", "dashdotdot"),
)
SOURCE_TYPE = {t[0]: t for t in SOURCE_TYPES}
# The same types on charts: colour plus a fill pattern (the chart's second cue).
PATTERNS = ("solid", "bdiag", "fdiag", "cross", "dense4", "hor", "ver", "diagcross", "dense6", "dense2")

# Frames: a qualitative palette long enough for 15 frames; charts label every segment.
FRAME_COLOURS = (
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB", "#332288",
    "#117733", "#44AA99", "#88CCEE", "#DDCC77", "#CC6677", "#882255", "#999933", "#AA4499",
)  # fmt: skip


def frame_colour(frame_id: str, order: list[str] | tuple[str, ...] = ()) -> str:
    """A frame's colour: by its place in the codebook, so charts and margin agree
    and the colours stay the same from one run to the next."""
    import zlib

    idx = order.index(frame_id) if frame_id in order else zlib.crc32(frame_id.encode())
    return FRAME_COLOURS[idx % len(FRAME_COLOURS)]


LAYERS = ("off_topic", "attribution", "frames", "loaded", "figures", "dates", "contradictions")
LAYER_LABELS = {
    "off_topic": "Off-topic inserts",
    "attribution": "Sources",
    "frames": "Frames (margin)",
    "loaded": "Loaded language",
    "figures": "Figures",
    "dates": "Dates",
    "contradictions": "Contradictions",
}
SAMPLE_BADGE = "SAMPLE — fictional outlet, written for Parallax"
_SAMPLE_SUFFIX = re.compile(r"\s*\((?:SAMPLE|sample)[^)]*\)\s*$")


def source_type_label(type_id: str | None) -> str:
    if not type_id:
        return "unknown"
    return SOURCE_TYPE.get(type_id, (type_id, type_id.replace("_", " ")))[1]


def scores_for(analysis: Analysis, with_inserts: bool) -> Scores:
    """The scores computed with or without the off-topic inserts.

    ``Analysis.scores`` is the variant chosen in the settings and ``with_inserts``
    holds the other one (only when something was flagged, else both are equal)."""
    if with_inserts == analysis.include_off_topic or analysis.with_inserts is None:
        return analysis.scores
    return analysis.with_inserts


def display_title(article: Article, width: int = 90) -> str:
    """The title, or the first line of the text when the input had none."""
    if article.title:
        return article.title
    first = next((line.strip() for line in article.text.splitlines() if line.strip()), "")
    return (first if len(first) <= width else first[: width - 1] + "…") or "(untitled)"


def outlet_label(article: Article) -> str:
    """A short name for charts and pane headers: the outlet without the sample note."""
    from pathlib import PurePath

    name = article.outlet or (PurePath(article.path).name if article.path else None) or article.title or article.id
    name = _SAMPLE_SUFFIX.sub("", name).strip()
    return name if len(name) <= 28 else name[:27] + "…"


def unique_labels(articles: list[Article]) -> list[str]:
    """Outlet labels, numbered when two articles share an outlet."""
    from collections import Counter

    labels = [outlet_label(a) for a in articles]
    total = Counter(labels)
    seen: Counter[str] = Counter()
    out = []
    for lab in labels:
        seen[lab] += 1
        out.append(lab if total[lab] == 1 else f"{lab} ({seen[lab]})")
    return out


# --- marks on the text -----------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One highlighted span: ``layer`` picks the style, ``kind`` the variant (e.g. a
    source type), ``tip`` is the hover text."""

    start: int
    end: int
    layer: str
    kind: str = ""
    tip: str = ""


def _fmt_score(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def attribution_tip(a, text: str) -> str:
    lines = [
        f"Cue: “{a.cue or text[a.start : a.end]}”",
        f"Source: {a.source or '(none named)'}",
        f"Canonical source: {a.canonical_source or '—'}",
        f"Type: {source_type_label(a.source_type)}" + (f" ({a.source_subtype})" if a.source_subtype else ""),
        f"Country: {a.country or '—'}",
    ]
    if a.via:
        lines.append("Relayed by: " + " → ".join(v.canonical_source or v.source for v in a.via))
    if a.resolved_from is not None:
        lines.append(f"Refers back to attribution #{a.resolved_from + 1}")
    lines.append(f"Confidence: {a.confidence:.2f}")
    return "\n".join(lines)


def article_marks(analysis: Analysis, scores: Scores) -> list[Mark]:
    """Every mark the article view can show, in drawing order (later wins)."""
    text = analysis.text
    marks: list[Mark] = []
    for o in analysis.off_topic:
        reasons = "; ".join(o.reasons) if o.reasons else "no reason recorded"
        marks.append(
            Mark(
                o.start,
                o.end,
                "off_topic",
                o.kind,
                f"Off-topic ({o.kind.replace('_', ' ')}, score {o.score:.2f})\n{reasons}",
            )
        )
    for f in scores.figures:
        about = f" — {f.about}" if f.about else ""
        unit = f" {f.unit}" if f.unit else ""
        qual = f" ({f.qualifier_kind.replace('_', ' ')})" if f.qualifier_kind else ""
        marks.append(Mark(f.start, f.end, "figures", "figure", f"Figure: {f.value:g}{unit}{qual}{about}"))
    for d in analysis.dates:
        marks.append(
            Mark(d.start, d.end, "dates", "date", f"Date: {d.value}" + ("" if d.resolved else " (not resolved)"))
        )
    for x in scores.loaded_language:
        cat = f", {x.category}" if x.category else ""
        marks.append(Mark(x.start, x.end, "loaded", "loaded", f"Loaded language (score {x.score:.2f}{cat})"))
    for i, a in enumerate(scores.attributions):
        tip = f"Attribution #{i + 1}\n" + attribution_tip(a, text)
        if a.source_start is not None and a.source_end is not None and a.source_end > a.source_start:
            marks.append(Mark(a.source_start, a.source_end, "attribution", a.source_type, tip))
        marks.append(Mark(a.start, a.end, "attribution", "cue:" + a.source_type, tip))
    for inc in analysis.inconsistencies:
        for s, e in inc.spans:
            marks.append(
                Mark(
                    s, e, "contradictions", inc.kind, f"Contradiction ({inc.kind.replace('_', ' ')})\n{inc.explanation}"
                )
            )
    return [m for m in marks if 0 <= m.start < m.end <= len(text)]


@dataclass(frozen=True)
class MarginNote:
    """A label drawn beside the text at the line holding ``position``."""

    position: int
    text: str
    kind: str  # a frame id or a source type


def frame_notes(analysis: Analysis, scores: Scores, names: dict[str, str], min_share: float = 0.15) -> list[MarginNote]:
    """The leading frames of each segment, for the margin."""
    if scores.frames is None:
        return []
    notes = []
    for sf in scores.frames.segments:
        if not 0 <= sf.segment < len(analysis.segments):
            continue
        top = sorted(((v, k) for k, v in sf.frames.items() if v >= min_share), reverse=True)[:2]
        if top:
            label = " · ".join(f"{names.get(k, k)} {v:.0%}" for v, k in top)
            notes.append(MarginNote(analysis.segments[sf.segment].start, label, top[0][1]))
    return notes


def source_notes(scores: Scores) -> list[MarginNote]:
    return [
        MarginNote(a.start, SOURCE_TYPE.get(a.source_type, ("", "", a.source_type.upper()))[2], a.source_type)
        for a in scores.attributions
    ]


# --- the side panel's scores, each with the spans behind it ------------------------


@dataclass(frozen=True)
class ScoreItem:
    label: str
    value: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    children: tuple[ScoreItem, ...] = ()
    note: str = ""


def _long_sentences(analysis: Analysis, include_off_topic: bool) -> tuple[tuple[int, int], ...]:
    from analysis.readability import LONG_SENTENCE_WORDS
    from analysis.textutil import WORD_RE

    out = []
    for s in analysis.sentences:
        seg = analysis.segments[s.segment] if 0 <= s.segment < len(analysis.segments) else None
        if seg is not None and seg.off_topic and not include_off_topic:
            continue
        if len(WORD_RE.findall(analysis.text[s.start : s.end])) > LONG_SENTENCE_WORDS:
            out.append((s.start, s.end))
    return tuple(out)


def _measured_sentences(analysis: Analysis, include_off_topic: bool) -> tuple[tuple[int, int], ...]:
    out = []
    for s in analysis.sentences:
        seg = analysis.segments[s.segment] if 0 <= s.segment < len(analysis.segments) else None
        if seg is not None and seg.off_topic and not include_off_topic:
            continue
        out.append((s.start, s.end))
    return tuple(out)


def score_items(analysis: Analysis, scores: Scores, with_inserts: bool, names: dict[str, str]) -> list[ScoreItem]:
    """The side panel: each score with the spans that produced it."""
    skipped = {s.feature: s.reason for s in analysis.skipped}
    items: list[ScoreItem] = []

    off = tuple((o.start, o.end) for o in analysis.off_topic)
    items.append(
        ScoreItem(
            "Off-topic inserts",
            str(len(off)),
            off,
            tuple(
                ScoreItem(o.kind.replace("_", " "), f"{o.score:.2f}", ((o.start, o.end),)) for o in analysis.off_topic
            ),
            "scores " + ("include" if with_inserts else "exclude") + " them",
        )
    )

    atts = scores.attributions
    p = scores.attribution_profile
    if p is not None or atts:
        by_type: dict[str, list[tuple[int, int]]] = {}
        for a in atts:
            by_type.setdefault(a.source_type, []).append((a.start, a.end))
        counts = dict(p.by_type) if p is not None else {k: len(v) for k, v in by_type.items()}
        kids = [
            ScoreItem(
                f"{source_type_label(t)} [{SOURCE_TYPE.get(t, ('', '', t))[2]}]", str(n), tuple(by_type.get(t, ()))
            )
            for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        if p is not None:
            kids.append(
                ScoreItem(
                    "Attributed share of claims", f"{p.attributed_share:.0%}", tuple((a.start, a.end) for a in atts)
                )
            )
            kids.append(ScoreItem("Distinct sources", str(p.distinct_sources)))
            kids.append(ScoreItem("Source evenness", _fmt_score(p.source_evenness)))
            kids.append(
                ScoreItem("State-media share", f"{p.state_media_share:.0%}", tuple(by_type.get("state_media", ())))
            )
            kids.append(
                ScoreItem("Anonymous share", f"{p.anonymous_share:.0%}", tuple(by_type.get("anonymous_official", ())))
            )
        items.append(
            ScoreItem(
                "Attribution profile", f"{len(atts)} attributions", tuple((a.start, a.end) for a in atts), tuple(kids)
            )
        )
    else:
        items.append(ScoreItem("Attribution profile", "not available", note=skipped.get("attribution", "")))

    if scores.frames is not None and scores.frames.distribution:
        ev: dict[str, list[tuple[int, int]]] = {}
        for sf in scores.frames.segments:
            for fid, terms in sf.evidence.items():
                ev.setdefault(fid, []).extend((t.start, t.end) for t in terms)
        kids = tuple(
            ScoreItem(names.get(fid, fid), f"{share:.0%}", tuple(sorted(ev.get(fid, ()))))
            for fid, share in sorted(scores.frames.distribution.items(), key=lambda kv: -kv[1])
            if share > 0
        )
        top = kids[0].label if kids else "—"
        items.append(ScoreItem("Frame distribution", top, tuple(s for k in kids for s in k.spans), kids))
    else:
        items.append(ScoreItem("Frame distribution", "not available", note=skipped.get("framing", "")))

    if scores.loaded_language or "loaded_language" not in skipped:
        items.append(
            ScoreItem(
                "Loaded language",
                f"{len(scores.loaded_language)} ({scores.loaded_language_rate:.1%})",
                tuple((x.start, x.end) for x in scores.loaded_language),
            )
        )
    else:
        items.append(ScoreItem("Loaded language", "not available", note=skipped["loaded_language"]))

    r = scores.readability or {}
    if r.get("available"):
        keys = [k for k, v in r.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        measured = _measured_sentences(analysis, with_inserts)
        long_s = _long_sentences(analysis, with_inserts)
        kids = tuple(
            ScoreItem(k.replace("_", " "), f"{r[k]:g}", long_s if k == "long_sentence_share" else measured)
            for k in keys
        )
        headline = "flesch_reading_ease" if "flesch_reading_ease" in r else "words_per_sentence"
        items.append(
            ScoreItem(
                f"Readability ({r.get('language', analysis.language.language)})",
                f"{r.get(headline, 0):g} {headline.replace('_', ' ')}",
                measured,
                kids,
                r.get("note", ""),
            )
        )
    else:
        items.append(ScoreItem("Readability", "not available", note=str(r.get("reason", ""))))

    figs = scores.figures
    items.append(
        ScoreItem(
            "Figures",
            str(len(figs)),
            tuple((f.start, f.end) for f in figs),
            tuple(ScoreItem(analysis.text[f.start : f.end], f.about or "", ((f.start, f.end),)) for f in figs),
        )
    )
    items.append(
        ScoreItem(
            "Dates",
            str(len(analysis.dates)),
            tuple((d.start, d.end) for d in analysis.dates),
            tuple(ScoreItem(analysis.text[d.start : d.end], d.value, ((d.start, d.end),)) for d in analysis.dates),
        )
    )
    items.append(
        ScoreItem(
            "Contradictions",
            str(len(analysis.inconsistencies)),
            tuple(s for i in analysis.inconsistencies for s in i.spans),
            tuple(ScoreItem(i.explanation or i.kind, "", tuple(i.spans)) for i in analysis.inconsistencies),
        )
    )
    for s in analysis.skipped:
        if s.feature not in ("attribution", "framing", "loaded_language"):
            items.append(ScoreItem(f"Not computed: {s.feature}", "", note=s.reason))
    return items


# --- charts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """Rows (one per article) by categories; ``values[row][col]``."""

    rows: tuple[str, ...]
    categories: tuple[str, ...]
    category_labels: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    note: str = ""


def frame_series(analyses: list[Analysis], with_inserts: bool, names: dict[str, str]) -> Series:
    labels = unique_labels([a.article for a in analyses])
    dists = [(lab, scores_for(a, with_inserts).frames) for lab, a in zip(labels, analyses)]
    cats: list[str] = []
    for _, f in dists:
        if f is not None:
            for k in f.distribution:
                if k not in cats:
                    cats.append(k)
    rows = [(lab, f) for lab, f in dists if f is not None and f.distribution]
    note = ""
    if not rows:
        reasons = {s.reason for a in analyses for s in a.skipped if s.feature == "framing"}
        note = "; ".join(sorted(reasons)) or "no frame scores"
    return Series(
        tuple(lab for lab, _ in rows),
        tuple(cats),
        tuple(names.get(k, k) for k in cats),
        tuple(tuple(float(f.distribution.get(k, 0.0)) for k in cats) for _, f in rows),
        note,
    )


def attribution_series(analyses: list[Analysis], with_inserts: bool) -> Series:
    labels = unique_labels([a.article for a in analyses])
    rows = []
    for lab, a in zip(labels, analyses):
        s = scores_for(a, with_inserts)
        if s.attribution_profile is not None:
            counts = dict(s.attribution_profile.by_type)
        elif s.attributions:
            counts = {}
            for at in s.attributions:
                counts[at.source_type] = counts.get(at.source_type, 0) + 1
        else:
            continue
        rows.append((lab, counts))
    cats = [t[0] for t in SOURCE_TYPES if any(t[0] in c for _, c in rows)]
    cats += sorted({k for _, c in rows for k in c} - set(cats))
    note = ""
    if not rows:
        reasons = {s.reason for a in analyses for s in a.skipped if s.feature == "attribution"}
        note = "; ".join(sorted(reasons)) or "no attributions"
    return Series(
        tuple(lab for lab, _ in rows),
        tuple(cats),
        tuple(source_type_label(c) for c in cats),
        tuple(tuple(float(c.get(k, 0)) for k in cats) for _, c in rows),
        note,
    )


READABILITY_METRICS = {
    "en": (
        ("flesch_reading_ease", "Flesch reading ease (higher = easier)"),
        ("words_per_sentence", "Words per sentence"),
    ),
    "hi": (("words_per_sentence", "Words per sentence"), ("aksharas_per_word", "Aksharas per word")),
}
LANGUAGE_NAMES = {"hi": "Hindi", "en": "English"}


@dataclass(frozen=True)
class ReadabilityPanel:
    language: str
    title: str
    metrics: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]  # (metric label, ((row, value), ...))


def readability_panels(analyses: list[Analysis], with_inserts: bool) -> list[ReadabilityPanel]:
    """One panel per language: scores of different languages never share an axis."""
    labels = unique_labels([a.article for a in analyses])
    by_lang: dict[str, list[tuple[str, dict]]] = {}
    for lab, a in zip(labels, analyses):
        r = scores_for(a, with_inserts).readability or {}
        if r.get("available"):
            by_lang.setdefault(r.get("language") or a.language.language, []).append((lab, r))
    panels = []
    for lang in sorted(by_lang, key=lambda x: (x != "hi", x != "en", x)):
        rows = by_lang[lang]
        metrics = READABILITY_METRICS.get(lang, (("words_per_sentence", "Words per sentence"),))
        panels.append(
            ReadabilityPanel(
                lang,
                f"Readability — {LANGUAGE_NAMES.get(lang, lang)}",
                tuple((label, tuple((lab, float(r.get(key, 0.0))) for lab, r in rows)) for key, label in metrics),
            )
        )
    return panels


def offtopic_series(analyses: list[Analysis]) -> Series:
    labels = unique_labels([a.article for a in analyses])
    return Series(
        tuple(labels), ("off_topic",), ("Off-topic inserts",), tuple((float(len(a.off_topic)),) for a in analyses)
    )


@dataclass(frozen=True)
class Matrix:
    labels: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    note: str = ""


def divergence_matrix(comparison: Comparison | None, analyses: list[Analysis]) -> Matrix:
    if comparison is None or not comparison.frame_divergence:
        return Matrix((), (), "frame divergence needs the comparison of the story")
    import math

    values = tuple(tuple(float(x) for x in row) for row in comparison.frame_divergence)
    if all(math.isnan(x) for i, row in enumerate(values) for j, x in enumerate(row) if i != j):
        reasons = sorted({s.reason for a in analyses for s in a.skipped if s.feature == "framing"})
        return Matrix((), (), "frame divergence needs frame scores" + (f" ({'; '.join(reasons)})" if reasons else ""))
    by_id = {a.id: a.article for a in analyses}
    arts = [by_id.get(r.id) or Article(text="", id=r.id, outlet=r.outlet, title=r.title) for r in comparison.articles]
    return Matrix(tuple(unique_labels(arts)), values)


# --- comparison ------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    """One row of the figures-and-dates table across outlets."""

    kind: str  # "figure" | "date"
    about: str
    unit: str
    disagree: bool
    cells: tuple[str, ...]  # one per compared article
    spans: tuple[tuple[int, int, int], ...] = ()  # (article index, start, end)


_QUAL = {"about": "~", "more_than": ">", "at_least": "≥", "less_than": "<", "up_to": "≤", "estimated": "est."}


def compare_rows(comparison: Comparison, texts: list[str]) -> list[CompareRow]:
    n = len(comparison.articles)
    rows = []
    for g in comparison.figures:
        cells: list[list[str]] = [[] for _ in range(n)]
        for v in g.values:
            if 0 <= v.article < n:
                q = _QUAL.get(v.qualifier_kind or "", "")
                src = f" [{v.source}]" if v.source else ""
                cells[v.article].append(
                    f"{q}{v.value:,.0f}{src}" if v.value == int(v.value) else f"{q}{v.value:g}{src}"
                )
        rows.append(
            CompareRow(
                "figure",
                g.about,
                g.unit or "",
                g.disagree,
                tuple("; ".join(c) for c in cells),
                tuple((v.article, v.start, v.end) for v in g.values),
            )
        )
    for g in comparison.dates:
        cells = [[] for _ in range(n)]
        for v in g.values:
            if 0 <= v.article < n:
                cells[v.article].append(v.value)
        rows.append(
            CompareRow(
                "date",
                g.about,
                "",
                g.disagree,
                tuple("; ".join(c) for c in cells),
                tuple((v.article, v.start, v.end) for v in g.values),
            )
        )
    return rows


@dataclass(frozen=True)
class ClaimRow:
    cells: tuple[str, ...]
    spans: tuple[tuple[int, int, int], ...]


def claim_rows(comparison: Comparison, texts: list[str], width: int = 90) -> list[ClaimRow]:
    """Shared claims: for each outlet the passage and the source it gives."""
    n = len(comparison.articles)
    out = []
    for c in comparison.shared_claims:
        cells = [""] * n
        for s in c.spans:
            if 0 <= s.article < n and s.article < len(texts):
                snippet = " ".join(texts[s.article][s.start : s.end].split())
                snippet = snippet if len(snippet) <= width else snippet[: width - 1] + "…"
                src = s.source or "no source given"
                typ = f", {source_type_label(s.source_type)}" if s.source_type else ""
                cells[s.article] = f"{snippet}\n— {src}{typ}"
        out.append(ClaimRow(tuple(cells), tuple((s.article, s.start, s.end) for s in c.spans)))
    return out


@dataclass
class PassageLinks:
    """Alignments indexed by article for quick look-up when the user clicks a passage."""

    by_article: dict[int, list[tuple[int, int, int, int, int, float]]] = field(default_factory=dict)

    @classmethod
    def build(cls, comparison: Comparison) -> PassageLinks:
        links = cls()
        for al in comparison.alignments:
            links.by_article.setdefault(al.a, []).append((al.a_start, al.a_end, al.b, al.b_start, al.b_end, al.score))
            links.by_article.setdefault(al.b, []).append((al.b_start, al.b_end, al.a, al.a_start, al.a_end, al.score))
        return links

    def at(self, article: int, index: int) -> tuple[tuple[int, int], list[tuple[int, int, int, float]]] | None:
        """The aligned passage of ``article`` containing ``index`` and its counterparts
        ``(other article, start, end, score)``, best first."""
        hits = [h for h in self.by_article.get(article, ()) if h[0] <= index < h[1]]
        if not hits:
            return None
        hits.sort(key=lambda h: h[1] - h[0])
        s, e = hits[0][0], hits[0][1]
        counterparts = sorted(((h[2], h[3], h[4], h[5]) for h in hits if (h[0], h[1]) == (s, e)), key=lambda c: -c[3])
        return (s, e), counterparts
