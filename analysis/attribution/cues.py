"""Reporting cues and their sources, found with a lexicon and the patterns around it.

Candidates are generated for high recall; a trained classifier
(:mod:`analysis.attribution.extractor`) decides which are attributions and what
kind of source each rests on.

Patterns: Hindi ``X ने … कहा``, ``X के अनुसार``, ``X का कहना है``, passive ``X में
कहा गया है``, hedges with no source; English ``X said``, ``said X``,
``according to X``, ``X, citing Y, reported``, hedges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from analysis.resources import load_json
from analysis.textutil import fold, fold_chars

TOKEN_RE = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:[-'’.][\p{L}\p{M}\p{Nd}]+)*|[^\s]")
PUNCT_STOP = set(",;:।॥.!?\"“”‘’'()[]{}—–|")


@dataclass
class Tok:
    start: int
    end: int
    text: str
    f: str  # folded


@dataclass
class Candidate:
    sentence: int
    ti: int  # first token of the cue
    tj: int  # one past the last token of the cue
    start: int
    end: int
    kind: str  # verb | post | passive | hedge | relay | present
    lemma: str
    lang: str
    src: tuple[int, int] | None = None  # token range of the source mention
    via: list[tuple[int, int]] = field(default_factory=list)
    src_side: str = ""  # left | right | fused | none


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return load_json("lexicons", "attribution.json")


def _phrases(items) -> list[tuple[str, ...]]:
    out = []
    for p in items:
        toks = tuple(t.group() for t in TOKEN_RE.finditer(fold(p).folded))
        if toks:
            out.append(toks)
    return sorted(set(out), key=len, reverse=True)


@lru_cache(maxsize=1)
def cue_index() -> dict[str, dict[str, list[tuple[tuple[str, ...], str]]]]:
    """Per language: first token -> [(phrase, kind)], longest first (one dict lookup per
    token instead of a scan of the whole lexicon)."""
    out: dict[str, dict[str, list]] = {}
    for lang, table in cue_table().items():
        idx: dict[str, list] = {}
        for ph, kind in table:
            idx.setdefault(ph[0], []).append((ph, kind))
        out[lang] = idx
    return out


@lru_cache(maxsize=1)
def cue_table() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Per language: (token phrase, kind), longest first."""
    lx = lexicon()
    out = {}
    for lang in ("hi", "en"):
        L = lx[lang]
        entries = []
        for kind, key in (("hedge", "hedges"), ("relay", "relay"), ("post", "postpositional"), ("passive", "passive"), ("verb", "verbs")):
            for ph in _phrases(L.get(key, [])):
                entries.append((ph, kind))
        seen = set()
        uniq = []
        for ph, kind in sorted(entries, key=lambda x: -len(x[0])):
            if ph not in seen:
                seen.add(ph)
                uniq.append((ph, kind))
        out[lang] = uniq
    return out


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    # folding maps character by character, so a token's folded form is the fold of
    # its own characters: no need to fold the whole text and map offsets
    return [Tok(m.start(), m.end(), g, fold_chars(g)) for m in TOKEN_RE.finditer(text, start, end) for g in (m.group(),)]


def _light_verb(toks: list[Tok], i: int, nouns: frozenset[str]) -> int | None:
    """``घोषणा [up to three words] की`` -> index one past ``की``."""
    if toks[i].f not in nouns:
        return None
    for j in range(i + 1, min(len(toks), i + 5)):
        if toks[j].f in ("की", "किया", "कर") and j + 1 <= len(toks):
            return j + 1
        if toks[j].f in PUNCT_STOP:
            return None
    return None


@cache
def _folded_set(hindi: bool, key: str) -> frozenset[str]:
    """A word list of the cue lexicon, folded once."""
    return frozenset(fold_chars(w) for w in lexicon()["hi" if hindi else "en"].get(key, []))


