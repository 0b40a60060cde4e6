"""Script and language of an article.

The script share decides the script.  Within Devanagari a seeded ``langdetect``
tells Hindi from Marathi and Nepali; within Latin it names the language, and a
check for Hindi typed in a legacy font (KrutiDev-style Remington layout, which
looks like Latin gibberish) runs first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.model import LanguageInfo
from analysis.textutil import script_shares

SCRIPT_LANG_DEFAULT = {
    "Bengali": "bn",
    "Gurmukhi": "pa",
    "Gujarati": "gu",
    "Oriya": "or",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Hangul": "ko",
    "Kana": "ja",
    "Han": "zh",
    "Thai": "th",
    "Hebrew": "he",
    "Greek": "el",
}
DEVANAGARI_LANGS = ("hi", "mr", "ne")

# Frequent Hindi function words as they appear when typed in a KrutiDev-style
# legacy font (the bytes are Latin letters; the font draws Devanagari).
_KRUTIDEV_WORDS = frozenset(
    "dk ds dh esa gS gSa us ls ij Hkh vkSj fd ;g ;s og os Fkk Fkh Fks ugha rks dks tks dgk "
    "fy, fd;k gq, gqbZ x;k xbZ ,d nks rhu ckn lkFk Hkkjr ljdkj ifjokj yksx".split()
)
_ENGLISH_STOP = frozenset(
    "the of and to in is was for on that with as by at from it be are this an has have said "
    "he she they not but or which".split()
)
_TOKEN = re.compile(r"[^\s]+")
# Marker words that set the three Devanagari languages apart; a clear majority
# decides without running langdetect (which costs ~10 ms per article).
_DEV_MARKERS = {
    "hi": frozenset("है हैं के में की और से ने था थे थी यह कि पर भी लिए गया किया हुआ हुई नहीं".split()),
    "mr": frozenset("आहे आहेत आणि च्या चा ची चे केले होते हे या असे नाही मध्ये आले त्यांनी झाली".split()),
    "ne": frozenset("छ छन् र मा हो गरेको भएको थियो पनि लागि गर्न यो भने हुन्छ सरकारले गरे".split()),
}


@lru_cache(maxsize=1)
def _detector_factory():
    from langdetect.detector_factory import init_factory

    init_factory()
    from langdetect import detector_factory

    factory = detector_factory._factory  # noqa: SLF001 - langdetect keeps its factory module-global
    factory.set_seed(0)
    return factory


def _langdetect(text: str, restrict: tuple[str, ...] | None = None) -> tuple[str, float]:
    """Seeded langdetect: the same input always gives the same answer."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = _detector_factory()
    det = factory.create()
    det.append(text[:3000])
    try:
        probs = det.get_probabilities()
    except LangDetectException:
        return "und", 0.0
    if restrict:
        probs = [p for p in probs if p.lang in restrict]
        if not probs:
            return restrict[0], 0.5
    return probs[0].lang, float(probs[0].prob)


def legacy_font_score(text: str) -> float:
    """Share of tokens that are frequent Hindi words in KrutiDev encoding (0..1)."""
    toks = _TOKEN.findall(text[:20000])
    if len(toks) < 8:
        return 0.0
    kd = sum(1 for t in toks if t.strip(",.A") in _KRUTIDEV_WORDS)
    en = sum(1 for t in toks if t.lower().strip(",.") in _ENGLISH_STOP)
    if en > 0.08 * len(toks):
        return 0.0
    return kd / len(toks)


def detect_language(text: str, declared: str | None = None) -> LanguageInfo:
    shares = script_shares(text)
    if not shares:
        return LanguageInfo("und", "Unknown", 0.0, note="no letters")
    script, share = next(iter(shares.items()))
    if script == "Latin" and shares.get("Devanagari", 0) > 0.25:
        script, share = "Devanagari", shares["Devanagari"]
    if script == "Latin":
        kd = legacy_font_score(text)
        if kd > 0.12:
            return LanguageInfo(
                "hi",
                "Latin",
                min(1.0, kd * 3),
                legacy_font="KrutiDev",
                note="Hindi typed in a legacy font (KrutiDev-style): convert it to Unicode to analyse it",
            )
        if declared:
            return LanguageInfo(declared, script, 1.0)
        toks = _TOKEN.findall(text[:5000].lower())
        if len(toks) >= 20 and sum(t.strip(",.;:\"'") in _ENGLISH_STOP for t in toks) > 0.2 * len(toks):
            return LanguageInfo("en", script, 0.99)
        lang, p = _langdetect(text)
        return LanguageInfo(lang, script, round(p, 3))
    if script == "Devanagari":
        if declared in DEVANAGARI_LANGS:
            return LanguageInfo(declared, script, 1.0)
        quick = _quick_devanagari(text)
        if quick:
            return LanguageInfo(quick, script, 0.99)
        lang, p = _langdetect(text, DEVANAGARI_LANGS)
        return LanguageInfo(lang, script, round(p, 3))
    if script == "Cyrillic":
        lang, p = _langdetect(text, ("ru", "uk", "bg", "mk", "sr"))
        return LanguageInfo(lang, script, round(p, 3))
    if script == "Arabic":
        lang, p = _langdetect(text, ("ar", "ur", "fa"))
        return LanguageInfo(lang, script, round(p, 3))
    lang = declared or SCRIPT_LANG_DEFAULT.get(script, "und")
    return LanguageInfo(lang, script, round(share, 3))


def _quick_devanagari(text: str) -> str | None:
    counts = dict.fromkeys(_DEV_MARKERS, 0)
    for tok in _TOKEN.findall(text[:5000]):
        tok = tok.strip(",.;:!?।'\"‘’“”()")
        for lang, markers in _DEV_MARKERS.items():
            if tok in markers:
                counts[lang] += 1
    best = max(counts, key=counts.get)
    rest = sum(v for k, v in counts.items() if k != best)
    if counts[best] >= 8 and counts[best] > 5 * rest:
        return best
    return None
