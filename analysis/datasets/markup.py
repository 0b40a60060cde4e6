"""Inline markup in which this project writes its attribution training passages.

A passage file holds passages, each introduced by a header line::

    ### id=hi-att-001 topic=farm-protest

and followed by the passage text (one or more paragraphs).  Inside the text:

``[[C1 government/executive@KP|ने कहा]]``
    the cue of attribution 1, with the source type of the attribution
    (``type[/subtype][@COUNTRY]``).
``[[S1|किम जोंग-उन]]``
    the source mention of attribution 1 as written nearest the cue.
``[[S2 ref=1|उन्होंने]]``
    a pronoun or back-reference that resolves to the source of attribution 1.
``[[V3|Yonhap]]``
    a relayer of attribution 3 (in order, for "Yonhap, citing KCNA").

Markup does not nest.  Parsing removes it and records character offsets into
the plain text, so writers never count characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.model import SOURCE_TYPES  # noqa: F401  (re-exported for the checker)

SUBTYPES = ("executive", "legislature", "party", "military", "police", "judiciary")

_TAG = re.compile(r"\[\[([CSV])(\d+)([^|\]]*)\|([^\]]*)\]\]")
_HEADER = re.compile(r"^###\s+(.*)$", re.M)


class MarkupError(ValueError):
    """A passage's markup is malformed."""


@dataclass
class MarkedAttribution:
    n: int
    start: int = -1
    end: int = -1
    source_type: str = ""
    source_subtype: str | None = None
    country: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    ref: int | None = None
    via: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Passage:
    id: str
    topic: str
    lang: str
    text: str
    attributions: tuple[MarkedAttribution, ...]
    path: str = ""

    def to_record(self) -> dict:
        """The contract's attribution training record."""
        atts = []
        for a in self.attributions:
            rec = {"start": a.start, "end": a.end, "source_type": a.source_type}
            if a.source_subtype:
                rec["source_subtype"] = a.source_subtype
            if a.country:
                rec["country"] = a.country
            if a.source_start is not None:
                rec["source_start"] = a.source_start
                rec["source_end"] = a.source_end
            if a.ref is not None:
                rec["resolves_to"] = a.ref
            if a.via:
                rec["via"] = [{"start": s, "end": e} for s, e in a.via]
            atts.append(rec)
        return {
            "id": self.id,
            "topic": self.topic,
            "lang": self.lang,
            "text": self.text,
            "attributions": atts,
        }


def _parse_attrs(attrs: str, where: str) -> dict[str, str]:
    out = {}
    for tok in attrs.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            out[k] = v
        else:
            out.setdefault("_type", tok)
    return out


def parse_passage(header: str, body: str, lang: str, path: str = "") -> Passage:
    meta = dict(kv.split("=", 1) for kv in header.split() if "=" in kv)
    pid = meta.get("id", "")
    where = f"{path}: passage {pid or '?'}"
    if not pid:
        raise MarkupError(f"{where}: header lacks id=")
    plain: list[str] = []
    pos = 0
    cursor = 0
    atts: dict[int, MarkedAttribution] = {}
    for m in _TAG.finditer(body):
        plain.append(body[cursor : m.start()])
        pos += m.start() - cursor
        kind, num, attrs, inner = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if not inner.strip():
            raise MarkupError(f"{where}: empty [[{kind}{num}]]")
        start, end = pos, pos + len(inner)
        plain.append(inner)
        pos = end
        cursor = m.end()
        a = atts.setdefault(num, MarkedAttribution(n=num))
        fields = _parse_attrs(attrs, where)
        if kind == "C":
            if a.start >= 0:
                raise MarkupError(f"{where}: two cues numbered {num}")
            a.start, a.end = start, end
            spec = fields.get("_type", "")
            spec, _, country = spec.partition("@")
            stype, _, sub = spec.partition("/")
            if stype not in SOURCE_TYPES:
                raise MarkupError(f"{where}: C{num} has unknown type {stype!r}")
            if sub and sub not in SUBTYPES:
                raise MarkupError(f"{where}: C{num} has unknown subtype {sub!r}")
            if sub and stype != "government":
                raise MarkupError(f"{where}: C{num} subtype only for government")
            if country and not re.fullmatch(r"[A-Z]{2}", country):
                raise MarkupError(f"{where}: C{num} country must be two capitals")
            a.source_type, a.source_subtype, a.country = stype, sub or None, country or None
        elif kind == "S":
            if a.source_start is not None:
                raise MarkupError(f"{where}: two sources numbered {num}")
            a.source_start, a.source_end = start, end
            if "ref" in fields:
                a.ref = int(fields["ref"])
        else:
            a.via.append((start, end))
    plain.append(body[cursor:])
    text = "".join(plain)
    if "[[" in text or "]]" in text:
        raise MarkupError(f"{where}: unparsed markup left: {text[text.find('[[') - 20 :][:60]!r}")
    for a in atts.values():
        if a.start < 0:
            raise MarkupError(f"{where}: S/V {a.n} without cue C{a.n}")
        if a.ref is not None and (a.ref not in atts or a.ref >= a.n):
            raise MarkupError(f"{where}: S{a.n} ref={a.ref} must name an earlier attribution")
        if a.source_type == "unattributed_estimate" and a.source_start is not None:
            raise MarkupError(f"{where}: C{a.n} unattributed_estimate cannot have a source")
    ordered = tuple(sorted(atts.values(), key=lambda a: a.start))
    return Passage(pid, meta.get("topic", ""), lang, text, ordered, path)


def load_passages(path: str | Path) -> list[Passage]:
    """Passages of one file or of every ``*.txt`` under a folder.

    The language comes from the name of the folder (``hi``/``en``) or file prefix."""
    p = Path(path)
    files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
    out = []
    for f in files:
        lang = "hi" if ("/hi/" in f.as_posix() or f.name.startswith("hi")) else "en"
        raw = f.read_text(encoding="utf-8")
        heads = list(_HEADER.finditer(raw))
        for i, h in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(raw)
            body = raw[h.end() : end].strip("\n")
            body = re.sub(r"\n{2,}", "\n", body).rstrip()
            out.append(parse_passage(h.group(1), body, lang, str(f)))
    return out


def check_passages(path: str | Path) -> list[str]:
    problems = []
    try:
        ps = load_passages(path)
    except MarkupError as exc:
        return [str(exc)]
    seen = set()
    for p in ps:
        if p.id in seen:
            problems.append(f"{p.path}: duplicate id {p.id}")
        seen.add(p.id)
    return problems


def passage_summary(path: str | Path) -> str:
    ps = load_passages(path)
    by_type: dict[str, int] = {}
    n = 0
    refs = vias = 0
    for p in ps:
        for a in p.attributions:
            n += 1
            by_type[a.source_type] = by_type.get(a.source_type, 0) + 1
            refs += a.ref is not None
            vias += bool(a.via)
    topics = len({p.topic for p in ps})
    return (
        f"passages {len(ps)}, topics {topics}, attributions {n}, with ref {refs}, "
        f"with via {vias}; by type {dict(sorted(by_type.items()))}"
    )