def find_candidates(toks: list[Tok], sentence: int, lang: str) -> list[Candidate]:
    table = cue_table()["hi" if lang == "hi" else "en"]
    index = cue_index()["hi" if lang == "hi" else "en"]
    nouns = _folded_set(lang == "hi", "light_verb_nouns")
    fused = _folded_set(lang == "hi", "fused_ergative")
    out: list[Candidate] = []
    i = 0
    n = len(toks)
    while i < n:
        matched = None
        for ph, kind in index.get(toks[i].f, ()):
            k = len(ph)
            if i + k <= n and tuple(t.f for t in toks[i : i + k]) == ph:
                matched = (i + k, kind, " ".join(ph))
                break
        if matched is None and lang == "hi":
            # "उनके मुताबिक", "उनका कहना है": a pronoun with the genitive fused in
            if toks[i].f in ("उनके", "उनका", "उनकी", "इनके", "इनका", "उसके", "उसका", "इसके") and i + 1 < n:
                for ph, kind in table:
                    if kind == "post" and len(ph) >= 2 and ph[0] in ("के", "का", "की"):
                        rest = ph[1:]
                        if tuple(t.f for t in toks[i + 1 : i + 1 + len(rest)]) == rest:
                            c = Candidate(sentence, i + 1, i + 1 + len(rest), toks[i + 1].start, toks[i + len(rest)].end, "post", " ".join(ph), lang)
                            c.src, c.src_side = (i, i + 1), "fused"
                            out.append(c)
                            i = i + 1 + len(rest)
                            matched = "done"
                            break
            if matched == "done":
                continue
            end = _light_verb(toks, i, nouns) if matched is None else None
            if end is not None:
                matched = (end, "verb", toks[i].f + " … की")
        if matched is None:
            i += 1
            continue
        j, kind, lemma = matched
        c = Candidate(sentence, i, j, toks[i].start, toks[j - 1].end, kind, lemma, lang)
        if lang == "hi":
            _hindi_source(toks, c, fused)
        else:
            _english_source(toks, c)
        out.append(c)
        i = j
    if lang != "hi":
        _participle_subjects(toks, out)
        out.extend(_punctuation_cues(toks, sentence, out))
        out.sort(key=lambda c: c.ti)
    _drop_relayed_verbs(out)
    return out


def _punctuation_cues(toks: list[Tok], sentence: int, found: list[Candidate]) -> list[Candidate]:
    """English attributions made by punctuation alone: ``Senator Ruth Okafor: "We will not
    back down."`` (a name opening the sentence, then a colon) and a quotation signed with a
    dash (``"…" — Maria Santos, a nurse``)."""
    out: list[Candidate] = []
    taken = {k for c in found for k in range(c.ti, c.tj)}
    for i, t in enumerate(toks):
        if i in taken or i + 1 >= len(toks):
            continue
        if t.f == ":" and 1 <= i <= 8:
            np_ = _np_left(toks, i, "en", limit=8)
            start = 0
            while start < i and toks[start].f in PUNCT_STOP:
                start += 1
            if np_ and np_[0] == start and toks[start].text[:1].isupper() and (i - 1) not in taken:
                c = Candidate(sentence, i, i + 1, t.start, t.end, "verb", ":", "en")
                c.src, c.src_side = np_, "left"
                out.append(c)
        elif t.text in ("—", "―", "–") and (i == 0 or toks[i - 1].f in ('"', "”")) and toks[i + 1].text[:1].isupper():
            # after a closing quote, or opening a sentence of its own right after one
            np_ = _np_right(toks, i + 1, "en")
            if np_:
                c = Candidate(sentence, i, i + 1, t.start, t.end, "verb", "—", "en")
                c.src, c.src_side = np_, "right"
                out.append(c)
    return out


PARTICIPLES = frozenset(
    "saying adding noting warning insisting arguing claiming stating explaining stressing calling telling asking".split()
)


def _participle_subjects(toks: list[Tok], cands: list[Candidate]) -> None:
    """"The minister defended the plan, saying …", "…, he said, adding that …": a
    participle after a comma reports what the main clause's subject says; its source is
    the source of the reporting verb before it in the sentence, or else the noun phrase
    the sentence opens with."""
    for k, c in enumerate(cands):
        first = c.lemma.split()[0]
        if first not in PARTICIPLES or c.ti == 0 or toks[c.ti - 1].f != ",":
            continue
        start = 0
        while start < c.ti and toks[start].f in PUNCT_STOP:
            start += 1
        before = [b for b in cands[:k] if b.src is not None and b.src_side in ("left", "right") and b.tj <= c.ti]
        if before:
            # the reporting verb whose source opens the clause, else the first one
            main = next((b for b in before if b.src[0] == start), before[0])
            c.src, c.src_side = main.src, "subject"
            continue
        c.src, c.src_side = None, "none"  # what follows a participle is its content, never its source
        if start == 0 or toks[start - 1].f not in ('"', "“"):
            np_ = _np_left(toks, _first_verbish(toks, start, c.ti), "en") if start < c.ti else None
            if np_ and np_[0] == start:
                c.src, c.src_side = np_, "subject"


