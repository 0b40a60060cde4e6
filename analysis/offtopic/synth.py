"""Build off-topic training articles from the clean articles this project wrote.

Each authored article is rendered as plain text (headline line, paragraphs,
crossheads) in one of several layouts, and — in most variants — gets inserts
taken from *other* authored articles: their headlines (promos, with or without a
cue word, on their own line, glued to the end of a sentence with no space, in
parentheses, several in a row, promos of related stories on the same topic) and
their sentences (unrelated passages).  Credits, app promos and boilerplate lines
come from small phrase lists.  Everything is seeded by article id, so the output
is the same on every machine.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from analysis.datasets.articles import AuthoredArticle
from analysis.resources import load_json
from analysis.segment import split_sentences


@dataclass
class _Doc:
    parts: list[str] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)
    length: int = 0

    shape: str = ""

    def add(self, s: str, kind: str | None = None) -> None:
        if kind:
            lead = len(s) - len(s.lstrip())
            trail = len(s) - len(s.rstrip())
            span = {"start": self.length + lead, "end": self.length + len(s) - trail, "kind": kind}
            if self.shape:
                span["shape"] = self.shape
            self.spans.append(span)
        self.parts.append(s)
        self.length += len(s)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _rng(*keys: str) -> random.Random:
    h = hashlib.sha256("|".join(keys).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


class InsertSource:
    """Headlines and sentences of the other articles, by language and topic."""

    def __init__(self, articles: list[AuthoredArticle]):
        self.articles = articles
        self.by_lang: dict[str, list[AuthoredArticle]] = {}
        for a in articles:
            self.by_lang.setdefault(a.lang, []).append(a)
        self.phrases = load_json("lexicons", "offtopic_phrases.json")

    def headline(self, art: AuthoredArticle, rng: random.Random, related: bool) -> str:
        pool = [
            a
            for a in self.by_lang[art.lang]
            if a.id != art.id and ((a.topic == art.topic) == related)
        ]
        if not pool:
            pool = [a for a in self.by_lang[art.lang] if a.id != art.id]
        return rng.choice(pool).title

    def sentence(self, art: AuthoredArticle, rng: random.Random, n: int = 1) -> str:
        pool = [a for a in self.by_lang[art.lang] if a.topic != art.topic]
        other = rng.choice(pool)
        sents = [s for p in other.paragraphs for s in _sentences(p) if len(s.split()) >= 6]
        i = rng.randrange(max(1, len(sents) - n + 1))
        return " ".join(sents[i : i + n])

    def phrase(self, lang: str, kind: str, rng: random.Random) -> str:
        return rng.choice(self.phrases[kind][lang])


INSERT_SHAPES = (
    "own_line",
    "own_line_cue",
    "glued_end",
    "glued_mid",
    "paren_cue",
    "several",
    "related_own_line",
    "related_glued",
    "passage_own_line",
    "passage_glued",
    "app_promo",
    "credit_line",
    "boilerplate",
    "cue_suffix",
    "numbered_headline",
    "web_junk",
)


_BOX_TITLES = {
    "hi": ["एक नजर में", "मुख्य बातें", "प्रमुख आंकड़े", "अहम तारीखें", "कार्यक्रम"],
    "en": ["At a glance", "Key figures", "Key dates", "In numbers", "The schedule"],
}


def _fact_lines(para: str, lang: str, rng: random.Random) -> list[str]:
    """``key: value`` lines built from the paragraph's own figures and dates."""
    from analysis.facts.dates import extract_dates
    from analysis.facts.figures import extract_figures

    spans = [(d.start, d.end) for d in extract_dates(para)] + [(f.start, f.end) for f in extract_figures(para)]
    lines = []
    for s, e in sorted(spans)[:5]:
        left = para[:s].replace("\n", " ").split(" ")
        key = " ".join(w for w in left[-rng.choice([2, 3, 4]) :] if w).strip(",;:।.")
        value = para[s:e]
        tail = para[e:].split(" ")[1:3] if rng.random() < 0.5 else []
        if key:
            lines.append(f"{key}: {value} {' '.join(tail)}".strip(" ,।."))
    return lines if len(lines) >= 3 else []


