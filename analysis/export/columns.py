"""What a column and a table of the export are.

The exporter writes the same tables to Excel, CSV and JSON, and the Variables sheet
documents them, so every column carries its meaning, type, unit and allowed values
here, once.  Writers read the ``type`` to decide cell types and number formats; they
never guess from the values (a sentence that reads "1500" stays text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

# Column types, as the Variables sheet names them.
TEXT = "text"  # untrusted text from an article or its metadata, written verbatim as a string
STRING = "string"  # a code or label produced by Parallax (kind, source_type, ...)
INTEGER = "integer"
NUMBER = "number"
SHARE = "share"  # a number between 0 and 1, shown as a percentage in Excel
SCORE = "score"  # a model score or probability between 0 and 1
BOOLEAN = "boolean"
DATE = "date"  # a calendar date (an Excel date cell; ISO 8601 in CSV and JSON)
MIXED = "number_or_text"

COLUMN_TYPES = (TEXT, STRING, INTEGER, NUMBER, SHARE, SCORE, BOOLEAN, DATE, MIXED)
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Column:
    """One column: its snake_case name and what a researcher needs to use it."""

    name: str
    type: str
    meaning: str
    unit: str = ""
    allowed: str = ""

    def __post_init__(self):
        if not _SNAKE.match(self.name):
            raise ValueError(f"column name {self.name!r} is not ASCII snake_case")
        if self.type not in COLUMN_TYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")


@dataclass(frozen=True)
class ChartSpec:
    """A stacked bar chart: one bar per row (article), one series per value column."""

    title: str
    first_column: str  # the first value column (inclusive)
    last_column: str  # the last value column (inclusive)
    label_column: str  # the column whose values label the categories
    percent: bool = False  # bars stacked to 100% (shares) rather than counts
    y_title: str = ""
    labels: tuple[str, ...] = ()  # readable names of the value columns (frame names, source types)


class RowSource(NamedTuple):
    """Where a table's rows come from: ``article(a)`` gives the rows of one analysis,
    ``tail()`` the rows that come after all of them (comparison, provenance)."""

    article: Callable[[dict], Iterable[list]] | None = None
    tail: Callable[[], Iterable[list]] | None = None


def per_article(fn: Callable[[dict], Iterable[list]]) -> Callable[[], RowSource]:
    return lambda: RowSource(article=fn)


def after_all(fn: Callable[[], Iterable[list]]) -> Callable[[], RowSource]:
    return lambda: RowSource(tail=fn)


@dataclass(frozen=True)
class Table:
    """A sheet / CSV file / JSON array: columns and where its rows come from.

    ``source()`` gives a fresh :class:`RowSource` (a table may gather state while the
    analyses pass by, as Provenance does).  Writers feed every table from one pass
    over the analyses (:func:`analysis.export.tables.stream_rows`), so a library on
    disk is read once, not once per sheet; :meth:`rows` does the same for one table.
    ``highlight`` names a boolean column whose true rows are shaded in Excel."""

    key: str
    sheet: str
    description: str
    columns: tuple[Column, ...]
    source: Callable[[], RowSource]
    analyses: Callable[[], Iterable[dict]] | None = None
    chart: ChartSpec | None = None
    highlight: str | None = None
    needs_comparison: bool = False

    def rows(self) -> Iterator[list]:
        src = self.source()
        if src.article is not None and self.analyses is not None:
            for a in self.analyses():
                yield from src.article(a)
        if src.tail is not None:
            yield from src.tail()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def index(self, name: str) -> int:
        return self.names.index(name)


def slug(value: str, limit: int = 24) -> str:
    """ASCII snake_case fragment of ``value`` (may be empty for a non-Latin value)."""
    s = re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")
    return s[:limit].rstrip("_")


def article_column(position: int, article_id: str) -> str:
    """The column name for one article in a matrix: position first, so names stay
    unique and valid whatever the id looks like (Devanagari, punctuation, digits)."""
    s = slug(article_id)
    return f"a{position + 1}_{s}" if s else f"a{position + 1}"


def suffix_name(prefix: str, value: str, position: int) -> str:
    """``prefix + value`` as a column name; a value that is not ASCII snake_case (a
    frame id from a researcher's own codebook, say) is slugged, else numbered."""
    s = value if _SNAKE.match(value or "") else slug(value or "", 40)
    return f"{prefix}{s}" if s else f"{prefix}{position + 1}"
