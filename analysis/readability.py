"""Readability: textstat for the languages it supports, our own components for Hindi.

textstat's formulas are English-centred; they are used only for languages whose
syllable rules textstat (through pyphen and, for English, the bundled CMU
pronouncing dictionary) actually has.  Hindi gets components computed on
Devanagari — words per sentence, aksharas per word, conjunct density, share of
long sentences — and a composite that is explicitly uncalibrated.  Other
languages get ``available: false`` with the reason; never a number from the
wrong formula.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from analysis.textutil import WORD_RE

TEXTSTAT_LANGS = {"en": "en_US", "de": "de", "es": "es", "fr": "fr", "it": "it", "nl": "nl", "pl": "pl", "ru": "ru"}
LONG_SENTENCE_WORDS = 25
_CONSONANT = "[\u0915-\u0939\u0958-\u095f]"
_AKSHARA = regex.compile(
    rf"(?:{_CONSONANT}\u093c?\u094d)*{_CONSONANT}\u093c?[\u093e-\u094c\u0962\u0963]?[\u0900-\u0903]?"
    r"|[\u0904-\u0914\u0960\u0961][\u0900-\u0903]?"
)
_CONJUNCT = regex.compile(rf"{_CONSONANT}\u093c?\u094d{_CONSONANT}")


@lru_cache(maxsize=1)
def textstat_backend() -> str:
    """Which syllable backend textstat uses here (recorded in provenance)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ts_version = version("textstat")
    except PackageNotFoundError:
        ts_version = "unknown"
    return f"textstat {ts_version}; syllables from pyphen hyphenation dictionaries (offline)"


def _round(x: float, n: int = 3) -> float:
    return float(round(x, n))


def readability(language: str, sentences: list[str]) -> dict:
    """Readability of an article given its (on-topic) sentences."""
    text = " ".join(sentences)
    n_words = len(WORD_RE.findall(text))
    if not sentences or n_words == 0:
        return {"available": False, "language": language, "reason": "no sentences to measure"}
    if language == "hi":
        return hindi_readability(sentences)
    if language in TEXTSTAT_LANGS:
        return textstat_readability(language, sentences)
    return {
        "available": False,
        "language": language,
        "reason": f"readability is not supported for language '{language}' (supported: hi, {', '.join(TEXTSTAT_LANGS)})",
    }


def textstat_readability(language: str, sentences: list[str]) -> dict:
    import textstat

    ts = textstat.textstat.__class__()  # a private instance: set_lang is global state otherwise
    ts.set_lang(TEXTSTAT_LANGS[language])
    text = "\n".join(sentences)
    words = WORD_RE.findall(text)
    n_sent = len(sentences)
    out = {
        "available": True,
        "language": language,
        "method": "textstat",
        "backend": textstat_backend(),
        "sentences": n_sent,
        "words": len(words),
        "words_per_sentence": _round(len(words) / n_sent),
        "syllables_per_word": _round(ts.syllable_count(text) / max(1, len(words))),
        "long_sentence_share": _round(sum(1 for s in sentences if len(WORD_RE.findall(s)) > LONG_SENTENCE_WORDS) / n_sent),
        "flesch_reading_ease": _round(ts.flesch_reading_ease(text), 2),
    }
    if language == "en":
        out.update(
            {
                "flesch_kincaid_grade": _round(ts.flesch_kincaid_grade(text), 2),
                "gunning_fog": _round(ts.gunning_fog(text), 2),
                "smog_index": _round(ts.smog_index(text), 2),
                "coleman_liau_index": _round(ts.coleman_liau_index(text), 2),
                "automated_readability_index": _round(ts.automated_readability_index(text), 2),
                "dale_chall": _round(ts.dale_chall_readability_score(text), 2),
            }
        )
    return out


def count_aksharas(word: str) -> int:
    return len(_AKSHARA.findall(word))


def hindi_readability(sentences: list[str]) -> dict:
    words = [w for s in sentences for w in WORD_RE.findall(s)]
    dev_words = [w for w in words if any("\u0900" <= c <= "\u097f" for c in w)]
    n_sent = len(sentences)
    joined = " ".join(dev_words)
    aksharas = len(_AKSHARA.findall(joined))
    conjuncts = len(_CONJUNCT.findall(joined))
    per_sentence = [len(WORD_RE.findall(s)) for s in sentences]
    wps = len(words) / n_sent
    apw = aksharas / max(1, len(dev_words))
    conj = conjuncts / max(1, len(dev_words))
    long_share = sum(1 for n in per_sentence if n > LONG_SENTENCE_WORDS) / n_sent
    # An uncalibrated difficulty index: a plain weighted sum of the components,
    # scaled so typical news prose lands near 50.  Not a grade level; not on the
    # same axis as any English score.
    composite = 2.0 * wps + 10.0 * apw + 40.0 * conj + 20.0 * long_share
    return {
        "available": True,
        "language": "hi",
        "method": "parallax-hindi-components",
        "sentences": n_sent,
        "words": len(words),
        "words_per_sentence": _round(wps),
        "aksharas_per_word": _round(apw),
        "conjuncts_per_word": _round(conj),
        "long_sentence_share": _round(long_share),
        "composite_uncalibrated": _round(composite, 2),
        "note": "Hindi components computed by Parallax; the composite is uncalibrated, not a grade level, "
        "and must not be compared with English scores.",
    }
