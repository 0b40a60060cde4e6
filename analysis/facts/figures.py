"""Figures (quantities) in Hindi and English text, with qualifiers and what they count.

Numbers in Latin and Devanagari digits with Western or Indian grouping
(``15,000``, ``१५,०००``, ``1,50,000``), decimals with scale words (``4.7 हज़ार``,
``2.5 million``, लाख, करोड़), number words (``तीन``, ``three``) and vague plurals
(``सैकड़ों``, ``dozens``).  Years, day numbers, times and ordinals are not figures.
The qualifier kinds give the interval a figure stands for (see the contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from analysis.model import Figure
from analysis.resources import load_json
from analysis.textutil import fold

_NB = r"(?<![\p{L}\p{M}\p{Nd}])"
_NA = r"(?![\p{L}\p{M}\p{Nd}])"
_DIGITS = regex.compile(r"(?<![\p{L}\p{M}\p{Nd}.,/:-])(\d{1,3}(?:,\d{2,3})+|\d+)(?:\.(\d+))?(?![\p{Nd}]|[.,:/]\d)")
_STOP_UNIT = frozenset(
    """की के का को से में पर ने है हैं था थे थी और या तक भी ही तो लगभग करीब अब इस उस जो कि
    the of a an and or to in on at for from by with as is are was were has have had that which who
    than more less about over under up some per""".split()
)
_TIME_AFTER = frozenset(["बजे", "a.m", "p.m", "am", "pm", "o'clock", "hrs", "baje"])
_DURATION = frozenset(
    """दिन दिनों महीने महीनों महीना साल सालों वर्ष वर्षों हफ्ते हफ्तों सप्ताह घंटे घंटों मिनट
    day days week weeks month months year years hour hours minute minutes decade decades""".split()
)


@dataclass(frozen=True)
class _Tables:
    words: dict[str, float]
    article_like: frozenset[str]
    scales: dict[str, float]
    vague: dict[str, tuple[float, str]]
    before: list[tuple[str, str]]
    after: list[tuple[str, str]]
    percent: tuple[str, ...]
    cur_before: dict[str, str]
    cur_after: dict[str, str]
    word_re: regex.Pattern
    topics: dict[str, regex.Pattern]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    d = load_json("lexicons", "numbers.json")
    t = load_json("lexicons", "figure_topics.json")
    words = {}
    for lang in d["words"].values():
        words.update({fold(k).folded: float(v) for k, v in lang.items()})
    vague = {fold(k).folded: (float(v[0]), v[1]) for k, v in d["vague"].items()}
    alts = sorted(list(words) + list(vague), key=len, reverse=True)
    word_re = regex.compile(rf"{_NB}({'|'.join(regex.escape(a) for a in alts)}){_NA}")
    before = sorted(
        ((fold(p).folded, kind) for kind, ps in d["qualifiers_before"].items() for p in ps),
        key=lambda x: -len(x[0]),
    )
    after = sorted(
        ((fold(p).folded, kind) for kind, ps in d["qualifiers_after"].items() for p in ps),
        key=lambda x: -len(x[0]),
    )
    topics = {
        k: regex.compile(rf"{_NB}(?:{'|'.join(regex.escape(fold(w).folded) for w in sorted(v, key=len, reverse=True))})")
        for k, v in t["figure_topics"].items()
        if v
    }
    return _Tables(
        words=words,
        article_like=frozenset(fold(w).folded for ws in d["article_like"].values() for w in ws),
        scales={fold(k).folded: float(v) for k, v in d["scales"].items()},
        vague=vague,
        before=before,
        after=after,
        percent=tuple(fold(p).folded for p in d["percent"]),
        cur_before={fold(k).folded: v for k, v in d["currency_before"].items()},
        cur_after={fold(k).folded: v for k, v in d["currency_after"].items()},
        word_re=word_re,
        topics=topics,
    )


_TOKEN = regex.compile(r"[\p{L}\p{M}\p{Nd}'.%₹$€£]+|[^\s]")


def _next_tokens(folded: str, pos: int, n: int = 4) -> list[regex.Match]:
    out = []
    for m in _TOKEN.finditer(folded, pos):
        out.append(m)
        if len(out) >= n:
            break
    return out


def _clause_after(folded: str, pos: int) -> str:
    """Text from ``pos`` to the end of its clause (comma, semicolon, sentence end, 'और/and')."""
    m = regex.search(r"[,;।!?]|\.(?!\d)|\s(?:और|तथा|जबकि|लेकिन|and|while|but)\s", folded[pos : pos + 200])
    return folded[pos : pos + (m.start() if m else 200)]


def _clause_before(folded: str, pos: int) -> str:
    """The words of the clause before ``pos`` (up to six), so "the floods killed more
    than 90" knows what 90 counts."""
    lo = max(0, pos - 120)
    seg = folded[lo:pos]
    cut = max(seg.rfind(c) for c in (",", ";", "।", ". ", "?", "!"))
    seg = seg[cut + 1 :] if cut >= 0 else seg
    return " ".join(seg.split()[-6:])


