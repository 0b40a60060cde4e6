"""Table models over the core's dataclasses (sources, figures, cross-outlet rows).

The models hold the frozen result values and read cells from them on demand;
nothing is copied into widgets and nothing is read back out of them (an export
reads the dataclasses).  ``SORT_ROLE`` gives typed values so numbers sort as
numbers; ``SPAN_ROLE`` gives the spans a row stands for, so a selected row can be
highlighted in the text.  Sorting and filtering go through :func:`proxy`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from analysis.model import Attribution, Figure
from desktop.viewdata import ClaimRow, CompareRow, source_type_label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SPAN_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    display: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    tip: Callable[[Any], str] | None = None


class RecordTableModel(QAbstractTableModel):
    """Rows are immutable records; columns are :class:`Column` accessors."""

    columns: tuple[Column, ...] = ()

    def __init__(self, rows: Sequence[Any] = (), parent=None):
        super().__init__(parent)
        self._rows: list[Any] = list(rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_record(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def spans(self, record: Any) -> tuple:
        return ()

    def background(self, record: Any) -> QBrush | None:
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            not index.isValid()
            or not (0 <= index.row() < len(self._rows))
            or not (0 <= index.column() < len(self.columns))
        ):
            return None
        rec = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(rec)
        if role == SORT_ROLE:
            return col.sort(rec) if col.sort else col.display(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip(rec) if col.tip else col.display(rec)
        if role == SPAN_ROLE:
            return self.spans(rec)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(rec)
        return None


def fit_columns(view, max_width: int = 280) -> None:
    """Columns as wide as their contents (headers included), but never wider than
    ``max_width``, so one long cell cannot push the others off screen."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for c in range(header.count()):
        if header.sectionSize(c) > max_width:
            header.resizeSection(c, max_width)


def proxy(model: QAbstractTableModel, parent=None) -> QSortFilterProxyModel:
    """Sortable (by typed values) and filterable (any column, any case) view of a model."""
    p = QSortFilterProxyModel(parent)
    p.setSourceModel(model)
    p.setSortRole(SORT_ROLE)
    p.setFilterKeyColumn(-1)
    p.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return p


# --- one article -----------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRow:
    index: int
    attribution: Attribution
    text: str  # the article text, for the source and cue as written


def _num(x) -> float:
    return float(x) if x is not None else -1.0


class SourcesModel(RecordTableModel):
    """The article's attributions: one row per cue."""

    columns = (
        Column("#", lambda r: str(r.index + 1), lambda r: r.index),
        Column("Source as written", lambda r: r.attribution.source or "—"),
        Column("Canonical source", lambda r: r.attribution.canonical_source or "—"),
        Column("Type", lambda r: source_type_label(r.attribution.source_type)),
        Column("Country", lambda r: r.attribution.country or "—"),
        Column("Relayed by", lambda r: ", ".join(v.canonical_source or v.source for v in r.attribution.via) or "—"),
        Column("Cue", lambda r: r.attribution.cue or r.text[r.attribution.start : r.attribution.end]),
        Column("Confidence", lambda r: f"{r.attribution.confidence:.2f}", lambda r: r.attribution.confidence),
    )

    def __init__(self, attributions: Sequence[Attribution] = (), text: str = "", parent=None):
        super().__init__([SourceRow(i, a, text) for i, a in enumerate(attributions)], parent)

    def set_attributions(self, attributions: Sequence[Attribution], text: str) -> None:
        self.set_rows([SourceRow(i, a, text) for i, a in enumerate(attributions)])

    def spans(self, r: SourceRow) -> tuple:
        a = r.attribution
        out = [(a.start, a.end)]
        if a.source_start is not None and a.source_end is not None:
            out.append((a.source_start, a.source_end))
        return tuple(out)


@dataclass(frozen=True)
class FigureRow:
    index: int
    figure: Figure
    text: str


class FiguresModel(RecordTableModel):
    """The article's figures (counts, amounts) with their qualifiers."""

    columns = (
        Column("As written", lambda r: r.text[r.figure.start : r.figure.end]),
        Column("Value", lambda r: f"{r.figure.value:,g}", lambda r: r.figure.value),
        Column("Unit", lambda r: r.figure.unit or "—"),
        Column("Qualifier", lambda r: (r.figure.qualifier_kind or "").replace("_", " ") or "—"),
        Column("About", lambda r: r.figure.about or "—"),
        Column(
            "Attribution",
            lambda r: "—" if r.figure.attribution is None else f"#{r.figure.attribution + 1}",
            lambda r: _num(r.figure.attribution),
        ),
        Column("Position", lambda r: str(r.figure.start), lambda r: r.figure.start),
    )

    def __init__(self, figures: Sequence[Figure] = (), text: str = "", parent=None):
        super().__init__([FigureRow(i, f, text) for i, f in enumerate(figures)], parent)

    def set_figures(self, figures: Sequence[Figure], text: str) -> None:
        self.set_rows([FigureRow(i, f, text) for i, f in enumerate(figures)])

    def spans(self, r: FigureRow) -> tuple:
        return ((r.figure.start, r.figure.end),)


# --- across outlets -----------------------------------------------------------------------


def _cell(k: int) -> Callable[[Any], str]:
    """The accessor of outlet column ``k`` (a row's ``cells[k]``)."""

    def get(r) -> str:
        return r.cells[k] if k < len(r.cells) and r.cells[k] else "—"

    return get


DISAGREE = QBrush(QColor(204, 102, 119, 70))


class CompareFactsModel(RecordTableModel):
    """Figures and dates across outlets; disagreeing rows are tinted and marked “≠”."""

    def __init__(self, rows: Sequence[CompareRow] = (), outlets: Sequence[str] = (), parent=None):
        super().__init__(rows, parent)
        self.set_outlets(outlets)

    def set_outlets(self, outlets: Sequence[str]) -> None:
        base = (
            Column("Kind", lambda r: r.kind),
            Column("About", lambda r: r.about),
            Column("Unit", lambda r: r.unit or "—"),
            Column("Agree?", lambda r: "≠ differ" if r.disagree else "= agree", lambda r: int(r.disagree)),
        )
        per = tuple(Column(o, _cell(k)) for k, o in enumerate(outlets))
        self.beginResetModel()
        self.columns = base + per
        self.endResetModel()

    def set_table(self, rows: Sequence[CompareRow], outlets: Sequence[str]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.set_outlets(outlets)

    def background(self, r: CompareRow) -> QBrush | None:
        return DISAGREE if r.disagree else None

    def spans(self, r: CompareRow) -> tuple:
        return r.spans


class ClaimsModel(RecordTableModel):
    """Shared claims: each outlet's wording and the source it gives."""

    def __init__(self, rows: Sequence[ClaimRow] = (), outlets: Sequence[str] = (), parent=None):
        super().__init__(rows, parent)
        self.set_table(rows, outlets)

    def set_table(self, rows: Sequence[ClaimRow], outlets: Sequence[str]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.columns = tuple(Column(o, _cell(k)) for k, o in enumerate(outlets))
        self.endResetModel()

    def spans(self, r: ClaimRow) -> tuple:
        return r.spans
