"""Segmentation: blocks (headline, paragraphs, credits) and sentences, Devanagari-aware.

All offsets index the original text.  Blocks never cross a line break; sentences
never cross a block.  Sentences end at ``।``, ``॥``, ``?``, ``!`` and ``.`` — not
inside numbers, abbreviations, initials or short parentheticals — and closing
quotes and brackets stay with their sentence.  Sentences glued without a space
(``है।लेकिन``, ``दिया है.(जब``, ``said.The``) are still split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from analysis.textutil import WORD_RE, strip_span

TERMINATORS = "।॥?!."
CLOSERS = "\"'”’»)]}"
OPENERS = "\"'“‘«([{"

EN_ABBREV = frozenset(
    """mr mrs ms dr prof sr jr st gen lt col sgt capt cmdr adm gov sen rep rev hon pres supt insp
    no nos vs etc inc ltd co corp bros dept univ assn ave blvd rd mt ft jan feb mar apr jun jul aug
    sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun approx est min max fig vol
    p pp ed eds govt rs a.m p.m e.g i.e u.s u.k u.n u.s.a d.c n.y l.a""".split()
)
# Common Hindi abbreviations written with a full stop.
HI_ABBREV = frozenset(
    "डॉ प्रो श्री श्रीमती कु सु स्व सं रु नं कि.मी कि.ग्रा मि.ली से.मी जि उ.प्र म.प्र हि.प्र ई.पू ई".split()
)
# Latin letter names written in Devanagari, used as initials ("ए. के. सिंह").
HI_LETTER_NAMES = frozenset(
    "ए बी सी डी ई एफ जी एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई जेड".split()
)

_CREDIT_WORDS_HI = r"(?:फ़?ोटो|फ़ाइल फ़?ोटो|फाइल फोटो|तस्वीर|चित्र|छवि|इमेज|सांकेतिक(?: तस्वीर| फोटो| चित्र)?|प्रतीकात्मक(?: तस्वीर| फोटो| चित्र)?|साभार|वीडियो ग्रैब|स्क्रीनग्रैब)"
_CREDIT_WORDS_EN = r"(?:photo(?:graph)?s?|file photo|image|picture|pic|credit|courtesy|representational(?: image| photo)?|screengrab|video grab|getty images|ap photo|reuters|afp)"
_CREDIT_WORD = rf"(?:{_CREDIT_WORDS_HI}|{_CREDIT_WORDS_EN})"
# Phrases that are credits on their own, without a colon or a name after them.
_CREDIT_ALONE = r"(?:फ़?ाइल फ़?ोटो|सांकेतिक (?:तस्वीर|फोटो|चित्र)|प्रतीकात्मक (?:तस्वीर|फोटो|चित्र)|वीडियो ग्रैब|file photo|representational (?:image|photo)|screengrab|video grab)"
# A credit glued to the end of a line after a separator: ", फोटो (सो. सोशल मीडिया)",
# " | Photo: AP", " (File photo)".  A bare "Photos" after a pipe is a promo, not a credit.
TRAILING_CREDIT = regex.compile(
    rf"(?:\s*[,|–—-]\s*|(?<=[.।])\s+|\s+(?=\())"
    rf"(\(?\s*(?:{_CREDIT_ALONE}\s*\)?|\(\s*[\p{{L}}\p{{M}} .&/]{{1,25}}\s+(?:photos?|pics?|pictures?|images?|फोटो|तस्वीर)\s*\)|\(?\s*{_CREDIT_WORD}(?:\s+credits?)?\s*(?:[:(/\-–]|\s+(?:by|via|courtesy|साभार)\b)[^\n]{{0,80}}?))\s*$",
    regex.IGNORECASE,
)
# Every trailing credit contains one of the credit words: a cheap test before the search.
CREDIT_HINT = regex.compile(_CREDIT_WORD, regex.IGNORECASE)


def trailing_credit(line: str) -> regex.Match | None:
    """``TRAILING_CREDIT.search(line)``: a trailing credit is a credit word and at most a
    hundred-odd characters at the end of the line, so only the line's tail is searched,
    and only when a credit word occurs in it."""
    pos = max(0, len(line.rstrip()) - 160)
    return TRAILING_CREDIT.search(line, pos) if CREDIT_HINT.search(line, pos) else None


# A whole line that is a credit or caption marker: "(फाइल फोटो)", "Photo: Reuters".
CREDIT_LINE = regex.compile(
    rf"^\s*[(\[]?\s*(?:{_CREDIT_ALONE}\s*[)\]]?\s*$|{_CREDIT_WORD}(?:\s+credits?)?\s*(?:[:(|/]|\s+(?:by|via|courtesy|साभार)\b))",
    regex.IGNORECASE,
)


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str  # headline | paragraph | caption_credit


def iter_lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Non-empty lines of ``text[start:end]`` as stripped ``(start, end)`` spans."""
    end = len(text) if end is None else end
    out = []
    for m in re.finditer(r"[^\r\n]+", text[start:end]):
        s, e = strip_span(text, start + m.start(), start + m.end())
        if s < e:
            out.append((s, e))
    return out


