"""Matching names across Devanagari and Latin.

``romanize`` turns a Devanagari name into a plain Latin form (via
``indic-transliteration``, then schwa deletion, so ``सरकार`` -> ``sarkar`` and
``किम जोंग-उन`` -> ``kim jong-un``).  ``acronym_from_letter_names`` reads acronyms
spelled out in Devanagari letter names (``केसीएनए`` -> ``KCNA``).  ``name_key``
is the form two spellings of one name share (``शोइगू`` and ``शोइगु``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from analysis.textutil import has_devanagari

# Devanagari spellings of Latin letter names, longest first when parsing.
LETTER_NAMES = {
    "डब्ल्यू": "W",
    "डब्लू": "W",
    "एक्स": "X",
    "क्यू": "Q",
    "जेड": "Z",
    "ज़ेड": "Z",
    "वाई": "Y",
    "एच": "H",
    "एफ": "F",
    "एफ़": "F",
    "एल": "L",
    "एम": "M",
    "एन": "N",
    "आर": "R",
    "एस": "S",
    "बी": "B",
    "सी": "C",
    "डी": "D",
    "जी": "G",
    "जे": "J",
    "के": "K",
    "पी": "P",
    "टी": "T",
    "वी": "V",
    "यू": "U",
    "आई": "I",
    "ए": "A",
    "ई": "E",
    "ओ": "O",
}
_LETTERS_SORTED = sorted(LETTER_NAMES, key=len, reverse=True)
_VOWELS = "aeiou"


@lru_cache(maxsize=4096)
def acronym_from_letter_names(word: str) -> str | None:
    """``केसीएनए`` -> ``KCNA``; None when the word is not a chain of letter names."""
    word = word.replace("\u093c", "").replace(".", "").replace(" ", "")
    out = []
    i = 0
    while i < len(word):
        for name in _LETTERS_SORTED:
            n = name.replace("\u093c", "")
            if word.startswith(n, i):
                out.append(LETTER_NAMES[name])
                i += len(n)
                break
        else:
            return None
    return "".join(out) if len(out) >= 2 else None


_ALLV = "aeiouAEIOU"


def _schwa_delete(w: str) -> str:
    """Drop the inherent vowel (lower-case ``a`` in OPTITRANS; long ā is ``A``) where Hindi
    does not pronounce it: at the end after a single consonant, and in VC_CV."""
    if len(w) > 2 and w.endswith("a") and w[-2] not in _ALLV:
        digraph = w[-3:-1] in ("sh", "ch", "kh", "gh", "th", "dh", "ph", "bh", "jh", "Th", "Dh")
        cluster = len(w) >= 3 and w[-3] not in _ALLV + "M" and not digraph
        if not (cluster and w[-2] in "ryv"):  # narendra, satya keep it; kursk, tramp do not
            w = w[:-1]
    chars = list(w)
    i = 2
    while i < len(chars) - 2:
        if (
            chars[i] == "a"
            and chars[i - 1] not in _ALLV
            and chars[i + 1] not in _ALLV + "M"
            and (chars[i + 2] in _ALLV or (chars[i + 2] == "h" and i + 3 < len(chars) and chars[i + 3] in _ALLV))
            and any(c in _ALLV for c in chars[: i - 1])
        ):
            del chars[i]
        i += 1
    return "".join(chars)


@lru_cache(maxsize=8192)
def romanize(name: str) -> str:
    """A lower-case Latin form of a Devanagari name, for matching (not for display)."""
    if not has_devanagari(name):
        return simplify_latin(name)
    from indic_transliteration import sanscript

    words = re.split(r"([\s\-]+)", name.strip())
    out = []
    for w in words:
        if not w or w.isspace() or set(w) <= set("- "):
            out.append("-" if "-" in w else " ")
            continue
        acr = acronym_from_letter_names(w)
        if acr:
            out.append(acr.lower())
            continue
        r = sanscript.transliterate(w, sanscript.DEVANAGARI, sanscript.OPTITRANS)
        r = r.replace("R^i", "ri").replace(".N", "n").replace("~N", "n").replace("GY", "gy").replace("x", "ksh")
        r = r.replace("N", "n").replace("H", "h").replace("Sh", "sh")
        r = _schwa_delete(r).replace("M", "n").lower()
        r = re.sub(r"n(?=[pbm])", "m", r)
        r = re.sub(r"nh$", "ngh", r)
        out.append(r)
    return "".join(out).strip()


def simplify_latin(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9\- ]+", "", s)
    return re.sub(r"\s+", " ", s).strip()


def _phonetic(s: str) -> str:
    """Collapse spellings that transliteration does not distinguish."""
    s = s.replace("-", " ")
    for a, b in (("ee", "i"), ("oo", "u"), ("w", "v"), ("ph", "f"), ("q", "k"), ("z", "j"), ("yy", "y")):
        s = s.replace(a, b)
    s = re.sub(r"([a-z])\1", r"\1", s)
    return s


def name_similarity(a: str, b: str) -> float:
    """0..100: how likely two written names (any script) name the same entity."""
    ra, rb = _phonetic(romanize(a)), _phonetic(romanize(b))
    if not ra or not rb:
        return 0.0
    return max(fuzz.ratio(ra, rb), fuzz.ratio(ra.replace(" ", ""), rb.replace(" ", "")))


_DEV_LONG_SHORT = str.maketrans({"ी": "ि", "ू": "ु", "ई": "इ", "ऊ": "उ", "ँ": "ं", "़": None, "‍": None, "‌": None})


def name_key(name: str) -> str:
    """A key two spellings of one name share: vowel length, nukta and hyphens ignored."""
    if has_devanagari(name):
        k = name.translate(_DEV_LONG_SHORT)
        return re.sub(r"[\s\-]+", " ", k).strip()
    return _phonetic(simplify_latin(name))
