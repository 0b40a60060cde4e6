"""Reader for the news articles this project writes as raw material for training data.

An authored article is a small text file::

    id: en-017
    lang: en
    topic: wildfire-california
    title: Wildfire forces evacuation of 12,000 residents near Sacramento
    ---
    First paragraph.

    ## A crosshead of the same story

    Second paragraph.

Paragraphs are separated by blank lines.  A line starting with ``## `` is a
crosshead (a legitimate short line of the article itself).  The header keys
``id``, ``lang``, ``topic`` and ``title`` are required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REQUIRED_KEYS = ("id", "lang", "topic", "title")
_WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u097F]+")


class ArticleFormatError(ValueError):
    """An authored article file does not follow the format above."""


@dataclass(frozen=True)
class Block:
    """One block of an authored article: a paragraph or a crosshead."""

    text: str
    crosshead: bool = False


@dataclass(frozen=True)
class AuthoredArticle:
    id: str
    lang: str
    topic: str
    title: str
    blocks: tuple[Block, ...]
    path: str = ""

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if not b.crosshead]

    @property
    def word_count(self) -> int:
        return sum(len(_WORD.findall(b.text)) for b in self.blocks)


def parse_article(raw: str, path: str = "") -> AuthoredArticle:
    head, sep, body = raw.partition("\n---\n")
    if not sep:
        raise ArticleFormatError(f"{path}: no '---' line between header and body")
    meta: dict[str, str] = {}
    for line in head.strip().splitlines():
        key, colon, value = line.partition(":")
        if not colon:
            raise ArticleFormatError(f"{path}: header line without ':': {line!r}")
        meta[key.strip()] = value.strip()
    missing = [k for k in REQUIRED_KEYS if not meta.get(k)]
    if missing:
        raise ArticleFormatError(f"{path}: header lacks {', '.join(missing)}")
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        text = " ".join(line.strip() for line in chunk.strip().splitlines())
        if not text:
            continue
        if text.startswith("## "):
            blocks.append(Block(text[3:].strip(), crosshead=True))
        else:
            blocks.append(Block(text))
    if not blocks:
        raise ArticleFormatError(f"{path}: empty body")
    return AuthoredArticle(
        id=meta["id"],
        lang=meta["lang"],
        topic=meta["topic"],
        title=meta["title"],
        blocks=tuple(blocks),
        path=path,
    )


def load_articles(folder: str | Path) -> list[AuthoredArticle]:
    """Every ``*.txt`` article under ``folder``, sorted by id (deterministic)."""
    out = []
    for p in sorted(Path(folder).rglob("*.txt")):
        out.append(parse_article(p.read_text(encoding="utf-8"), str(p)))
    out.sort(key=lambda a: a.id)
    return out


def check_articles(folder: str | Path) -> list[str]:
    """Problems a writer should fix, as readable lines (empty when all is well)."""
    problems = []
    seen: dict[str, str] = {}
    titles: dict[str, str] = {}
    try:
        arts = load_articles(folder)
    except ArticleFormatError as exc:
        return [str(exc)]
    for a in arts:
        if a.id in seen:
            problems.append(f"{a.path}: duplicate id {a.id} (also {seen[a.id]})")
        seen[a.id] = a.path
        if a.title in titles:
            problems.append(f"{a.path}: same title as {titles[a.title]}")
        titles[a.title] = a.path
        if a.lang not in ("hi", "en"):
            problems.append(f"{a.path}: lang must be hi or en")
        n_par = len(a.paragraphs)
        if n_par < 4:
            problems.append(f"{a.path}: {n_par} paragraphs, need at least 4")
        if not 150 <= a.word_count <= 600:
            problems.append(f"{a.path}: {a.word_count} words, need 150-600")
        if "[[" in "".join(b.text for b in a.blocks):
            problems.append(f"{a.path}: contains markup '[['")
    return problems


def summary(folder: str | Path) -> str:
    arts = load_articles(folder)
    topics: dict[tuple[str, str], int] = {}
    for a in arts:
        topics[(a.lang, a.topic)] = topics.get((a.lang, a.topic), 0) + 1
    by_lang: dict[str, int] = {}
    for a in arts:
        by_lang[a.lang] = by_lang.get(a.lang, 0) + 1
    n_topics = {lang: sum(1 for (lg, _t) in topics if lg == lang) for lang in by_lang}
    words = [a.word_count for a in arts]
    crossheads = sum(1 for a in arts for b in a.blocks if b.crosshead)
    return (
        f"articles {len(arts)} by language {by_lang}; topics {n_topics}; "
        f"words min {min(words) if words else 0} max {max(words) if words else 0}; "
        f"crossheads {crossheads}"
    )
