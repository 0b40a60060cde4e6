"""Charts drawn with QPainter: stacked bars, plain bars and a heat map.

Qt Charts would add ``pyside6-addons`` (156 MB of bundle) for four simple charts,
so these are painted by hand.  They take finished series (see
:mod:`desktop.viewdata`) and only lay them out: every bar carries its number,
categories carry a fill pattern as well as a colour, and the heat map writes
each value in its cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

_PATTERN = {
    "solid": Qt.BrushStyle.SolidPattern,
    "bdiag": Qt.BrushStyle.BDiagPattern,
    "fdiag": Qt.BrushStyle.FDiagPattern,
    "cross": Qt.BrushStyle.CrossPattern,
    "dense4": Qt.BrushStyle.Dense4Pattern,
    "hor": Qt.BrushStyle.HorPattern,
    "ver": Qt.BrushStyle.VerPattern,
    "diagcross": Qt.BrushStyle.DiagCrossPattern,
    "dense6": Qt.BrushStyle.Dense6Pattern,
    "dense2": Qt.BrushStyle.Dense2Pattern,
}


def number(v: float) -> str:
    """A short label: whole numbers as such, others with up to two decimals."""
    if abs(v - round(v)) < 1e-9:
        return f"{round(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:,.1f}"


def _contrast(c: QColor) -> QColor:
    return QColor("#000000") if c.lightnessF() > 0.55 else QColor("#ffffff")


class Chart(QWidget):
    """Common frame: a title, a note when there is nothing to draw."""

    ROW_H = 22

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.note = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _title_h(self) -> int:
        return self.fontMetrics().height() + 8

    def _draw_title(self, p: QPainter) -> None:
        f = QFont(self.font())
        f.setBold(True)
        p.setFont(f)
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        p.drawText(
            QRectF(4, 2, self.width() - 8, self._title_h()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        p.setFont(self.font())

    def _draw_note(self, p: QPainter) -> None:
        p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        p.drawText(
            QRectF(8, self._title_h(), self.width() - 16, self.height() - self._title_h()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            self.note or "nothing to show",
        )

    def _label_w(self, labels: Sequence[str]) -> int:
        fm = self.fontMetrics()
        return min(200, max((fm.horizontalAdvance(s) for s in labels), default=40) + 12)


class StackedBarChart(Chart):
    """One horizontal bar per row, split by category (shares, or counts)."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.rows: tuple[str, ...] = ()
        self.categories: tuple[str, ...] = ()
        self.values: tuple[tuple[float, ...], ...] = ()
        self.colours: tuple[str, ...] = ()
        self.patterns: tuple[str, ...] = ()
        self.percent = True

    def set_data(self, rows, categories, values, colours, patterns=(), percent: bool = True, note: str = "") -> None:
        self.rows, self.categories, self.values = tuple(rows), tuple(categories), tuple(tuple(v) for v in values)
        self.colours, self.patterns, self.percent, self.note = tuple(colours), tuple(patterns), percent, note
        self.updateGeometry()
        self.update()

    def _legend_rows(self, width: int) -> list[list[int]]:
        fm = self.fontMetrics()
        lines: list[list[int]] = [[]]
        x = 0
        for k, c in enumerate(self.categories):
            w = fm.horizontalAdvance(c) + 30
            if x + w > width and lines[-1]:
                lines.append([])
                x = 0
            lines[-1].append(k)
            x += w
        return lines

    def sizeHint(self) -> QSize:
        n_leg = len(self._legend_rows(max(200, self.width() - 20))) if self.categories else 0
        h = self._title_h() + max(1, len(self.rows)) * (self.ROW_H + 4) + n_leg * (self.fontMetrics().height() + 6) + 12
        return QSize(400, h if self.rows else self._title_h() + 40)

    def _brush(self, k: int) -> QBrush:
        colour = QColor(self.colours[k % len(self.colours)] if self.colours else "#4477AA")
        return QBrush(
            colour,
            _PATTERN.get(
                self.patterns[k % len(self.patterns)] if self.patterns else "solid", Qt.BrushStyle.SolidPattern
            ),
        )

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._draw_title(p)
        if not self.rows:
            self._draw_note(p)
            p.end()
            return
        fm = self.fontMetrics()
        lw = self._label_w(self.rows)
        right = 46
        width = max(40, self.width() - lw - right - 8)
        scale = 1.0 if self.percent else max((sum(v) for v in self.values), default=1.0) or 1.0
        text_pen = self.palette().color(QPalette.ColorRole.WindowText)
        y = self._title_h() + 4
        for r, label in enumerate(self.rows):
            p.setPen(text_pen)
            p.drawText(
                QRectF(4, y, lw - 8, self.ROW_H), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            x = float(lw)
            for k, v in enumerate(self.values[r]):
                w = width * (v / scale)
                if w <= 0:
                    continue
                rect = QRectF(x, y, w, self.ROW_H)
                colour = QColor(self.colours[k % len(self.colours)]) if self.colours else QColor("#4477AA")
                p.fillRect(rect, QColor(colour.lighter(160)))
                p.fillRect(rect, self._brush(k))
                p.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 1))
                p.drawRect(rect)
                txt = f"{v:.0%}" if self.percent else number(v)
                if fm.horizontalAdvance(txt) + 4 < w:
                    back = QRectF(
                        rect.center().x() - fm.horizontalAdvance(txt) / 2 - 2,
                        rect.center().y() - fm.height() / 2,
                        fm.horizontalAdvance(txt) + 4,
                        fm.height(),
                    )
                    p.fillRect(back, QColor(255, 255, 255, 200))
                    p.setPen(QColor("#000000"))
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, txt)
                x += w
            if not self.percent:
                p.setPen(text_pen)
                p.drawText(
                    QRectF(x + 4, y, right, self.ROW_H),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    number(sum(self.values[r])),
                )
            y += self.ROW_H + 4
        y += 6
        for line in self._legend_rows(max(200, self.width() - 20)):
            x = 8.0
            for k in line:
                sw = QRectF(x, y + 2, 18, fm.height() - 2)
                p.fillRect(
                    sw, QColor(self.colours[k % len(self.colours)]).lighter(160) if self.colours else QColor("#ccc")
                )
                p.fillRect(sw, self._brush(k))
                p.setPen(text_pen)
                p.drawRect(sw)
                p.drawText(
                    QRectF(x + 22, y, fm.horizontalAdvance(self.categories[k]) + 4, fm.height() + 2),
                    Qt.AlignmentFlag.AlignVCenter,
                    self.categories[k],
                )
                x += fm.horizontalAdvance(self.categories[k]) + 30
            y += fm.height() + 6
        p.end()