_AUX = frozenset(
    """had has have is was were will would can could may might must should did does do
    told said says made gave took went came spoke wrote met left ran saw led kept held set put""".split()
)


def _first_verbish(toks: list[Tok], start: int, end: int) -> int:
    """Where the opening noun phrase of an English clause ends: the first lower-case word
    that looks like a finite verb (an auxiliary, a common irregular past, or ``-ed``)."""
    for i in range(start + 1, end):
        w = toks[i].text
        if w[:1].islower() and (toks[i].f in _AUX or (len(w) > 4 and w.endswith("ed"))):
            return i
    return end


def _drop_relayed_verbs(cands: list[Candidate]) -> None:
    """"X ने Y के हवाले से बताया" / "X, citing Y, reported" is one attribution (the relay)."""
    relays = [c for c in cands if c.kind == "relay"]
    for r in relays:
        for c in list(cands):
            if c is not r and c.kind == "verb" and 0 <= c.ti - r.tj <= 6 and r.ti < c.ti:
                cands.remove(c)
            elif c is not r and c.kind == "verb" and 0 <= r.ti - c.tj <= 2:
                # "X quoted Y as saying": the verb before the relay word is the relayer's
                cands.remove(c)


ABBREV = frozenset("डॉ प्रो श्री dr mr mrs ms prof sen rep gov gen lt col st jr sr".split())


def _np_left(toks: list[Tok], end: int, lang: str, limit: int = 10) -> tuple[int, int] | None:
    """The noun phrase that ends just before token ``end``: titles, genitive chains
    (``के``/``of``), abbreviations with their full stop and parentheticals
    (``(पश्चिम)``, ``(IAEA)``) are kept; a relative clause (``who …``) is kept when it
    hangs on a noun."""
    stop = _folded_set(lang == "hi", "np_stop")
    genitive = ("के", "की", "का") if lang == "hi" else ("of", "for", "at", "in", "from", "to")
    i = end
    count = 0
    while i > 0 and count < limit:
        t = toks[i - 1]
        if t.f == ")":
            k = i - 2
            while k >= 0 and toks[k].f != "(" and i - k < 8:
                k -= 1
            if k >= 0 and toks[k].f == "(":
                i = k
                continue
            break
        if t.f == "." and i >= 2 and toks[i - 2].f in ABBREV:
            i -= 1
            continue
        if lang == "en" and t.f in ("who", "which", "whose") and i < end and i >= 2 and toks[i - 2].f not in PUNCT_STOP:
            i -= 1
            count += 1
            continue
        if t.f in PUNCT_STOP and t.f not in ("-", "'", "’"):
            break
        if t.f in stop and not (t.f in genitive and i < end):
            break
        i -= 1
        count += 1
    # trim connectors at the left edge
    while i < end and (toks[i].f in genitive or toks[i].f in ("and", "और") and i + 1 == end):
        i += 1
    return (i, end) if i < end else None


def _np_right(toks: list[Tok], start: int, lang: str, limit: int = 12, appositive: bool = True) -> tuple[int, int] | None:
    stop = _folded_set(lang == "hi", "np_stop")
    keep = ("of", "for", "at", "in", "from", "the", "a", "an", "to")
    j = start
    while j < len(toks) and j - start < limit:
        t = toks[j]
        if t.f == "(":
            k = j + 1
            while k < len(toks) and toks[k].f != ")" and k - j < 8:
                k += 1
            if k < len(toks) and toks[k].f == ")":
                j = k + 1
                continue
            break
        if t.f == "." and j > start and toks[j - 1].f in ABBREV:
            j += 1
            continue
        if t.f in PUNCT_STOP and t.f not in ("-", "'", "’"):
            break
        if t.f in stop and t.f not in keep:
            break
        j += 1
    while j > start and toks[j - 1].f in keep:
        j -= 1
    if j <= start:
        return None
    # "said Ayse Yilmaz, a retired teacher": keep a short appositive
    if appositive and lang == "en" and j + 1 < len(toks) and toks[j].f == "," and toks[j + 1].f in ("a", "an", "the", "who", "which"):
        more = _np_right(toks, j + 1, lang, limit=10, appositive=False)
        if more and (more[1] >= len(toks) or toks[more[1]].f in (".", ",", ";")):
            j = more[1]
    return start, j


