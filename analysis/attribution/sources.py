"""What a source mention is: its head noun, the gazetteer entity it names, and its
canonical form (``केसीएनए`` = ``उत्तर कोरिया की सरकारी समाचार एजेंसी`` = KCNA)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from analysis.attribution.cues import Tok, lexicon
from analysis.facts.entities import canonical_name
from analysis.facts.gazetteer import Entry, load_gazetteer, token_key
from analysis.textutil import fold

CATEGORIES = ("anonymous", "expert", "public", "report", "document", "org", "gov", "media")


@dataclass
class SourceInfo:
    text: str
    start: int
    end: int
    head: str
    category: str | None  # one of CATEGORIES
    entity: Entry | None
    has_name: bool
    indefinite: bool
    anonymous_marker: bool
    pronoun: str | None  # "person" | "plural" | "it"
    backref: str | None  # report | agency | ministry | ...
    descriptor: str | None  # e.g. state_news_agency
    country: str | None
    state_marker: bool
    canonical: str | None


@lru_cache(maxsize=1)
def _sets():
    lx = lexicon()

    def fset(lang, key):
        return frozenset(fold(w).folded for w in lx[lang].get(key, []))

    cats = {}
    for lang in ("hi", "en"):
        cats[lang] = [
            ("anonymous", fset(lang, "anonymous_heads")),
            ("expert", fset(lang, "expert_heads")),
            ("public", fset(lang, "public_heads")),
            ("report", fset(lang, "report_heads")),
            ("media", fset(lang, "media_heads")),
            ("document", fset(lang, "document_heads")),
            ("org", fset(lang, "org_heads")),
            ("gov", fset(lang, "gov_heads")),
        ]
    return {
        "cats": cats,
        "person_pron": {lang: fset(lang, "pronouns_person") for lang in ("hi", "en")},
        "plural_pron": {lang: fset(lang, "pronouns_plural") for lang in ("hi", "en")},
        "it_pron": fset("en", "pronoun_it"),
        "backrefs": {lang: {fold(k).folded: v for k, v in lx[lang]["backrefs"].items()} for lang in ("hi", "en")},
        "anon_markers": {lang: tuple(fold(w).folded for w in lx[lang]["anonymous_markers"]) for lang in ("hi", "en")},
        "state_markers": {lang: fset(lang, "state_markers") for lang in ("hi", "en")},
    }


def _category(words: list[str], lang: str) -> tuple[str | None, str]:
    """Category of the head noun: Hindi heads are last, English heads are the last noun
    before a modifier (``officials familiar with`` -> ``officials``)."""
    cats = _sets()["cats"][lang]
    order = list(reversed(words)) if lang == "hi" else words
    if lang == "en":
        # the head is the last word before a post-modifier
        cut = next((k for k, w in enumerate(words) if w in ("who", "which", "familiar", "with", "at", "of", "for", "from", "in", "close", ",")), len(words))
        head_zone = words[:cut] or words
        order = list(reversed(head_zone))
    for w in order[:3]:
        for name, s in cats:
            if w in s:
                return name, w
    for w in order:
        for name, s in cats:
            if w in s:
                return name, w
    return None, (order[0] if order else "")


def _entity_in(toks: list[Tok], lang: str) -> Entry | None:
    """The gazetteer entity the mention names: the head-most match (rightmost in Hindi,
    the match nearest the start in English appositives)."""
    gaz = load_gazetteer()
    keys = [token_key(t.text) for t in toks]
    found = []
    i = 0
    while i < len(keys):
        cands = gaz.candidates(keys, i)
        cands = [c for c in cands if not (toks[i].text[:1].isascii() and toks[i].text[:1].islower())]
        if cands:
            n = cands[0][0]
            found.append((i, n, cands[0][1]))
            i += n
        else:
            i += 1
    if not found:
        return None
    rank = {"person": 0, "news_agency": 1, "broadcaster": 1, "newspaper": 1, "government_body": 2, "intergovernmental": 3, "organisation": 3, "party": 3, "place": 5}
    if lang == "hi":
        # head-final: prefer the rightmost non-place entity, then any
        non_place = [f for f in found if f[2].type != "place"]
        return (non_place or found)[-1][2]
    return min(found, key=lambda f: (rank.get(f[2].type, 4), f[0]))[2]


def describe(toks: list[Tok], text: str, lang: str) -> SourceInfo:
    s = _sets()
    words = [t.f for t in toks if any(ch.isalnum() for ch in t.f)]
    start, end = toks[0].start, toks[-1].end
    raw = text[start:end]
    cat, head = _category(words, lang)
    entity = _entity_in(toks, lang)
    pronoun = None
    if len(words) <= 2:
        if any(w in s["person_pron"][lang] for w in words):
            pronoun = "person"
        if any(w in s["plural_pron"][lang] for w in words) and lang == "en":
            pronoun = "plural"
        if lang == "en" and words and words[-1] in s["it_pron"]:
            pronoun = "it"
    backref = None
    if entity is None and pronoun is None:
        br = s["backrefs"][lang]
        content = [w for w in words if w not in ("the", "this", "that", "its", "इस", "उस", "यह", "वह")]
        if content and len(content) <= 2 and content[-1 if lang == "hi" else 0] in br:
            backref = br[content[-1 if lang == "hi" else 0]]
    country = entity.country if entity else None
    descriptor = None
    state = any(w in s["state_markers"][lang] for w in words)
    if entity is None or entity.type == "place":
        place = entity if entity is not None and entity.type == "place" else None
        if cat == "media" or (cat == "report" and state):
            descriptor = "state_news_agency" if state else "news_agency"
            country = place.country if place else None
        elif cat == "gov" and place is not None:
            country = place.country
    anon = any(m in " ".join(words) for m in s["anon_markers"][lang] if len(m) > 3) or (
        bool(words) and words[0] in ("a", "an", "एक", "some", "कुछ", "several", "कई") and cat in ("anonymous", "gov", None)
    )
    has_name = bool(entity and entity.type == "person") or (
        lang == "en" and sum(1 for t in toks[1:] if t.text[:1].isupper()) >= 1 and cat not in ("report", "document")
    )
    canonical = None
    if entity is not None and entity.type != "place":
        canonical = entity.canonical
    elif pronoun is None and backref is None and descriptor is None:
        canonical = _unknown_canonical(toks, raw, lang, cat)
    return SourceInfo(
        text=raw,
        start=start,
        end=end,
        head=head,
        category=cat,
        entity=entity,
        has_name=has_name,
        indefinite=bool(words) and words[0] in ("a", "an", "एक", "some", "कुछ", "कई", "several"),
        anonymous_marker=anon,
        pronoun=pronoun,
        backref=backref,
        descriptor=descriptor,
        country=country or (entity.country if entity else None),
        state_marker=state,
        canonical=canonical,
    )


_EN_DETERMINERS = frozenset(
    """the a an this that these those its his her their our some several many two three four five
    mr mrs ms dr prof sen rep gov gen lt col capt sgt justice home foreign finance defence defense
    health interior deputy senior junior former acting state union federal opposition farmer""".split()
)


def _unknown_canonical(toks: list[Tok], raw: str, lang: str, cat: str | None) -> str | None:
    """A readable name for a source outside the gazetteer: a person's name after the
    titles, else the phrase itself (generic heads such as 'officials' get none)."""
    if cat in ("anonymous", "public", "report") and not any(t.text[:1].isupper() for t in toks[1:]):
        return None
    from analysis.facts.entities import _name_lexicon

    if lang == "en":
        # capitalised words other than determiners, titles and head nouns ("The", "Home
        # Minister", "Farmer leader") name the source
        skip = _EN_DETERMINERS | set(_name_lexicon()[0]) | {w for _name, ws in _sets()["cats"]["en"] for w in ws}
        head = toks[: next((k for k, t in enumerate(toks) if t.f == ","), len(toks))] or toks  # not the appositive
        names = [t.text for t in head if t.text[:1].isupper() and t.f not in skip and t.f.rstrip(".") not in skip]
        return " ".join(names) if names else None

    titles = _name_lexicon()[0]
    cats = {w for _name, ws in _sets()["cats"]["hi"] for w in ws}
    cut = 0
    for k, t in enumerate(toks):
        if t.f in titles or t.f in ("के", "की", "का") or t.f in cats:
            cut = k + 1
    rest = [t for t in toks[cut:] if t.f not in ("(", ")")]
    if not rest or len(rest) > 4:
        return None
    return canonical_name(" ".join(t.text for t in rest))
