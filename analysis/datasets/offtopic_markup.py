"""Inline markup for hand-made off-topic evaluation articles.

An article file holds one article; inserts are wrapped as ``[[X kind|inserted text]]``
where kind is one of the contract's off-topic kinds.  Parsing removes the markup and
returns the plain text with gold spans, so writers never count characters::

    ...पर चर्चा हुई।[[X promo_headline|बिहार में बस पलटी, 12 यात्री घायल]]
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.model import OFF_TOPIC_KINDS

_TAG = re.compile(r"\[\[X ([a-z_]+)\|(.*?)\]\]", re.S)


class OffTopicMarkupError(ValueError):
    pass


def parse_offtopic_markup(raw: str, where: str = "") -> tuple[str, list[dict]]:
    out, spans, pos, cursor = [], [], 0, 0
    for m in _TAG.finditer(raw):
        kind, inner = m.group(1), m.group(2)
        if kind not in OFF_TOPIC_KINDS:
            raise OffTopicMarkupError(f"{where}: unknown kind {kind!r}")
        if not inner.strip() or "[[" in inner:
            raise OffTopicMarkupError(f"{where}: empty or nested insert")
        out.append(raw[cursor : m.start()])
        pos += m.start() - cursor
        out.append(inner)
        spans.append({"start": pos, "end": pos + len(inner), "kind": kind})
        pos += len(inner)
        cursor = m.end()
    out.append(raw[cursor:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise OffTopicMarkupError(f"{where}: unparsed markup left")
    return text, spans


def load_marked_articles(folder: str | Path) -> list[dict]:
    """Every ``*.txt`` under ``folder`` as ``{"id", "lang", "text", "off_topic"}``.

    The first line of a file may be a header ``#! lang=hi topic=...``; it is not part
    of the article text."""
    out = []
    for p in sorted(Path(folder).rglob("*.txt")):
        raw = p.read_text(encoding="utf-8")
        meta = {}
        if raw.startswith("#!"):
            head, _, raw = raw.partition("\n")
            meta = dict(kv.split("=", 1) for kv in head[2:].split() if "=" in kv)
        text, spans = parse_offtopic_markup(raw, str(p))
        lang = meta.get("lang") or ("hi" if "/hi/" in p.as_posix() else "en")
        out.append({"id": p.stem, "lang": lang, "topic": meta.get("topic", p.stem), "text": text, "off_topic": spans})
    return out