def _style_paragraph(text: str, lang: str, style: dict, rng: random.Random) -> str:
    """Scraped-text artefacts that are NOT inserts: a spaced or Latin full stop in Hindi,
    a paragraph whose last sentence lost its full stop, a sentence broken across lines."""
    if lang == "hi" and style["danda"] != "।":
        text = text.replace("।", style["danda"])
    if style["drop_final_stop"] and rng.random() < 0.35:
        text = text.rstrip().rstrip("।.").rstrip()
    if style["line_breaks"] and rng.random() < 0.3:
        words = text.split(" ")
        if len(words) > 16:
            k = rng.randrange(6, len(words) - 6)
            text = " ".join(words[:k]) + "\n" + " ".join(words[k:])
    return text


def render(art: AuthoredArticle, source: InsertSource, variant: int, n_inserts: int) -> dict:
    """One training article: text plus its gold off-topic spans."""
    rng = _rng(art.id, str(variant))
    lang = art.lang
    sep = rng.choice(["\n", "\n", "\n\n"])
    style = {
        "danda": rng.choice(["।", "।", "।", " ।", "."]),
        "drop_final_stop": rng.random() < 0.3,
        "line_breaks": rng.random() < 0.2,
        "list_lines": rng.random() < 0.15,
    }
    doc = _Doc()
    title = art.title
    doc.add(title)
    clean = n_inserts == 0
    doc.shape = "title_credit"
    if not clean and rng.random() < 0.15:
        doc.add(rng.choice([", ", " | ", " - "]))
        doc.add(source.phrase(lang, "credit", rng), "caption_credit")
    doc.shape = "top_boilerplate"
    if not clean and rng.random() < 0.1:
        doc.add(sep)
        doc.add(source.phrase(lang, "boilerplate", rng), "boilerplate")
    blocks = list(art.blocks)
    # where the inserts go: after block i (own line) or inside block i (glued)
    shapes = [rng.choice(INSERT_SHAPES) for _ in range(n_inserts)]
    if variant >= 3 and shapes:
        shapes[0] = rng.choice(("related_own_line", "related_glued", "passage_own_line"))
    body_idx = [i for i, b in enumerate(blocks) if not b.crosshead]
    plan: dict[int, list[str]] = {}
    for shape in shapes:
        # never before the first paragraph, rarely after the last
        pos = rng.choice(body_idx[:-1] if len(body_idx) > 2 else body_idx)
        plan.setdefault(pos, []).append(shape)
    list_block = rng.choice(body_idx[1:]) if style["list_lines"] and len(body_idx) > 2 else None
    for i, b in enumerate(blocks):
        doc.add(sep)
        if b.crosshead:
            doc.add(b.text)
            continue
        if i > 1 and rng.random() < 0.07:
            facts = _fact_lines(b.text, lang, rng)
            if facts:
                # a box of the article's own figures and dates: "key: value" lines (legitimate)
                if rng.random() < 0.7:
                    head = source.phrase(lang, "question_crossheads", rng) if rng.random() < 0.3 else rng.choice(_BOX_TITLES[lang])
                    doc.add(head.rstrip("?") + ":" if rng.random() < 0.5 else head)
                    doc.add(sep if rng.random() < 0.5 else "\n")
                doc.add("\n".join(facts))
                doc.add(sep)
        if rng.random() < 0.06:
            # a question crosshead of the article itself (legitimate)
            doc.add(source.phrase(lang, "question_crossheads", rng))
            doc.add(sep)
        own_shapes = plan.get(i, [])
        glued = [s for s in own_shapes if s in ("glued_end", "glued_mid", "related_glued", "passage_glued", "paren_cue")]
        after = [s for s in own_shapes if s not in glued]
        if i == list_block and not glued:
            # a paragraph set as a list of short lines (legitimate text): numbered, bulleted,
            # bare, or "key: value"
            items = [x.rstrip("।. ") for x in _sentences(b.text)]
            marker = rng.choice(["{}. ", "{}- ", "• ", "- ", "", "kv"])
            if marker == "kv":
                lines = []
                for x in items:
                    w = x.split(" ")
                    k = min(len(w) - 1, rng.choice([2, 3, 4]))
                    lines.append(" ".join(w[:k]) + ": " + " ".join(w[k:]) if k > 0 else x)
            else:
                lines = [marker.format(k + 1) + x for k, x in enumerate(items)]
            doc.add("\n".join(lines))
        else:
            _paragraph_with_inserts(doc, _style_paragraph(b.text, lang, style, rng), glued, art, source, rng)
        for shape in after:
            _own_line_insert(doc, shape, art, source, rng, sep)
    doc.shape = "end_app"
    if not clean and rng.random() < 0.08:
        doc.add(sep)
        doc.add(source.phrase(lang, "app", rng), "app_or_social_promo")
    return {"id": f"{art.id}-v{variant}", "lang": lang, "topic": art.topic, "text": doc.text, "off_topic": doc.spans}


