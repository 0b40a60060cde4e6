"""Named entities: gazetteer matches plus names the gazetteer lacks.

Names outside the gazetteer come from English capitalised spans and from Hindi
words after titles and honorifics (``राष्ट्रपति ली जे-म्यांग``) or before case
markers when the words are not common Hindi words.  Spelling variants of one
name (``शोइगू`` / ``शोइगु``) and later surname-only mentions are merged into one
entity with one canonical (romanised) form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from analysis.facts.gazetteer import TOKEN_RE, Entry, load_gazetteer, token_key
from analysis.facts.translit import name_key, name_similarity, romanize
from analysis.model import EntityMention
from analysis.resources import load_json
from analysis.textutil import has_devanagari


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    key: str


def tokenize(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in TOKEN_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        t = m.group()
        if t.endswith(".") and not regex.fullmatch(r"(?:\p{Lu}\.)+|[\p{L}]{1,3}\.", t):
            t, e = t[:-1], e - 1
        out.append(_Tok(s, e, t, token_key(t)))
    return out


@lru_cache(maxsize=1)
def _name_lexicon():
    d = load_json("lexicons", "names.json")
    return (
        frozenset(d["hi_titles"]),
        frozenset(d["hi_markers"]),
        frozenset(d["hi_not_names"]),
        frozenset(w.lower() for w in d["en_not_names"]),
        {k.lower(): v for k, v in d["en_person_titles"].items()},
        {k.lower(): v for k, v in d["en_org_heads"].items()},
        {k: v for k, v in d["hi_org_heads"].items()},
    )


def _is_latin_upper(s: str) -> bool:
    return bool(s) and s[0].isupper() and s[0].isascii()


def extract_entities(text: str, spans: list[tuple[int, int]] | None = None) -> list[EntityMention]:
    gaz = load_gazetteer()
    spans = spans if spans is not None else [(0, len(text))]
    mentions: list[EntityMention] = []
    covered: list[tuple[int, int]] = []
    seen_ids: set[str] = set()
    pending_ambiguous = []
    token_lists = [tokenize(text, s, e) for s, e in spans]
    # 1. gazetteer, longest match first
    for toks in token_lists:
        keys = [t.key for t in toks]
        i = 0
        while i < len(toks):
            cands = gaz.candidates(keys, i)
            cands = [c for c in cands if _case_ok(toks[i : i + c[0]], c[2])]
            if not cands:
                i += 1
                continue
            n = cands[0][0]
            same = [c for c in cands if c[0] == n]
            ids = {c[1].id for c in same}
            s, e = toks[i].start, toks[i + n - 1].end
            if len(ids) == 1:
                ent = same[0][1]
                mentions.append(_mention(s, e, ent))
                seen_ids.add(ent.id)
            else:
                pending_ambiguous.append((s, e, [c[1] for c in same]))
            covered.append((s, e))
            i += n
    for s, e, ents in pending_ambiguous:
        known = [x for x in ents if x.id in seen_ids]
        if len(known) == 1:
            mentions.append(_mention(s, e, known[0]))
    # 2. names the gazetteer lacks
    found = _unknown_names(text, token_lists, covered)
    mentions.extend(merge_names(text, found))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _case_ok(toks: list[_Tok], surface: str) -> bool:
    first = toks[0].text
    if has_devanagari(first):
        return True
    if surface.isupper() and len(surface) <= 6:
        return all(t.text.isupper() for t in toks)  # "US", "UN" only as capitals
    return _is_latin_upper(first)


def _mention(s: int, e: int, ent: Entry) -> EntityMention:
    return EntityMention(s, e, ent.canonical, ent.entity_type, ent.id, ent.country)


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _unknown_names(text: str, token_lists, covered) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` of name candidates outside the gazetteer."""
    hi_titles, hi_markers, hi_not, en_not, en_titles, en_heads, hi_heads = _name_lexicon()
    out = []
    for toks in token_lists:
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            if _overlaps(t.start, t.end, covered):
                i += 1
                continue
            if has_devanagari(t.text):
                if t.text in hi_titles and i + 1 < n:
                    j = i + 1
                    while (
                        j < n
                        and j - i <= 3
                        and has_devanagari(toks[j].text)
                        and toks[j].text not in hi_markers
                        and toks[j].text not in hi_not
                        and toks[j].text not in hi_titles
                        and not _overlaps(toks[j].start, toks[j].end, covered)
                    ):
                        j += 1
                    if j > i + 1:
                        out.append((toks[i + 1].start, toks[j - 1].end, "person"))
                        i = j
                        continue
                i += 1
                continue
            if not _is_latin_upper(t.text) or t.text.lower() in en_not:
                i += 1
                continue
            j = i + 1
            while j < n:
                nt = toks[j].text
                if _is_latin_upper(nt) and nt.lower() not in en_not and toks[j].start - toks[j - 1].end <= 2:
                    j += 1
                elif nt.lower() in ("of", "de", "al", "bin", "van", "von", "da", "for") and j + 1 < n and _is_latin_upper(toks[j + 1].text):
                    j += 2
                else:
                    break
            # "Trade Minister Halvard Okonkwo-Reyes": the titles are a role, the rest the name
            k = i
            for q in range(i, j - 1):
                if toks[q].text.lower().rstrip(".") in en_titles:
                    k = q + 1
            title_cut = k > i
            s, e = toks[k].start, toks[j - 1].end
            if not _overlaps(s, e, covered):
                words = text[s:e].split()
                prev = toks[k - 1].text.lower().rstrip(".") if k > 0 else ""
                kind = "other"
                if prev in en_titles or title_cut:
                    kind = en_titles.get(prev, "person")
                elif words[-1].lower() in en_heads:
                    kind = en_heads[words[-1].lower()]
                sentence_start = i == 0 or text[toks[i - 1].end : t.start].strip() in (".", "!", "?", '"', "“")
                if not (sentence_start and j == i + 1 and kind == "other"):
                    out.append((s, e, kind))
            i = j
    return out


def canonical_name(surface: str) -> str:
    """A readable Latin canonical form for a name outside the gazetteer."""
    if has_devanagari(surface):
        r = romanize(surface)
        return " ".join(p[:1].upper() + p[1:] for p in r.split(" "))
    return " ".join(surface.split())


def merge_names(text: str, found: list[tuple[int, int, str]]) -> list[EntityMention]:
    """Cluster unknown-name mentions: same :func:`name_key`, close romanisation, or a
    later surname-only mention of an earlier full name."""
    clusters: list[dict] = []
    out = []
    for s, e, kind in sorted(found):
        surface = text[s:e]
        key = name_key(surface)
        target = None
        for c in clusters:
            if key == c["key"] or name_similarity(surface, c["surface"]) >= 90:
                target = c
                break
            last = c["key"].split(" ")[-1]
            if " " not in key and len(key) > 2 and key == last:
                target = c
                break
        if target is None:
            target = {"key": key, "surface": surface, "canonical": canonical_name(surface), "type": kind}
            clusters.append(target)
        elif target["type"] == "other" and kind != "other":
            target["type"] = kind
        out.append((s, e, target))
    return [EntityMention(s, e, c["canonical"], c["type"]) for s, e, c in out]