def _hindi_source(toks: list[Tok], c: Candidate, fused: frozenset[str]) -> None:
    if c.kind == "hedge":
        c.src_side = "none"
        return
    if c.kind in ("post", "relay"):
        # X के अनुसार / X का कहना है: the phrase right before the cue's first word
        c.src = _np_left(toks, c.ti, "hi")
        c.src_side = "left"
        if c.kind == "relay":
            _hindi_relayer(toks, c, fused)
        return
    if c.kind == "passive":
        # "बयान में कहा गया है", "मंत्रालय की ओर से कहा गया"
        k = c.ti
        if k >= 1 and toks[k - 1].f in ("में", "द्वारा"):
            c.src, c.src_side = _np_left(toks, k - 1, "hi"), "left"
        elif k >= 3 and toks[k - 3].f == "की" and toks[k - 2].f == "ओर" and toks[k - 1].f == "से":
            c.src, c.src_side = _np_left(toks, k - 3, "hi"), "left"
        else:
            c.src_side = "none"
        return
    # active verbs: the nearest ने (or a fused ergative pronoun) to the left in this clause
    for k in range(c.ti - 1, max(-1, c.ti - 16), -1):
        t = toks[k]
        if t.f in ("।", "?", "!") or (t.f in ("कि", "\"", "“", "”") and k < c.ti - 1):
            break
        if t.f == "ने":
            c.src, c.src_side = _np_left(toks, k, "hi"), "left"
            return
        if t.f in fused:
            c.src, c.src_side = (k, k + 1), "fused"
            return
    # present tense without ने: "विशेषज्ञ कहते हैं", "उनका कहना है"
    if c.lemma.split()[0] in ("कहते", "कहती", "बताते", "बताती", "मानते", "मानती", "कहना", "मानना"):
        c.src, c.src_side = _np_left(toks, c.ti, "hi"), "left"
        return
    c.src_side = "none"


def _hindi_relayer(toks: list[Tok], c: Candidate, fused: frozenset[str]) -> None:
    start = c.src[0] if c.src else c.ti
    for k in range(start - 1, max(-1, start - 12), -1):
        t = toks[k]
        if t.f in ("।", "?", "!", ","):
            break
        if t.f == "ने":
            rel = _np_left(toks, k, "hi")
            if rel:
                c.via.append(rel)
            return
        if t.f in fused:
            c.via.append((k, k + 1))
            return


def _english_source(toks: list[Tok], c: Candidate) -> None:
    if c.kind == "hedge":
        c.src_side = "none"
        return
    if c.kind in ("post", "relay") and c.lemma in ("according to", "citing", "quoting", "in the words of", "as quoted by"):
        # "According to sources, the meeting …": at the start of a sentence the comma
        # closes the phrase; no appositive follows
        c.src, c.src_side = _np_right(toks, c.tj, "en", appositive=c.ti > 0), "right"
        if c.kind == "relay":
            rel = _np_left(toks, _skip_back_punct(toks, c.ti), "en")
            if rel:
                c.via.append(rel)
        return
    if c.lemma == "quoted":
        # "X quoted Y as saying"
        rel = _np_left(toks, c.ti, "en")
        src = _np_right(toks, c.tj, "en")
        if src and rel:
            c.src, c.src_side, c.via = src, "right", [rel]
            c.kind = "relay"
            return
    if c.kind == "passive":
        c.src_side = "none"
        return
    prev = toks[c.ti - 1].f if c.ti > 0 else ""
    if prev == "," and c.ti >= 3:
        # "Michael Tanner, an analyst at the Cato Institute, said": name and appositive
        appo = _np_left(toks, c.ti - 1, "en")
        if appo and appo[0] >= 2 and toks[appo[0] - 1].f == ",":
            name = _np_left(toks, appo[0] - 1, "en")
            if name:
                c.src, c.src_side = (name[0], c.ti - 1), "left"
                return
    left = _np_left(toks, c.ti, "en")
    if left and prev not in ('"', "”", "’", ","):
        c.src, c.src_side = left, "left"
        return
    right = _np_right(toks, c.tj, "en", limit=10)
    if right:
        c.src, c.src_side = right, "right"
        return
    c.src_side = "none"


def _skip_back_punct(toks: list[Tok], i: int) -> int:
    while i > 0 and toks[i - 1].f in (",", "—", "–"):
        i -= 1
    return i