class BarChart(Chart):
    """One value per row, on its own axis (0 to the largest value)."""

    def __init__(self, title: str, parent: QWidget | None = None, colour: str = "#4477AA"):
        super().__init__(title, parent)
        self.rows: tuple[str, ...] = ()
        self.values: tuple[float, ...] = ()
        self.colour = colour

    def set_data(self, rows, values, note: str = "") -> None:
        self.rows, self.values, self.note = tuple(rows), tuple(float(v) for v in values), note
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, self._title_h() + max(1, len(self.rows)) * (self.ROW_H + 4) + 10)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        self._draw_title(p)
        if not self.rows:
            self._draw_note(p)
            p.end()
            return
        lw = self._label_w(self.rows)
        right = 56
        width = max(30, self.width() - lw - right - 8)
        top = max(self.values, default=0.0) or 1.0
        y = self._title_h() + 4
        text_pen = self.palette().color(QPalette.ColorRole.WindowText)
        for label, v in zip(self.rows, self.values):
            p.setPen(text_pen)
            p.drawText(
                QRectF(4, y, lw - 8, self.ROW_H), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            w = width * max(0.0, v) / top
            p.fillRect(QRectF(lw, y + 3, w, self.ROW_H - 6), QColor(self.colour))
            p.setPen(text_pen)
            p.drawText(
                QRectF(lw + w + 4, y, right, self.ROW_H),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                number(v),
            )
            y += self.ROW_H + 4
        p.end()


def _sequential(t: float) -> QColor:
    """A light-to-dark blue scale (readable in greyscale; the value is written too)."""
    t = max(0.0, min(1.0, t))
    stops = [(0.0, (247, 251, 255)), (0.5, (107, 174, 214)), (1.0, (8, 48, 107))]
    for (t0, c0), (t1, c1) in zip(stops, stops[1:]):
        if t <= t1:
            u = (t - t0) / (t1 - t0)
            return QColor(*(int(a + (b - a) * u) for a, b in zip(c0, c1)))
    return QColor(*stops[-1][1])


class HeatMap(Chart):
    """A square matrix (frame divergence) with the value in every cell."""

    CELL = 54

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.labels: tuple[str, ...] = ()
        self.values: tuple[tuple[float, ...], ...] = ()
        self.vmax = 1.0

    def set_data(self, labels, values, note: str = "", vmax: float = 1.0) -> None:
        self.labels, self.values, self.note, self.vmax = tuple(labels), tuple(tuple(r) for r in values), note, vmax
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        n = len(self.labels)
        if not n:
            return QSize(300, self._title_h() + 40)
        return QSize(
            self._label_w(self.labels) + n * self.CELL + 20,
            self._title_h() + 24 + n * self.CELL + 30 + 4 * self.fontMetrics().height(),
        )

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        self._draw_title(p)
        n = len(self.labels)
        if not n:
            self._draw_note(p)
            p.end()
            return
        fm = self.fontMetrics()
        lw = self._label_w([f"{i + 1}. {lab}" for i, lab in enumerate(self.labels)])
        cell = min(self.CELL, max(28, (self.width() - lw - 10) // n))
        top = self._title_h() + 4
        text_pen = self.palette().color(QPalette.ColorRole.WindowText)
        # column headers: numbers (the row labels carry the same numbers)
        for j in range(n):
            p.setPen(text_pen)
            p.drawText(QRectF(lw + j * cell, top, cell, fm.height() + 4), Qt.AlignmentFlag.AlignCenter, str(j + 1))
        top += fm.height() + 6
        for i, label in enumerate(self.labels):
            p.setPen(text_pen)
            p.drawText(
                QRectF(2, top + i * cell, lw - 6, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{i + 1}. {label}",
            )
            for j in range(n):
                v = self.values[i][j] if i < len(self.values) and j < len(self.values[i]) else 0.0
                rect = QRectF(lw + j * cell, top + i * cell, cell - 1, cell - 1)
                if v != v:  # NaN: an article without frame scores
                    p.fillRect(rect, QBrush(QColor("#999999"), Qt.BrushStyle.BDiagPattern))
                    p.setPen(text_pen)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "n/a")
                    continue
                c = _sequential(v / (self.vmax or 1.0))
                p.fillRect(rect, c)
                p.setPen(_contrast(c))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{v:.2f}")
        y = top + n * cell + 8
        for k in range(11):
            p.fillRect(QRectF(lw + k * 16, y, 16, 10), _sequential(k / 10))
        p.setPen(text_pen)
        p.drawText(
            QRectF(lw + 11 * 16 + 6, y - 3, 360, fm.height() + 2),
            Qt.AlignmentFlag.AlignVCenter,
            f"0 = same framing … {self.vmax:g} = no frame in common",
        )
        p.end()