def _about(clause: str, unit: str | None, tables: _Tables) -> str | None:
    def has(key: str) -> bool:
        pat = tables.topics.get(key)
        return bool(pat and pat.search(clause))

    dead, hurt = has("deaths"), has("injured")
    if (dead and hurt) or has("casualties"):
        return "casualties"
    if dead:
        return "deaths"
    if hurt:
        return "injured"
    for key in ("troops", "arrests", "displaced", "cases", "votes", "seats", "people"):
        if has(key):
            return key
    if unit in ("percent",) or (unit and unit.isupper() and len(unit) == 3):
        return "money" if unit != "percent" else None
    if unit and unit in _DURATION:
        return "duration"
    return unit


def extract_figures(
    text: str, spans: list[tuple[int, int]] | None = None, exclude: list[tuple[int, int]] = ()
) -> list[Figure]:
    """Figures inside ``spans`` (default: the whole text), skipping ``exclude`` (dates)."""
    tb = _tables()
    ft = fold(text)
    folded = ft.folded
    spans = spans if spans is not None else [(0, len(text))]
    fex = [(ft.from_original(s), ft.from_original(e)) for s, e in exclude]
    out: list[Figure] = []
    for s0, e0 in spans:
        fs, fe = ft.from_original(s0), ft.from_original(e0)
        cands = []
        for m in _DIGITS.finditer(folded, fs, fe):
            whole = m.group(1).replace(",", "")
            val = float(whole + ("." + m.group(2) if m.group(2) else ""))
            cands.append((m.start(), m.end(), val, None, "digit"))
        for m in tb.word_re.finditer(folded, fs, fe):
            w = m.group(1)
            if w in tb.vague:
                v, kind = tb.vague[w]
                cands.append((m.start(), m.end(), v, kind, "vague"))
            else:
                cands.append((m.start(), m.end(), tb.words[w], None, "word"))
        cands.sort()
        last_end = -1
        for start, end, val, vague_kind, src in cands:
            if start < last_end or any(start < xe and xs < end for xs, xe in fex):
                continue
            fig = _build(text, ft, start, end, val, vague_kind, src, tb, fe)
            if fig is not None:
                out.append(fig)
                last_end = ft.from_original(fig.end)
    return out


