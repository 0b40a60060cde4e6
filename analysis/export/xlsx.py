"""The Excel workbook: typed cells, frozen headers, filters, widths, data bars, charts.

Written with openpyxl in write-only mode, so a library of 10,000 articles streams
row by row to disk instead of building every cell in memory.  Every string is written
as a string cell with its type forced: openpyxl would otherwise turn an article line
starting with ``=`` into a formula (and ``#N/A`` into an error value).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import ColorScaleRule, DataBarRule, Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter

from analysis.export.atomic import atomic_path
from analysis.export.cells import CellPolicy, ExportOptions
from analysis.export.columns import BOOLEAN, DATE, SCORE, SHARE, TEXT, Column, Table
from analysis.export.tables import ExportContext, build_tables

Progress = Callable[[float, str], None]
WIDTH_SAMPLE = 200  # rows looked at to size the columns (write-only sheets need widths first)
PROGRESS_EVERY = 5000
LINE_HEIGHT = 15.0  # points per line of wrapped text
PRINT_WIDTH = 190  # column-width units per printed page (A4 landscape, about 70 % scale)  # rows between progress calls inside a big sheet (so cancel is quick)

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="3B5B7A")
_HIGHLIGHT = PatternFill("solid", fgColor="F8CBAD")
_WRAP = Alignment(wrap_text=True, vertical="top")
_FORMATS = {SHARE: "0.0%"}  # scores stay General: they are already rounded, and 400,000 styled cells cost seconds
_BAR_COLOUR = "5B9BD5"
_BOOLEAN_DXF = DifferentialStyle(numFmt=NumberFormat(numFmtId=300, formatCode='"TRUE";"TRUE";"FALSE"'))


def write_workbook(
    analyses: Iterable[dict],
    path: str | os.PathLike,
    comparison: dict | None = None,
    stories: list[dict] | dict | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the export workbook to ``path`` atomically and return the path.

    ``analyses`` are ``parallax.analysis/1`` dicts (re-iterable: each sheet reads them
    again); ``comparison`` a ``parallax.comparison/1`` dict for one story;
    ``stories`` the ``parallax.stories/1`` grouping.  ``progress(fraction, message)``
    may raise :class:`analysis.pipeline.Cancelled`; the old file at ``path`` then stays
    untouched."""
    ctx = ExportContext(analyses, comparison, stories, options)
    return write_tables_xlsx(ctx, build_tables(ctx), path, progress)


def write_tables_xlsx(ctx: ExportContext, tables: list[Table], path, progress: Progress | None = None) -> Path:
    policy = CellPolicy.for_format("xlsx", ctx.options)
    ctx.policies = [policy]
    target = Path(path)
    with atomic_path(target) as tmp:
        wb = Workbook(write_only=True)
        try:
            for i, table in enumerate(tables):
                _write_table(wb, table, policy, ctx.options, _sub_progress(progress, i, len(tables)))
            wb.save(tmp)
        except BaseException:
            _discard_temp_files(wb)
            raise
    if progress:
        progress(1.0, f"wrote {target.name}")
    return target


def _sub_progress(progress: Progress | None, i: int, n: int) -> Callable[[int, str], None]:
    def report(rows: int, sheet: str) -> None:
        if progress:
            progress(i / n, f"writing {sheet} ({rows:,} rows)" if rows else f"writing {sheet}")

    return report


