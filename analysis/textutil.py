"""Small text helpers that know Devanagari.

Python's ``\\w`` does not match Devanagari vowel signs or the virama, so every
tokeniser in the project goes through :data:`WORD_RE` (letters, combining marks
and digits of any script).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

# A word: letters, marks and digits of any script, with inner hyphens/apostrophes
# ("जोंग-उन", "don't") kept inside the word.
WORD_RE = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:[-'’][\p{L}\p{M}\p{Nd}]+)*")
# scikit-learn token_pattern that keeps Devanagari words whole.
TOKEN_PATTERN = r"(?u)[\w\u0900-\u0963\u0966-\u097F]+"

DEVANAGARI = (0x0900, 0x097F)
VIRAMA = "\u094d"
NUKTA = "\u093c"
DANDA = "\u0964"
DOUBLE_DANDA = "\u0965"
DEV_DIGITS = "०१२३४५६७८९"
_DIGIT_TABLE = str.maketrans(DEV_DIGITS, "0123456789")

_SCRIPT_RANGES = (
    ("Devanagari", 0x0900, 0x097F),
    ("Devanagari", 0xA8E0, 0xA8FF),
    ("Bengali", 0x0980, 0x09FF),
    ("Gurmukhi", 0x0A00, 0x0A7F),
    ("Gujarati", 0x0A80, 0x0AFF),
    ("Oriya", 0x0B00, 0x0B7F),
    ("Tamil", 0x0B80, 0x0BFF),
    ("Telugu", 0x0C00, 0x0C7F),
    ("Kannada", 0x0C80, 0x0CFF),
    ("Malayalam", 0x0D00, 0x0D7F),
    ("Arabic", 0x0600, 0x06FF),
    ("Arabic", 0x0750, 0x077F),
    ("Cyrillic", 0x0400, 0x04FF),
    ("Greek", 0x0370, 0x03FF),
    ("Hebrew", 0x0590, 0x05FF),
    ("Thai", 0x0E00, 0x0E7F),
    ("Hangul", 0xAC00, 0xD7AF),
    ("Hangul", 0x1100, 0x11FF),
    ("Han", 0x4E00, 0x9FFF),
    ("Kana", 0x3040, 0x30FF),
)


def char_script(ch: str) -> str | None:
    """The script of a letter, or None for non-letters."""
    if not ch.isalpha() and unicodedata.category(ch) not in ("Mn", "Mc"):
        return None
    cp = ord(ch)
    if cp < 0x0250:
        return "Latin" if ch.isalpha() else None
    for name, lo, hi in _SCRIPT_RANGES:
        if lo <= cp <= hi:
            return name
    return "Other"


_SCRIPT_RE = regex.compile(
    r"(\p{Script=Devanagari})|(\p{Script=Latin})|(\p{Script=Bengali})|(\p{Script=Gurmukhi})|(\p{Script=Gujarati})"
    r"|(\p{Script=Oriya})|(\p{Script=Tamil})|(\p{Script=Telugu})|(\p{Script=Kannada})|(\p{Script=Malayalam})"
    r"|(\p{Script=Arabic})|(\p{Script=Cyrillic})|(\p{Script=Greek})|(\p{Script=Hebrew})|(\p{Script=Thai})"
    r"|(\p{Script=Hangul})|(\p{Script=Han})|(\p{Script=Hiragana}|\p{Script=Katakana})|(\p{L})"
)
_SCRIPT_NAMES = (
    "Devanagari Latin Bengali Gurmukhi Gujarati Oriya Tamil Telugu Kannada Malayalam Arabic Cyrillic Greek "
    "Hebrew Thai Hangul Han Kana Other"
).split()


def script_shares(text: str, limit: int = 20000) -> dict[str, float]:
    """Share of letters (and marks) per script in the first ``limit`` characters."""
    counts: dict[str, int] = {}
    for m in _SCRIPT_RE.finditer(text, 0, min(len(text), limit)):
        name = _SCRIPT_NAMES[m.lastindex - 1]
        counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values())
    return {k: v / total for k, v in sorted(counts.items(), key=lambda kv: -kv[1])} if total else {}


def is_devanagari(ch: str) -> bool:
    return 0x0900 <= ord(ch) <= 0x097F


def has_devanagari(s: str) -> bool:
    return any(0x0900 <= ord(c) <= 0x097F for c in s)


def words(text: str) -> list[regex.Match]:
    return list(WORD_RE.finditer(text))


def to_ascii_digits(s: str) -> str:
    return s.translate(_DIGIT_TABLE)


_FOLD = {
    "\u093c": None,  # nukta: ज़ = ज
    "\u0901": "\u0902",  # chandrabindu -> anusvara
    "\u200c": None,
    "\u200d": None,
    "\u00ad": None,
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
    "\u0958": "क",
    "\u0959": "ख",
    "\u095a": "ग",
    "\u095b": "ज",
    "\u095c": "ड",
    "\u095d": "ढ",
    "\u095e": "फ",
    "\u095f": "य",
}
_FOLD_TABLE = {ord(k): v for k, v in _FOLD.items()}
_FOLD_TABLE.update({ord(d): str(i) for i, d in enumerate(DEV_DIGITS)})
for _cp in range(0x41, 0x250):
    _ch = chr(_cp)
    if _ch.isupper() and len(_ch.lower()) == 1:
        _FOLD_TABLE[_cp] = _ch.lower()
_DELETED = frozenset(k for k, v in _FOLD.items() if v is None)


@dataclass(frozen=True)
class FoldedText:
    """A matching form of a text with a map back to the original offsets.

    ``folded[i]`` comes from ``original[index[i]]``; ``index`` has one extra entry
    (``len(original)``) so that end offsets map too."""

    original: str
    folded: str
    index: tuple[int, ...] | range

    def from_original(self, offset: int) -> int:
        """The first folded position that comes from ``offset`` or later."""
        from bisect import bisect_left

        return bisect_left(self.index, offset, 0, len(self.index) - 1)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1


@lru_cache(maxsize=512)
def fold(text: str) -> FoldedText:
    """Lower-case Latin, drop nukta and joiners, unify quotes and dashes, Devanagari digits
    to ASCII — one character for one character except the dropped ones, so offsets map
    back exactly."""
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text):
        return FoldedText(text, folded, range(len(text) + 1))
    idx = [i for i, ch in enumerate(text) if ch not in _DELETED]
    idx.append(len(text))
    return FoldedText(text, folded, tuple(idx))


def fold_str(s: str) -> str:
    return fold(s).folded


def fold_chars(s: str) -> str:
    """The folded form of a short string (a token), without caching or an offset map:
    folding works character by character, so this equals ``fold(s).folded``."""
    return s.translate(_FOLD_TABLE)


def normalize_space(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def strip_span(text: str, start: int, end: int, chars: str | None = None) -> tuple[int, int]:
    """Shrink ``[start, end)`` past leading/trailing whitespace (or ``chars``)."""
    while start < end and (text[start].isspace() if chars is None else text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() if chars is None else text[end - 1] in chars):
        end -= 1
    return start, end