def _ends_sentence(s: str) -> bool:
    s = s.rstrip(CLOSERS + " ")
    return bool(s) and s[-1] in TERMINATORS + ":;"


def _word_count(s: str) -> int:
    return len(WORD_RE.findall(s))


def looks_like_headline(line: str) -> bool:
    n = _word_count(line)
    if n == 0 or n > 30 or len(line) > 250:
        return False
    stripped = line.rstrip(CLOSERS + " ")
    return not stripped.endswith(("।", ".", "॥")) or stripped.endswith("...")


def split_trailing_credit(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """Split ``…, फोटो (सो. सोशल मीडिया)`` off the end of a line.

    Returns the remaining span and the credit span (or None)."""
    line = text[start:end]
    m = trailing_credit(line)
    if not m or m.start(1) == 0:
        return (start, end), None
    credit = m.group(1)
    if _word_count(credit) > 10 or _word_count(line[: m.start()]) < 3:
        return (start, end), None
    cs, ce = start + m.start(1), start + m.end(1)
    rs, re_ = strip_span(text, start, start + m.start(), " \t,|–—-")
    return (rs, re_), (cs, ce)


def is_credit_line(line: str) -> bool:
    return _word_count(line) <= 12 and bool(CREDIT_LINE.match(line))


def structure(text: str, title: str | None = None) -> list[Block]:
    """Headline, paragraphs and credits of a plain text, in order.

    The first line is the headline when it has headline form and the text goes on
    (or when it equals the known title).  Credits glued to the end of a short line
    become their own ``caption_credit`` block."""
    lines = iter_lines(text)
    blocks: list[Block] = []
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        if is_credit_line(line):
            blocks.append(Block(s, e, "caption_credit"))
            continue
        kind = "paragraph"
        if i == 0 and len(lines) > 1:
            same_title = title is not None and line.strip().casefold() == title.strip().casefold()
            if same_title or looks_like_headline(line):
                kind = "headline"
        # a credit glued to the headline is split off; a body line ending in a credit is a
        # photo caption as a whole (the off-topic rules mark it)
        (rs, re_), credit = split_trailing_credit(text, s, e) if i == 0 and _word_count(line) <= 40 else ((s, e), None)
        if credit and rs < re_:
            blocks.append(Block(rs, re_, kind))
            blocks.append(Block(credit[0], credit[1], "caption_credit"))
        else:
            blocks.append(Block(s, e, kind))
    return blocks


def _prev_token(text: str, i: int, lo: int) -> str:
    """The token that ends right before position ``i`` (dots inside it kept)."""
    j = i
    while j > lo and not text[j - 1].isspace() and text[j - 1] not in "(\"'“‘[":
        j -= 1
    return text[j:i]


def _is_abbreviation(tok: str) -> bool:
    t = tok.lower().rstrip(".")
    if not t:
        return False
    if t in EN_ABBREV or t in HI_ABBREV or t in HI_LETTER_NAMES:
        return True
    if re.fullmatch(r"[a-z]", t):  # a single letter: an initial
        return True
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", t):  # u.s, e.g, a.m
        return True
    parts = t.split(".")
    return len(parts) > 1 and all(p in HI_LETTER_NAMES for p in parts)


def _inside_open_paren(text: str, lo: int, i: int, hi: int) -> bool:
    """A short parenthetical is still open at ``i`` and closes soon after."""
    opened = text.rfind("(", lo, i)
    if opened < 0 or text.rfind(")", opened, i) >= 0:
        return False
    closing = text.find(")", i, hi)
    return 0 <= closing and closing - opened < 80


def _is_boundary(text: str, i: int, lo: int, hi: int) -> bool:
    ch = text[i]
    nxt = text[i + 1] if i + 1 < hi else ""
    if ch in "।॥":
        return True
    if ch in "?!":
        if nxt and nxt in CLOSERS:
            k = i + 1
            while k < hi and text[k] in CLOSERS:
                k += 1
            while k < hi and text[k] == " ":
                k += 1
            if k < hi and text[k].islower() and text[k].isascii():
                return False  # "Why?" he asked
        return not (nxt and nxt in "?!")
    # the full stop
    if nxt == ".":
        return False  # ellipsis: decided at its last dot
    prev = text[i - 1] if i > lo else ""
    if i > lo + 1 and text[i - 2 : i] == ".." and nxt and not nxt.isspace():
        return False
    if prev.isdigit() and nxt.isdigit():
        return False
    tok = _prev_token(text, i, lo)
    if _is_abbreviation(tok):
        # an abbreviation can still end a sentence: "in the U.S. The president"
        k = i + 1
        while k < hi and text[k] == " ":
            k += 1
        nxt_word = WORD_RE.match(text, k)
        if nxt_word and nxt_word.group().lower() in _SENTENCE_STARTERS and tok.lower().rstrip(".") not in (
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "डॉ",
            "प्रो",
            "श्री",
        ):
            return True
        return False
    if _inside_open_paren(text, lo, i, hi):
        return False
    if not nxt or nxt.isspace() or nxt in CLOSERS or nxt in "(\"'“‘[":
        return True
    if nxt.isascii() and (nxt.isupper() or nxt.isdigit()) and len(tok) >= 2 and tok[-1].isalpha() and tok[-1].islower():
        return True  # glued: "said.The", "vote.16-year-old"
    if "\u0900" <= nxt <= "\u097f" and tok and "\u0900" <= tok[-1] <= "\u097f":
        return True  # glued Hindi full stop: "है.लेकिन"
    return False


_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i in on at but and this that these those there his her its their".split()
)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` (a single block) as stripped spans."""
    out = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        if ch in TERMINATORS or (ch == "|" and i > start and "\u0900" <= text[i - 1] <= "\u097f"):
            if ch == "|" or _is_boundary(text, i, start, end):
                j = i + 1
                while j < end and text[j] in TERMINATORS and text[j] != ".":
                    j += 1
                while j < end and text[j] in CLOSERS:
                    # an opening quote glued to the next sentence is not a closer
                    if text[j] in "\"'" and j + 1 < end and not text[j + 1].isspace() and text[j + 1] not in TERMINATORS:
                        break
                    j += 1
                ss, se = strip_span(text, s, j)
                if ss < se:
                    out.append((ss, se))
                s = j
                i = j
                continue
        i += 1
    ss, se = strip_span(text, s, end)
    if ss < se:
        if out and not WORD_RE.search(text[ss:se]):
            out[-1] = (out[-1][0], se)  # stray punctuation joins the sentence before
        else:
            out.append((ss, se))
    return out
