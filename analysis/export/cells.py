"""Export options and the one place where a value becomes safe for its file format.

Article text is untrusted.  Every writer passes each row through a :class:`CellPolicy`
made for its format, so the rules live in one place:

- xlsx: characters XML cannot carry are replaced (one for one, so offsets still fit),
  strings are cut at Excel's 32,767-character limit and the row's ``truncated`` flag
  set.  Formula safety is the xlsx writer's job (it forces string cells).
- CSV: verbatim by default; with ``excel_safe`` a string starting with ``= + - @`` (or a
  tab or carriage return) gets a leading apostrophe so Excel shows it as text, and
  provenance says so.
- JSON: verbatim.

NaN and infinities become empty cells everywhere: neither Excel nor strict JSON has them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

EXCEL_MAX_CHARS = 32_767  # characters in one cell (counted in UTF-16 code units)
EXCEL_MAX_ROWS = 1_048_576  # rows in one sheet, header included
RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these; lxml and Excel reject them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"
_INFINITIES = (math.inf, -math.inf)


@dataclass(frozen=True)
class ExportOptions:
    """How an export is written.

    ``excel_safe`` prefixes risky CSV cells (see module docstring); ``max_rows_per_sheet``
    is the number of data rows before a sheet continues on ``Name_2`` (Excel's limit by
    default; tests lower it); ``model_dir`` is where model cards are looked up besides
    the shipped ones; ``settings`` is recorded in provenance as given; ``chart_max_rows``
    caps how many articles a chart shows (a 10,000-bar chart helps nobody);
    ``exported_at`` fixes the timestamp (reproducible tests)."""

    excel_safe: bool = False
    max_rows_per_sheet: int = EXCEL_MAX_ROWS - 1
    max_cell_chars: int = EXCEL_MAX_CHARS
    model_dir: str | None = None
    settings: dict = field(default_factory=dict)
    chart_max_rows: int = 40
    exported_at: dt.datetime | None = None

    def __post_init__(self):
        if not 1 <= self.max_rows_per_sheet <= EXCEL_MAX_ROWS - 1:
            raise ValueError("max_rows_per_sheet must be between 1 and 1,048,575")
        if not 1 <= self.max_cell_chars <= EXCEL_MAX_CHARS:
            raise ValueError("max_cell_chars must be between 1 and 32,767")


def utf16_len(s: str) -> int:
    """Length as Excel counts it (characters outside the BMP count twice)."""
    return len(s) + sum(1 for c in s if ord(c) > 0xFFFF)


def cut_utf16(s: str, limit: int) -> str:
    """The longest prefix of ``s`` whose UTF-16 length is at most ``limit``."""
    if len(s) <= limit // 2 or utf16_len(s) <= limit:
        return s
    n = 0
    for i, c in enumerate(s):
        n += 2 if ord(c) > 0xFFFF else 1
        if n > limit:
            return s[:i]
    return s


def is_risky(s: str) -> bool:
    """Would a spreadsheet read this string as a formula (or a DDE call)?"""
    return bool(s) and s.startswith(RISKY_FIRST)


@dataclass
class CellPolicy:
    """Makes one row safe for one format and counts what it changed (for provenance)."""

    format: str  # "xlsx", "csv" or "json"
    excel_safe: bool = False
    max_chars: int | None = None
    cells_truncated: int = 0
    characters_replaced: int = 0
    cells_prefixed: int = 0
    notes: list = field(default_factory=list)  # (name, value) pairs a writer adds for provenance

    @classmethod
    def for_format(cls, fmt: str, options: ExportOptions) -> CellPolicy:
        if fmt == "xlsx":
            return cls("xlsx", max_chars=options.max_cell_chars)
        if fmt == "csv":
            return cls("csv", excel_safe=options.excel_safe)
        return cls(fmt)

    def value(self, v):
        """One value made safe; returns ``(value, was_cut)``."""
        if isinstance(v, float):
            return (None if math.isnan(v) or math.isinf(v) else v), False
        if not isinstance(v, str):
            return v, False
        cut = False
        if self.format == "xlsx":
            if _XML_ILLEGAL.search(v):
                v, n = _XML_ILLEGAL.subn(REPLACEMENT, v)
                self.characters_replaced += n
            if self.max_chars is not None and len(v) > self.max_chars // 2:
                short = cut_utf16(v, self.max_chars)
                if short != v:
                    v, cut = short, True
                    self.cells_truncated += 1
        elif self.excel_safe and is_risky(v):
            v = "'" + v
            self.cells_prefixed += 1
        return v, cut

    def row(self, values: list, truncated_at: int | None) -> list:
        """Apply :meth:`value` to each cell; sets the ``truncated`` cell when one was cut.

        Only strings and floats can need a change, so other values skip the call (this
        runs for every cell of a 10,000-article export)."""
        out = list(values)
        any_cut = False
        verbatim = self.format != "xlsx" and not self.excel_safe
        for i, v in enumerate(out):
            t = type(v)
            if t is str:
                if verbatim:
                    continue
                out[i], cut = self.value(v)
                any_cut = any_cut or cut
            elif t is float and (v != v or v in _INFINITIES):
                out[i] = None
        if truncated_at is not None:
            out[truncated_at] = any_cut
        return out

    def summary(self) -> dict:
        return {
            "format": self.format,
            "excel_safe": self.excel_safe,
            "cells_truncated": self.cells_truncated,
            "characters_replaced": self.characters_replaced,
            "cells_prefixed": self.cells_prefixed,
        }


def to_date(value) -> dt.date | None:
    """A full ISO date ("2025-06-05") as a date; reduced precision ("2024-06") is None."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