def _paragraph_with_inserts(doc: _Doc, para: str, shapes: list[str], art, source, rng) -> None:
    if not shapes:
        doc.add(para)
        return
    sents = _sentences(para)
    # choose a sentence boundary for each glued insert
    cut_points = sorted(rng.randrange(1, len(sents) + 1) for _ in shapes)
    k = 0
    for j, s in enumerate(sents):
        if j:
            doc.add(" ")
        doc.add(s)
        while k < len(shapes) and cut_points[k] == j + 1:
            shape = shapes[k]
            doc.shape = shape
            last = j == len(sents) - 1
            if shape == "paren_cue":
                doc.add(" ")
                doc.add("(" + source.phrase(art.lang, "read_also_cue", rng) + " " + source.headline(art, rng, False) + ")", "read_also")
            elif shape in ("glued_end", "glued_mid", "related_glued"):
                head = source.headline(art, rng, shape == "related_glued")
                doc.add(head, "promo_headline")  # no space: glued straight to the full stop
                if not last and shape == "glued_mid":
                    pass  # the next sentence follows after the usual space
            else:  # passage_glued
                doc.add(" " if rng.random() < 0.5 else "")
                lead = source.phrase(art.lang, "passage_transitions", rng) if rng.random() < 0.4 else ""
                doc.add(lead + source.sentence(art, rng), "unrelated_passage")
            k += 1


def _own_line_insert(doc: _Doc, shape: str, art, source, rng, sep: str) -> None:
    lang = art.lang
    doc.add(sep)
    doc.shape = shape
    if shape == "own_line":
        doc.add(source.headline(art, rng, False), "promo_headline")
    elif shape == "related_own_line":
        doc.add(source.headline(art, rng, True), "promo_headline")
    elif shape == "own_line_cue":
        doc.add(source.phrase(lang, "read_also_cue", rng) + " " + source.headline(art, rng, rng.random() < 0.3), "read_also")
    elif shape == "cue_suffix":
        doc.add(source.headline(art, rng, False) + source.phrase(lang, "watch_suffix", rng), "promo_headline")
    elif shape == "several":
        n = rng.choice([2, 3])
        for m in range(n):
            if m:
                doc.add("\n")
            cue = source.phrase(lang, "read_also_cue", rng) + " " if rng.random() < 0.7 else ""
            doc.add(cue + source.headline(art, rng, rng.random() < 0.3), "read_also" if cue else "promo_headline")
    elif shape == "passage_own_line":
        doc.add(source.sentence(art, rng, rng.choice([1, 2])), "unrelated_passage")
    elif shape == "app_promo":
        doc.add(source.phrase(lang, "app", rng), "app_or_social_promo")
    elif shape == "numbered_headline":
        n = rng.randrange(2, 9)
        doc.add(f"{n}{rng.choice(['. ', '.', '- '])}" + source.headline(art, rng, rng.random() < 0.5), "promo_headline")
    elif shape == "web_junk":
        doc.add(source.phrase(lang, "web_junk", rng), "boilerplate")
    elif shape == "credit_line":
        if rng.random() < 0.5:
            # a photo caption: a description taken from the article, then a credit
            words = source.sentence(art, rng).split(" ")[: rng.randrange(6, 14)]
            doc.add(" ".join(words).rstrip(",।.") + rng.choice([". ", " ", "। - ", " | "]) + source.phrase(lang, "credit", rng), "caption_credit")
        else:
            doc.add(source.phrase(lang, "credit", rng), "caption_credit")
    elif shape == "boilerplate":
        doc.add(source.phrase(lang, "boilerplate", rng), "boilerplate")


def build_corpus(articles: list[AuthoredArticle], variants: int = 2) -> list[dict]:
    """Variant 0 of every article is clean; the others carry 1-3 inserts (the last variant
    leans on the hardest shape, promos of related stories without a cue)."""
    source = InsertSource(articles)
    out = []
    for art in articles:
        for v in range(variants):
            rng = _rng(art.id, "n", str(v))
            n = 0 if v == 0 else rng.choice([1, 1, 2, 2, 3])
            out.append(render(art, source, v, n))
    return out
