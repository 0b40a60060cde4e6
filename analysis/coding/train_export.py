"""Codings as training and evaluation data in the contract's formats, so that
``parallax train``, ``parallax evaluate`` and ``parallax agree`` read a coder's work.

Only the coder's own judgements are written, never the model's output: a coder's
file must be able to disagree with the model.  Which texts a coder coded:

- ``offtopic`` / ``attribution``: one row per article the coder coded for the task
  (any coding of the task, including a "reviewed" mark or a "not off-topic"), with
  the coder's positive spans (an article coded clean has an empty list).
- ``framing``: one row per framed segment (headline, paragraph, crosshead; on-topic)
  of every article the coder coded for frames; labels are the frames of the codings
  covering the segment (overlap at least half of the segment or of the coding), and
  an uncoded segment of a coded article counts as "no frame" (``[]``).
- ``loaded``: one row per sentence of those segments in the same way; ``["loaded"]``
  when a positive loaded-language coding lies in it.

Segment rows carry ``group`` = the article id, so cross-validation never splits an
article.  Stale codings (made on another text) are skipped and counted.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.coding.codings import TASKS, Coding, CodingError
from analysis.model import Analysis, Article

FRAMED_KINDS = ("headline", "paragraph", "crosshead")
FORMATS = (".jsonl", ".csv", ".xlsx")


@dataclass(frozen=True)
class TrainExport:
    rows: list[dict]
    articles: int
    stale: int


def _lang(article: Article, analysis: Analysis | None) -> str:
    if analysis is not None:
        return analysis.language.language
    if article.language:
        return article.language
    dev = sum(1 for c in article.text[:3000] if "\u0900" <= c <= "\u097f")
    return "hi" if dev > 0.3 * max(1, sum(c.isalpha() for c in article.text[:3000])) else "en"


def segment_units(article: Article, analysis: Analysis | None = None) -> list[tuple[int, int]]:
    """Framing units: the analysis's on-topic framed segments, else the text's blocks."""
    if analysis is not None:
        return [(s.start, s.end) for s in analysis.segments if s.kind in FRAMED_KINDS and not s.off_topic]
    from analysis.segment import structure

    return [(b.start, b.end) for b in structure(article.text, article.title) if b.kind in FRAMED_KINDS]


def sentence_units(article: Article, analysis: Analysis | None = None) -> list[tuple[int, int]]:
    """Loaded-language units: sentences of the framing units."""
    if analysis is not None:
        ok = {i for i, s in enumerate(analysis.segments) if s.kind in FRAMED_KINDS and not s.off_topic}
        return [(s.start, s.end) for s in analysis.sentences if s.segment in ok]
    from analysis.segment import split_sentences

    return [se for s, e in segment_units(article) for se in split_sentences(article.text, s, e)]


def _covers(unit: tuple[int, int], span: tuple[int, int]) -> bool:
    o = max(0, min(unit[1], span[1]) - max(unit[0], span[0]))
    return o > 0 and (2 * o >= unit[1] - unit[0] or 2 * o >= span[1] - span[0])


def coder_rows(
    task: str,
    codings: Iterable[Coding],
    articles: Mapping[str, Article],
    analyses: Mapping[str, Analysis] | None = None,
) -> TrainExport:
    """Rows of ``task`` from one coder's codings (``articles`` by id give the texts)."""
    if task not in TASKS:
        raise CodingError(f"unknown task {task!r}")
    todo = [c for c in codings if c.task == task]
    coders = {c.coder for c in todo}
    if len(coders) > 1:
        raise CodingError(f"codings of several coders ({', '.join(sorted(coders))}): export one coder at a time")
    by_article: dict[str, list[Coding]] = {}
    stale = 0
    for c in todo:
        art = articles.get(c.article_id)
        if art is None or c.is_stale(art):
            stale += 1
            continue
        by_article.setdefault(c.article_id, []).append(c)
    if task in ("framing", "loaded"):  # a frame coding of the whole article codes no passage
        by_article = {aid: cs for aid, cs in by_article.items() if any(c.span or c.is_review for c in cs)}
    rows: list[dict] = []
    for aid in sorted(by_article):
        art = articles[aid]
        an = (analyses or {}).get(aid)
        cs = sorted(by_article[aid], key=lambda c: (c.modified_at, c.uid))
        lang = _lang(art, an)
        if task in ("offtopic", "attribution"):
            rows.append(_article_row(task, art, cs, lang))
        else:
            units = segment_units(art, an) if task == "framing" else sentence_units(art, an)
            rows.extend(_unit_rows(task, art, cs, units, lang))
    return TrainExport(rows, len(by_article), stale)


def _article_row(task: str, art: Article, cs: list[Coding], lang: str) -> dict:
    row = {"id": art.id, "text": art.text, "lang": lang}
    if art.title:
        row["title"] = art.title
    pos = [c for c in cs if c.span and c.positive()]
    if task == "offtopic":
        row["off_topic"] = [
            {"start": c.start, "end": c.end, **({"kind": c.value["kind"]} if c.value.get("kind") else {})}
            for c in sorted(pos, key=lambda c: c.span)
        ]
    else:
        out = []
        for c in sorted(pos, key=lambda c: c.span):
            a = {"start": c.start, "end": c.end}
            for k in ("source_type", "source_subtype", "source_start", "source_end"):
                if c.value.get(k) is not None:
                    a[k] = c.value[k]
            out.append(a)
        row["attributions"] = out
    return row


def _unit_rows(task: str, art: Article, cs: list[Coding], units: list[tuple[int, int]], lang: str) -> list[dict]:
    latest: dict[tuple[int, int], Coding] = {}
    for c in cs:  # oldest first: a later coding of the same span replaces an earlier one
        if c.span:
            latest[c.span] = c
    out = []
    for s, e in units:
        labels: set[str] = set()
        for c in latest.values():
            if not _covers((s, e), c.span):
                continue
            if task == "framing":
                labels |= set(c.value.get("frames") or [])
            elif c.positive():
                labels.add("loaded")
        out.append(
            {
                "id": f"{art.id}:{s}-{e}",
                "text": art.text[s:e],
                "labels": sorted(labels),
                "lang": lang,
                "group": art.id,
                "start": s,
                "end": e,
            }
        )
    return out


# --- files -----------------------------------------------------------------------------------


def _cell(key: str, value):
    if key == "labels" and isinstance(value, list):
        return ";".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _columns(rows: Sequence[dict]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def write_rows(rows: Sequence[dict], path: str | Path) -> Path:
    """Write rows as ``.jsonl``, ``.csv`` (UTF-8 with BOM) or ``.xlsx`` (text cells stay
    text, never formulas); the contract's readers read them back unchanged."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext not in FORMATS:
        raise CodingError(f"{p}: training data is written as .jsonl, .csv or .xlsx")
    tmp = p.with_name(p.name + ".part")
    if ext == ".jsonl":
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif ext == ".csv":
        cols = _columns(rows)
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            for r in rows:
                w.writerow(["" if r.get(k) is None else _cell(k, r.get(k)) for k in cols])
    else:
        from openpyxl import Workbook

        cols = _columns(rows)
        wb = Workbook()
        ws = wb.active
        ws.title = "data"
        ws.append(cols)
        for i, r in enumerate(rows, 2):
            for j, k in enumerate(cols, 1):
                v = _cell(k, r.get(k))
                cell = ws.cell(row=i, column=j, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # '=...' stays text
        wb.save(tmp)
    tmp.replace(p)
    return p
