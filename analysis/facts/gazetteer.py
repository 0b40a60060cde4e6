"""The gazetteer: named entities with Hindi and English surface forms (``resources/gazetteer``).

Lookup works on token sequences of the folded text; Devanagari forms are keyed
by :func:`name_key` so spelling variants (``शोइगू`` / ``शोइगु``) meet, and
acronyms spelled in Devanagari letter names (``केसीएनए``) meet their Latin form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from analysis.facts.translit import acronym_from_letter_names, name_key
from analysis.resources import read_jsonl, resource_path
from analysis.textutil import has_devanagari

ENTITY_TYPE = {
    "person": "person",
    "news_agency": "news_agency",
    "broadcaster": "news_agency",
    "newspaper": "news_agency",
    "government_body": "government_body",
    "intergovernmental": "organisation",
    "organisation": "organisation",
    "party": "organisation",
    "place": "place",
}
# tokens: words with their inner hyphens split off (जोंग-उन -> जोंग, उन)
TOKEN_RE = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:['’.][\p{L}\p{M}]+)*\.?")


@dataclass(frozen=True)
class Entry:
    id: str
    canonical: str
    type: str
    source_type: str | None
    source_subtype: str | None
    country: str | None
    state_controlled: bool | None
    control_basis: str | None
    descriptors: tuple[str, ...]
    en: tuple[str, ...]
    hi: tuple[str, ...]
    provenance: str

    @property
    def entity_type(self) -> str:
        return ENTITY_TYPE.get(self.type, "other")


@lru_cache(maxsize=65536)
def token_key(tok: str) -> str:
    tok = tok.rstrip(".")
    if has_devanagari(tok):
        acr = acronym_from_letter_names(tok)
        return acr.lower() if acr else name_key(tok)
    return tok.lower().replace("’", "'")


def key_of(surface: str) -> tuple[str, ...]:
    return tuple(token_key(t) for t in TOKEN_RE.findall(surface))


class Gazetteer:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        # first token key -> list of (key tuple, entry, surface, case-sensitive?)
        self._index: dict[str, list[tuple[tuple[str, ...], Entry, str]]] = {}
        for e in entries:
            for surface in e.en + e.hi + (e.canonical,):
                k = key_of(surface)
                if not k:
                    continue
                bucket = self._index.setdefault(k[0], [])
                if not any(kk == k and ee.id == e.id for kk, ee, _ in bucket):
                    bucket.append((k, e, surface))
        for bucket in self._index.values():
            bucket.sort(key=lambda x: -len(x[0]))
        self.max_len = max((len(k) for b in self._index.values() for k, _, _ in b), default=1)

    def candidates(self, keys: list[str], i: int) -> list[tuple[int, Entry, str]]:
        """Entries whose surface form starts at token ``i``: ``(n_tokens, entry, surface)``,
        longest first."""
        out = []
        for k, e, surface in self._index.get(keys[i], ()):
            n = len(k)
            if tuple(keys[i : i + n]) == k:
                out.append((n, e, surface))
        return out

    def by_descriptor(self, descriptor: str, country: str | None) -> list[Entry]:
        return [e for e in self.entries if descriptor in e.descriptors and (country is None or e.country == country)]

    def lookup(self, surface: str) -> Entry | None:
        keys = list(key_of(surface))
        if not keys:
            return None
        for n, e, _ in self.candidates(keys, 0):
            if n == len(keys):
                return e
        return None


def _entry(row: dict) -> Entry:
    return Entry(
        id=row["id"],
        canonical=row["canonical"],
        type=row.get("type", "organisation"),
        source_type=row.get("source_type"),
        source_subtype=row.get("source_subtype"),
        country=row.get("country"),
        state_controlled=row.get("state_controlled"),
        control_basis=row.get("control_basis"),
        descriptors=tuple(row.get("descriptors") or ()),
        en=tuple(row.get("en") or ()),
        hi=tuple(row.get("hi") or ()),
        provenance=row.get("provenance", ""),
    )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    folder = resource_path("gazetteer")
    entries = []
    for f in sorted(folder.glob("*.jsonl")):
        entries.extend(_entry(r) for r in read_jsonl(f))
    return Gazetteer(entries)


_MASK = {"person": "xperson", "place": "xplace", "news_agency": "xmedia", "government_body": "xgov", "organisation": "xorg"}


def mask_names(text: str) -> str:
    """The text with every gazetteer name replaced by a placeholder of its type
    (``रूस`` -> ``xplace``), so that a model learns how a story is told rather than whom
    it is about — and Hindi and English names stop being separate features."""
    gaz = load_gazetteer()
    toks = list(TOKEN_RE.finditer(text))
    keys = [token_key(m.group()) for m in toks]
    out = []
    cursor = 0
    i = 0
    while i < len(toks):
        cands = gaz.candidates(keys, i)
        if cands and not (toks[i].group()[:1].isascii() and toks[i].group()[:1].islower()):
            n, entry, _ = cands[0]
            out.append(text[cursor : toks[i].start()])
            out.append(" " + _MASK.get(entry.entity_type, "xname") + " ")
            cursor = toks[i + n - 1].end()
            i += n
        else:
            i += 1
    out.append(text[cursor:])
    return "".join(out)
