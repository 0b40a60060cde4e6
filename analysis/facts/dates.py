"""Dates in Hindi and English text, as ISO 8601 at reduced precision.

``19 जून 2023`` -> ``2023-06-19``; ``जून 2024`` -> ``2024-06``; a bare month
(``अप्रैल में``) -> ``--04`` (unresolved) or, when the article's date is known, the
latest such month on or before it.  Weekdays are dates only when the article's
date is known (``गुरुवार`` -> the Thursday on or before publication); otherwise
they cannot be placed and are left out.  Years standing alone count when the
context says they are years (``2024 में``, ``in 2024``).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from analysis.model import DateMention
from analysis.resources import load_json
from analysis.textutil import fold

_NB = r"(?<![\p{L}\p{M}\p{Nd}])"  # no word character before
_NA = r"(?![\p{L}\p{M}\p{Nd}])"  # no word character after


@lru_cache(maxsize=1)
def _tables():
    data = load_json("lexicons", "dates.json")
    month_of = {}
    for num, names in data["months"].items():
        for n in names:
            month_of[fold(n).folded] = int(num)
    weekday_of = {}
    for num, names in data["weekdays"].items():
        for n in names:
            weekday_of[fold(n).folded] = int(num)
    months_alt = "|".join(sorted((regex.escape(m) for m in month_of), key=len, reverse=True))
    weekdays_alt = "|".join(sorted((regex.escape(w) for w in weekday_of), key=len, reverse=True))
    digits = r"\d"
    pats = [
        # 19 जून 2023 / 19 June, 2023 / 19th June 2023
        (
            "dmy",
            regex.compile(
                rf"{_NB}({digits}{{1,2}})(?:st|nd|rd|th)?\s+({months_alt})\.?{_NA}(?:\s*,?\s*({digits}{{4}}){_NA})?"
            ),
        ),
        # June 19, 2023 / June 19
        (
            "mdy",
            regex.compile(
                rf"{_NB}({months_alt})\.?\s+({digits}{{1,2}})(?:st|nd|rd|th)?{_NA}(?:\s*,\s*({digits}{{4}}){_NA})?"
            ),
        ),
        # जून 2024 / June 2024
        ("my", regex.compile(rf"{_NB}({months_alt})\.?,?\s+({digits}{{4}}){_NA}")),
        # 2023-06-19
        ("iso", regex.compile(rf"{_NB}({digits}{{4}})-({digits}{{2}})-({digits}{{2}}){_NA}")),
        # 19/06/2023 or 19.06.2023 (day first, as in Indian and British usage)
        ("numeric", regex.compile(rf"{_NB}({digits}{{1,2}})[/.]({digits}{{1,2}})[/.]({digits}{{4}}){_NA}")),
        ("month", regex.compile(rf"{_NB}({months_alt}){_NA}")),
        ("weekday", regex.compile(rf"{_NB}({weekdays_alt}){_NA}")),
        ("year", regex.compile(rf"{_NB}((?:19|20){digits}{{2}}){_NA}")),
    ]
    return data, month_of, weekday_of, pats


def _parse_date(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _words_around(folded: str, start: int, end: int) -> tuple[str, str]:
    before = folded[max(0, start - 25) : start].split()
    after = folded[end : end + 25].split()
    return (before[-1].strip(",.;:(") if before else ""), (after[0].strip(",.;:)।") if after else "")


def extract_dates(
    text: str, spans: list[tuple[int, int]] | None = None, article_date: str | None = None
) -> list[DateMention]:
    """Date mentions inside ``spans`` (default: the whole text), in text order."""
    data, month_of, weekday_of, pats = _tables()
    ref = _parse_date(article_date)
    ft = fold(text)
    folded = ft.folded
    spans = spans if spans is not None else [(0, len(text))]
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for s0, e0 in spans:
        fs, fe = ft.from_original(s0), ft.from_original(e0)
        for kind, pat in pats:
            for m in pat.finditer(folded, fs, fe):
                if any(m.start() < te and ts < m.end() for ts, te in taken):
                    continue
                os_, oe = ft.to_original(m.start(), m.end())

                def capital(fpos: int) -> bool:
                    return text[ft.index[fpos]].isupper()

                value, resolved = _value(kind, m, month_of, weekday_of, ref, folded, data, capital)
                if value is None:
                    continue
                taken.append((m.start(), m.end()))
                out.append(DateMention(os_, oe, value, resolved))
    out.sort(key=lambda d: d.start)
    return out


def _value(kind, m, month_of, weekday_of, ref, folded, data, capital) -> tuple[str | None, bool]:
    g = m.groups()
    if kind == "dmy":
        d, mo = int(g[0]), month_of[g[1]]
        if g[1].isascii() and not capital(m.start(2)):
            return None, False
        if g[2]:
            y = int(g[2])
            return (f"{y:04d}-{mo:02d}-{d:02d}", True) if _valid(y, mo, d) else (None, False)
        if not _valid(2000, mo, d):
            return None, False
        if ref:
            y = ref.year if (mo, d) <= (ref.month, ref.day) else ref.year - 1
            return f"{y:04d}-{mo:02d}-{d:02d}", True
        return f"--{mo:02d}-{d:02d}", False
    if kind == "mdy":
        mo, d = month_of[g[0]], int(g[1])
        if g[0].isascii() and not capital(m.start(1)):
            return None, False  # English month names are capitalised ("May 5", not "may 5")
        if g[2]:
            y = int(g[2])
            return (f"{y:04d}-{mo:02d}-{d:02d}", True) if _valid(y, mo, d) else (None, False)
        if not _valid(2000, mo, d):
            return None, False
        if ref:
            y = ref.year if (mo, d) <= (ref.month, ref.day) else ref.year - 1
            return f"{y:04d}-{mo:02d}-{d:02d}", True
        return f"--{mo:02d}-{d:02d}", False
    if kind == "my":
        return f"{int(g[1]):04d}-{month_of[g[0]]:02d}", True
    if kind == "iso":
        y, mo, d = int(g[0]), int(g[1]), int(g[2])
        return (f"{y:04d}-{mo:02d}-{d:02d}", True) if _valid(y, mo, d) else (None, False)
    if kind == "numeric":
        d, mo, y = int(g[0]), int(g[1]), int(g[2])
        return (f"{y:04d}-{mo:02d}-{d:02d}", True) if _valid(y, mo, d) else (None, False)
    before, after = _words_around(folded, m.start(), m.end())
    if kind == "month":
        name = g[0]
        if name.isascii() and (not capital(m.start(1)) or (len(name) <= 4 and name not in ("may", "june", "july"))):
            return None, False  # "may" the verb; "Mar", "Sep" alone are too ambiguous
        if name in data["ambiguous_months"] or name.isascii():
            ok = before in data["month_context_en_before"] or after in data["month_context_hi"]
            if name in ("मार्च", "march"):
                ok = ok and after not in ("निकाला", "निकाली", "में शामिल")
            if not ok:
                return None, False
        elif after not in data["month_context_hi"] and before not in ("इस", "पिछले", "अगले", "गत", "बीते"):
            return None, False
        mo = month_of[name]
        if ref:
            y = ref.year if mo <= ref.month else ref.year - 1
            return f"{y:04d}-{mo:02d}", True
        return f"--{mo:02d}", False
    if kind == "weekday":
        if not ref:
            return None, False
        wd = weekday_of[g[0]]
        delta = (ref.weekday() - wd) % 7
        return (ref - dt.timedelta(days=delta)).isoformat(), True
    if kind == "year":
        if before in data["year_context_before"] or after in data["year_context_after"]:
            return g[0], True
        return None, False
    return None, False
