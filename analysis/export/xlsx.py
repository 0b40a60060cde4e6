"""The Excel workbook: typed cells, frozen headers, filters, widths, data bars, charts.

openpyxl (write-only mode) writes the workbook: styles, column widths, frozen panes,
autofilters, conditional formats, page setup and charts.  The rows themselves are
streamed to one file per sheet by :mod:`analysis.export.sheetdata` and merged into
the saved workbook, so a library of 10,000 articles never sits in memory and 1,000
fully analysed articles take seconds, not half a minute.

Every string is an inline string cell: article text that starts with ``=``, ``+``,
``-`` or ``@`` (or reads ``#N/A``) is never a formula or an error value, and stays
exactly as it was.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import ColorScaleRule, DataBarRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analysis.export.atomic import atomic_path
from analysis.export.cells import CellPolicy, ExportOptions
from analysis.export.columns import BOOLEAN, DATE, MIXED, SCORE, SHARE, TEXT, Column, Table
from analysis.export.sheetdata import SheetRows, merge_sheet_data
from analysis.export.tables import ExportContext, build_tables, stream_rows

Progress = Callable[[float, str], None]
WIDTH_SAMPLE = 200  # rows looked at to size the columns
PROGRESS_EVERY = 5000  # rows between progress calls inside a big sheet (so cancel is quick)
LINE_HEIGHT = 15.0  # points per line of wrapped text
PRINT_WIDTH = 190  # column-width units per printed page (A4 landscape, about 70 % scale)

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="3B5B7A")
_HIGHLIGHT = PatternFill("solid", fgColor="F8CBAD")
_WRAP = Alignment(wrap_text=True, vertical="top")
# scores and plain numbers stay General: they are shown as the analysis rounded them
_FORMATS = {SHARE: "0.0%", DATE: "yyyy-mm-dd", BOOLEAN: '"TRUE";"TRUE";"FALSE"'}
_BAR_COLOUR = "5B9BD5"


def write_workbook(
    analyses: Iterable[dict],
    path: str | os.PathLike,
    comparison: dict | None = None,
    stories: list[dict] | dict | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    coding=None,
) -> Path:
    """Write the export workbook to ``path`` atomically and return the path.

    ``analyses`` are ``parallax.analysis/1`` dicts (re-iterable: each sheet reads them
    again); ``comparison`` a ``parallax.comparison/1`` dict for one story;
    ``stories`` the ``parallax.stories/1`` grouping.  ``progress(fraction, message)``
    may raise :class:`analysis.pipeline.Cancelled`; the old file at ``path`` then stays
    untouched."""
    ctx = ExportContext(analyses, comparison, stories, options, coding)
    return write_tables_xlsx(ctx, build_tables(ctx), path, progress)


def write_tables_xlsx(ctx: ExportContext, tables: list[Table], path, progress: Progress | None = None) -> Path:
    policy = CellPolicy.for_format("xlsx", ctx.options)
    ctx.policies = [policy]
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise FileNotFoundError(f"{parent}: folder does not exist")
    # the rows of a big library take room: keep them next to the output, not in a
    # possibly small system temp folder
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.work-", dir=parent))
    try:
        wb = Workbook(write_only=True)
        styles = _Styles()
        writers = [_TableWriter(wb, styles, t, policy, ctx.options, work) for t in tables]
        n = max(ctx.n_articles, 1)

        def article_done(done: int) -> None:
            if progress and (done % 50 == 0 or done == n):
                progress(0.9 * done / n, f"writing rows ({done:,} of {n:,} articles)")

        for i, row in stream_rows(ctx, tables, article_done):
            writers[i].add(row)
        if progress:
            progress(0.92, "writing the workbook")
        for w in writers:
            w.finish()
        _order_sheets(wb, [s.ws for w in writers for s in w.sheets])
        skeleton = work / "skeleton.xlsx"
        wb.save(skeleton)
        with atomic_path(target) as tmp:
            merge_sheet_data(
                skeleton, tmp, {s.ws.path.lstrip("/"): s.rows_file.path for w in writers for s in w.sheets}
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if progress:
        progress(1.0, f"wrote {target.name}")
    return target


def _order_sheets(wb: Workbook, order: list) -> None:
    """Continuation sheets (Sentences_2) are created when needed; put each right after
    the sheet it continues."""
    for want, ws in enumerate(order):
        offset = want - wb.worksheets.index(ws)
        if offset:
            wb.move_sheet(ws.title, offset)


class _Styles:
    """Style ids of the workbook (registered through openpyxl, used by the row writer):
    per column type, plain and in a highlighted row."""

    def __init__(self):
        self._ids: dict[tuple, int] = {}

    def get(self, ws, kind: str, shaded: bool = False, wrap: bool = False) -> int:
        key = (kind, shaded, wrap)
        if key not in self._ids:
            cell = WriteOnlyCell(ws)
            if kind == "header":
                cell.font = _HEADER_FONT
                cell.fill = _HEADER_FILL
            else:
                if kind in _FORMATS:
                    cell.number_format = _FORMATS[kind]
                # top-aligned, so a row grown by wrapped text reads from its first line;
                # mixed columns left-aligned, so numbers and text line up
                cell.alignment = (
                    _WRAP if wrap else Alignment(vertical="top", horizontal="left" if kind == MIXED else None)
                )
            if shaded:
                cell.fill = _HIGHLIGHT
            self._ids[key] = cell.style_id
        return self._ids[key]


class _Sheet:
    """One physical sheet of a table (a table longer than the row limit has several)."""

    def __init__(self, ws, styles: _Styles, table: Table, widths: list[float], wrap: list[bool], work: Path):
        self.ws = ws
        title = ws.title
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
        self.plain = [styles.get(self.ws, c.type, wrap=w) for c, w in zip(cols, wrap)]
        self.shaded = [styles.get(self.ws, c.type, shaded=True, wrap=w) for c, w in zip(cols, wrap)]
        self.bools = [styles.get(self.ws, BOOLEAN)] * len(cols)
        self.bools_shaded = [styles.get(self.ws, BOOLEAN, shaded=True)] * len(cols)
        self.rows_file = SheetRows(work / f"{title}.rows.xml", len(cols))
        header = styles.get(self.ws, "header")
        self.rows_file.write([c.name for c in cols], [header] * len(cols))

    def add(self, row: list, shade: bool, height: float | None) -> None:
        if shade:
            self.rows_file.write(row, self.shaded, height, self.bools_shaded)
        else:
            self.rows_file.write(row, self.plain, height, self.bools)
        self.rows += 1

    def finish(self, table: Table) -> None:
        self.rows_file.close()
        last = get_column_letter(len(table.columns))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"
        if not self.rows:
            return
        heat = table.chart is not None
        for i, c in enumerate(table.columns, 1):
            if c.type not in (SHARE, SCORE):
                continue
            ref = f"{get_column_letter(i)}2:{get_column_letter(i)}{self.rows + 1}"
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


class _TableWriter:
    """Receives one table's rows as the analyses pass by: holds the first rows to size
    the columns, then streams to its sheet, and on to a continuation sheet past the
    row limit."""

    def __init__(
        self, wb: Workbook, styles: _Styles, table: Table, policy: CellPolicy, options: ExportOptions, work: Path
    ):
        self.wb, self.styles, self.table, self.policy, self.options, self.work = (
            wb,
            styles,
            table,
            policy,
            options,
            work,
        )
        self.first_ws = wb.create_sheet(table.sheet)  # now, so sheets keep the tables' order
        self.trunc = table.index("truncated") if "truncated" in table.names else None
        self.hi = table.index(table.highlight) if table.highlight else None
        chart = table.chart
        self.chart_cols = (
            range(table.index(chart.first_column), table.index(chart.last_column) + 1) if chart else range(0)
        )
        self.chart_used: set[int] = set()  # value columns with a non-zero number in the charted rows
        self.head: list[list] | None = []
        self.sheets: list[_Sheet] = []
        self.total = 0

    def add(self, raw: list) -> None:
        row = self.policy.row(raw, self.trunc)
        if self.total < self.options.chart_max_rows:
            self.chart_used.update(j for j in self.chart_cols if _is_nonzero_number(row[j]))
        self.total += 1
        limit = self.options.max_rows_per_sheet
        if self.total > limit and (self.total - 1) % limit == 0:
            # noted when the row arrives (it may wait in ``head``), so Provenance,
            # written after all article rows, can list it
            self.policy.notes.append(
                (f"sheet_continued.{self.table.sheet}", f"{self.table.sheet}_{(self.total - 1) // limit + 1}")
            )
        if self.head is not None:
            self.head.append(row)
            if len(self.head) >= WIDTH_SAMPLE:
                self._start()
            return
        self._write(row)

    def _start(self) -> None:
        cols = self.table.columns
        head, self.head = self.head or [], None
        self.widths = _widths(cols, head)
        self.wrap = [c.type == TEXT and w >= 40 for c, w in zip(cols, self.widths)]
        self.wrap_widths = [(i, self.widths[i]) for i, w in enumerate(self.wrap) if w]
        self.sheets.append(_Sheet(self.first_ws, self.styles, self.table, self.widths, self.wrap, self.work))
        for row in head:
            self._write(row)

    def _write(self, row: list) -> None:
        sheet = self.sheets[-1]
        if sheet.rows >= self.options.max_rows_per_sheet:
            sheet.finish(self.table)
            ws = self.wb.create_sheet(f"{self.table.sheet}_{len(self.sheets) + 1}")
            sheet = _Sheet(ws, self.styles, self.table, self.widths, self.wrap, self.work)
            self.sheets.append(sheet)
        lines = _wrapped_lines(row, self.wrap_widths)
        # an explicit height: LibreOffice does not grow rows for wrapped text when it opens a file
        sheet.add(
            row, self.hi is not None and row[self.hi] is True, min(LINE_HEIGHT * lines, 409) if lines > 1 else None
        )

    def finish(self) -> None:
        if self.head is not None:
            self._start()
        self.sheets[-1].finish(self.table)
        if self.table.chart and self.chart_used:
            _add_chart(self.sheets[0], self.table, self.options, self.chart_used)


def _is_nonzero_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and bool(v)


# characters that take no width of their own: Devanagari vowel signs, virama, nukta, ...
_ZERO_WIDTH = str.maketrans(
    {c: None for c in ["\u0900", "\u0901", "\u0902", "\u0903", "\u093c", *map(chr, range(0x093A, 0x0950))]}
)


def _wrapped_lines(row: list, wrap_widths: list[tuple[int, float]]) -> int:
    """Lines the longest wrapped cell of a row needs (a generous estimate: a column
    width unit holds about 1.05 characters of text)."""
    lines = 1
    for i, width in wrap_widths:
        v = row[i]
        if type(v) is str and len(v) > width:
            visible = len(v.translate(_ZERO_WIDTH))
            lines = max(lines, math.ceil(visible / (width * 1.05)) + v.count("\n"))
    return lines


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