def _build(text, ft, start, end, val, vague_kind, src, tb: _Tables, limit: int) -> Figure | None:
    folded = ft.folded
    toks = _next_tokens(folded, end, 5)
    toks = [t for t in toks if t.start() < limit]
    nxt = toks[0].group() if toks else ""
    # combining word numbers: "तीन सौ", "two hundred", "एक लाख"
    j = 0
    scale = None
    if toks and toks[0].group() in ("सौ", "hundred") and src == "word":
        val *= 100
        end = toks[0].end()
        j = 1
    if len(toks) > j and toks[j].group().rstrip(".") in tb.scales:
        scale = toks[j].group().rstrip(".")
        val *= tb.scales[scale]
        end = toks[j].end()
        j += 1
    elif len(toks) > j and toks[j].group() == "of" and src == "vague":
        pass
    nxt = toks[j].group() if len(toks) > j else ""
    if src == "word" and folded[start:end] in tb.article_like and scale is None:
        return None  # "एक अधिकारी", "one of": an article, not a figure
    if src == "word" and folded[start:end] == "दो" and (not nxt or nxt in "।.,!?"):
        return None  # "दो" as the verb "give"
    if nxt.rstrip(".") in _TIME_AFTER or nxt == ":":
        return None
    if src == "digit" and nxt in ("वीं", "वां", "वें", "वी", "st", "nd", "rd", "th"):
        return None
    # the unit: percent, currency or the counted noun
    unit = None
    before_txt = folded[max(0, start - 30) : start]
    prev = before_txt.split()[-1] if before_txt.split() else ""
    if prev in tb.cur_before or (before_txt and before_txt[-1:] in tb.cur_before):
        unit = tb.cur_before.get(prev) or tb.cur_before.get(before_txt[-1:])
        if before_txt[-1:] in tb.cur_before:
            start -= 1
    # a qualifier written after the number comes before the counted noun ("4,700 से अधिक सैनिक")
    post = _post_qualifier(folded, end, tb)
    unit_from = post[2] if post else end
    utoks = [t for t in _next_tokens(folded, unit_from, 3) if t.start() < limit]
    unxt = utoks[0].group().rstrip(".") if utoks else ""
    rest = folded[end : end + 30].lstrip()
    if rest.startswith("%"):
        unit = "percent"
        end = folded.index("%", end) + 1
    else:
        for p in tb.percent:
            if regex.match(rf"{regex.escape(p)}{_NA}", rest):
                unit = "percent"
                break
        if unit is None and unxt in tb.cur_after:
            unit = tb.cur_after[unxt]
        if unit is None:
            cand = unxt
            if cand == "of" and len(utoks) > 1:
                cand = utoks[1].group().rstrip(".")
            if (
                cand
                and cand not in _STOP_UNIT
                and regex.match(r"[\p{L}]", cand)
                and cand not in tb.scales
                and not (cand.isascii() and cand.endswith(("ed", "ing")))
            ):
                unit = cand
    # qualifiers
    qual_words, kind, estimated = [], vague_kind, False
    window = folded[max(0, start - 40) : start].rstrip()
    for phrase, pkind in tb.before:
        if window.endswith(phrase) or window.endswith(phrase + " " + (prev if prev in tb.cur_before else "")):
            qual_words.append(phrase)
            if pkind == "estimated":
                estimated = True
                w2 = window[: -len(phrase)].rstrip()
                for p2, k2 in tb.before:
                    if k2 != "estimated" and w2.endswith(p2):
                        qual_words.insert(0, p2)
                        kind = kind or k2
                        break
            else:
                kind = kind or pkind
                w2 = window[: -len(phrase)].rstrip()
                for p2, k2 in tb.before:
                    if k2 == "estimated" and w2.endswith(p2):
                        qual_words.insert(0, p2)
                        estimated = True
                        break
            break
    if post is None:
        post = _post_qualifier(folded, end, tb, skip_unit=unit)
    if post is not None:
        phrase, pkind, _ = post
        if not (pkind == "up_to" and kind):
            qual_words.append(phrase)
            kind = pkind if kind in (None, "about") or pkind == "more_than" else kind
    if estimated and kind is None:
        kind = "estimated"
    os_, oe = ft.to_original(start, end)
    clause = _clause_before(folded, start) + " " + _clause_after(folded, end)
    unit_out = unit
    if unit and unit not in ("percent",) and not unit.isupper():
        uo_s = folded.find(unit, end)
        if 0 <= uo_s < end + 30:
            a, b = ft.to_original(uo_s, uo_s + len(unit))
            unit_out = text[a:b]
    about = _about(clause, unit, tb)
    return Figure(
        start=os_,
        end=oe,
        value=float(round(val, 6)),
        unit=unit_out,
        qualifier=" … ".join(_orig_phrase(text, ft, q, start, end) for q in qual_words) or None,
        qualifier_kind=kind,
        about=about,
        estimated=estimated,
    )


def _post_qualifier(folded: str, pos: int, tb: _Tables, skip_unit: str | None = None):
    """``(phrase, kind, end)`` of a qualifier right after ``pos`` (after the unit if given)."""
    t = folded[pos : pos + 60]
    lead = len(t) - len(t.lstrip())
    t = t.lstrip()
    if skip_unit and t.startswith(skip_unit):
        lead += len(skip_unit)
        t2 = t[len(skip_unit) :]
        lead += len(t2) - len(t2.lstrip())
        t = t2.lstrip()
    for phrase, pkind in tb.after:
        if t.startswith(phrase) and (len(t) == len(phrase) or not regex.match(r"[\p{L}\p{M}]", t[len(phrase)])):
            if pkind == "up_to" and skip_unit:
                return None  # "सैनिक तक": तक after a counted noun is rarely "up to"
            return phrase, pkind, pos + lead + len(phrase)
    return None


def _orig_phrase(text: str, ft, phrase: str, start: int, end: int) -> str:
    """The qualifier as written in the original text (nearest occurrence)."""
    folded = ft.folded
    i = folded.rfind(phrase, max(0, start - 60), start)
    if i < 0:
        i = folded.find(phrase, end, end + 60)
    if i < 0:
        return phrase
    a, b = ft.to_original(i, i + len(phrase))
    return text[a:b]