def _discard_temp_files(wb: Workbook) -> None:
    """openpyxl streams each write-only sheet to a temp file; remove them on failure
    (closing each sheet first, so its row stream ends cleanly)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # a half-written stream may not close; the file is what matters
            pass
        try:
            writer.cleanup()
        except (OSError, ValueError):
            pass


class _Sheet:
    """One physical sheet of a table (a table longer than the row limit has several)."""

    def __init__(self, wb: Workbook, title: str, table: Table, widths: list[float]):
        self.ws = wb.create_sheet(title)
        self.ws.conditional_formatting = ConditionalFormattingList()
        self.rows = 0
        cols = table.columns
        for i, w in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.ws.freeze_panes = "B2" if cols and cols[0].name == "article_id" else "A2"
        self.ws.print_title_rows = "1:1"
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = "9"  # A4
        # printing: scale so a page holds about PRINT_WIDTH characters of columns
        # (a wide sheet spreads over a few legible pages, not fifteen nor one tiny one)
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_setup.fitToWidth = max(1, math.ceil(sum(widths) / PRINT_WIDTH))
        self.ws.page_setup.fitToHeight = 0
        header = []
        for c in cols:
            cell = _string_cell(self.ws, c.name)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            header.append(cell)
        self.ws.append(header)

    def finish(self, table: Table) -> None:
        ncols = len(table.columns)
        last = get_column_letter(ncols)
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"
        if not self.rows:
            return
        heat = table.chart is not None
        for i, c in enumerate(table.columns, 1):
            ref = f"{get_column_letter(i)}2:{get_column_letter(i)}{self.rows + 1}"
            if c.type == BOOLEAN:
                # Excel shows boolean cells as TRUE/FALSE, LibreOffice as 1/0 unless the
                # cell has a boolean format; one rule per column gives every cell that
                # format at no per-cell cost
                self.ws.conditional_formatting.add(ref, Rule(type="expression", formula=["TRUE"], dxf=_BOOLEAN_DXF))
                continue
            if c.type not in (SHARE, SCORE):
                continue
            if heat:
                rule = ColorScaleRule(
                    start_type="num",
                    start_value=0,
                    start_color="FFFFFF",
                    end_type="num",
                    end_value=1,
                    end_color=_BAR_COLOUR,
                )
            else:
                rule = DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1, color=_BAR_COLOUR)
            self.ws.conditional_formatting.add(ref, rule)


def _write_table(wb: Workbook, table: Table, policy: CellPolicy, options: ExportOptions, report) -> None:
    report(0, table.sheet)
    cols = table.columns
    trunc = table.index("truncated") if "truncated" in table.names else None
    hi = table.index(table.highlight) if table.highlight else None
    rows = (policy.row(r, trunc) for r in table.rows())
    head = list(islice(rows, WIDTH_SAMPLE))
    widths = _widths(cols, head)
    wrap = [c.type == TEXT and w >= 40 for c, w in zip(cols, widths)]
    wrap_widths = [(i, widths[i]) for i, w in enumerate(wrap) if w]
    part = 1
    sheet = _Sheet(wb, table.sheet, table, widths)
    first = sheet
    total = 0
    chart_cols = (
        range(table.index(table.chart.first_column), table.index(table.chart.last_column) + 1)
        if table.chart
        else range(0)
    )
    chart_used: set[int] = set()  # value columns with a non-zero number in the charted rows
    for row in _chain(head, rows):
        if total < options.chart_max_rows:
            chart_used.update(
                j for j in chart_cols if isinstance(row[j], int | float) and not isinstance(row[j], bool) and row[j]
            )
        if sheet.rows >= options.max_rows_per_sheet:
            sheet.finish(table)
            part += 1
            sheet = _Sheet(wb, f"{table.sheet}_{part}", table, widths)
            policy.notes.append((f"sheet_continued.{table.sheet}", f"{table.sheet}_{part}"))
        shade = hi is not None and row[hi] is True
        lines = _wrapped_lines(row, wrap_widths)
        if lines > 1:  # an explicit height: LibreOffice does not grow rows for wrapped text on import
            sheet.ws.row_dimensions[sheet.rows + 2].height = min(LINE_HEIGHT * lines, 409)
        sheet.ws.append(_cells(sheet.ws, cols, row, wrap, shade))
        if lines > 1:
            del sheet.ws.row_dimensions[sheet.rows + 2]  # written; keep memory flat
        sheet.rows += 1
        total += 1
        if total % PROGRESS_EVERY == 0:
            report(total, table.sheet)
    sheet.finish(table)
    if table.chart and chart_used:
        _add_chart(first, table, options, chart_used)


def _wrapped_lines(row: list, wrap_widths: list[tuple[int, float]]) -> int:
    """Lines the longest wrapped cell of a row needs (a generous estimate: a column
    width unit holds about 1.05 characters of text; Devanagari vowel signs and viramas
    take no width of their own)."""
    lines = 1
    for i, width in wrap_widths:
        v = row[i]
        if type(v) is str and len(v) > width:
            visible = len(v) - sum(
                1 for ch in v if "\u093a" <= ch <= "\u094f" or ch in "\u0900\u0901\u0902\u0903\u093c"
            )
            lines = max(lines, math.ceil(visible / (width * 1.05)) + v.count("\n"))
    return lines


def _chain(head: list, rest):
    yield from head
    yield from rest


def _widths(cols: tuple[Column, ...], sample: list[list]) -> list[float]:
    """Column widths from the header and the first rows: wide enough to read, capped so
    one long sentence does not make a sheet unusable."""
    out = []
    for i, c in enumerate(cols):
        longest = len(c.name)
        for r in sample:
            v = r[i]
            if v is None:
                continue
            n = (
                len(v)
                if isinstance(v, str)
                else (10 if c.type == DATE else len(f"{v:.3f}" if isinstance(v, float) else str(v)))
            )
            longest = max(longest, n)
        cap = 70 if c.type == TEXT else 32
        out.append(float(min(max(longest + 2, 6), cap)))
    return out


def _string_cell(ws, value: str) -> WriteOnlyCell:
    """A cell that is a string whatever the string says: the type is set directly, so
    openpyxl never infers a formula (``=...``) or an error value (``#N/A``)."""
    cell = WriteOnlyCell(ws)
    cell._value = value
    cell.data_type = "s"
    return cell


def _inferred_as_text(s: str) -> bool:
    """True when openpyxl, given ``s`` as a plain value, stores it as a string cell.
    Its inference makes a formula only of a string starting with ``=`` and an error
    only of an error code; everything else is text (``+``, ``-``, ``@`` included:
    they are formulas in a spreadsheet's input line, never in a file's string cell).
    A test pins this against openpyxl's own inference."""
    return not s.startswith("=") and s not in ERROR_CODES


def _cells(ws, cols: tuple[Column, ...], row: list, wrap: list[bool], shade: bool) -> list:
    """Row values for ``ws.append``: a plain value when openpyxl's own typing is right
    (the fast path; most cells), else a cell with its type, format or fill set."""
    out: list = []
    for c, v, w in zip(cols, row, wrap):
        if type(v) is str:
            if not (w or shade) and _inferred_as_text(v):
                out.append(v)
                continue
            cell = _string_cell(ws, v)
            if w:
                cell.alignment = _WRAP
        elif not shade and (v is None or c.type not in _FORMATS):
            out.append(v)
            continue
        else:
            cell = WriteOnlyCell(ws, value=v)
            fmt = _FORMATS.get(c.type)
            if fmt and v is not None and (type(v) is bool) == (c.type == BOOLEAN):
                cell.number_format = fmt
        if shade:
            cell.fill = _HIGHLIGHT
        out.append(cell)
    return out


def _add_chart(sheet: _Sheet, table: Table, options: ExportOptions, used: set[int]) -> None:
    """A horizontal stacked bar per article, one colour per frame (or source type),
    below the table when it is short, else to its right.

    Only columns with a value in the charted rows become series, so the legend lists
    what is there rather than all fifteen frames.  Series names are written into the
    chart (readable frame names); values and article labels stay cell references."""
    spec = table.chart
    assert spec is not None
    ws = sheet.ws
    c1 = table.index(spec.first_column)
    c2 = table.index(spec.last_column)
    label = table.index(spec.label_column) + 1
    n = min(sheet.rows, options.chart_max_rows)
    names = list(spec.labels) if len(spec.labels) == c2 - c1 + 1 else [c.name for c in table.columns[c1 : c2 + 1]]
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "percentStacked" if spec.percent else "stacked"
    chart.overlap = 100
    chart.gapWidth = 50
    chart.style = 10
    chart.title = spec.title if sheet.rows <= n else f"{spec.title} (first {n} of {sheet.rows} articles)"
    chart.y_axis.title = spec.y_title
    chart.y_axis.number_format = "0%" if spec.percent else "General"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # first article at the top, as in the sheet
    chart.legend.position = "b"
    for col in range(c1, c2 + 1):
        if col not in used:
            continue
        s = Series(Reference(ws, min_col=col + 1, max_col=col + 1, min_row=2, max_row=n + 1))
        s.tx = SeriesLabel(v=names[col - c1])
        chart.series.append(s)
    chart.set_categories(Reference(ws, min_col=label, max_col=label, min_row=2, max_row=n + 1))
    chart.height = 5.5 + 0.8 * n + 0.5 * (len(chart.series) // 4)
    chart.width = 16
    small = sheet.rows <= options.chart_max_rows
    anchor = f"A{sheet.rows + 3}" if small else f"{get_column_letter(len(table.columns) + 2)}2"
    ws.add_chart(chart, anchor)
