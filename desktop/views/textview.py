"""A read-only text view that marks spans given in the core's offsets.

All highlighting goes through :class:`desktop.offsets.OffsetMap`: marks arrive as
Python indices and become Qt positions here and nowhere else.  Marks are drawn
as extra selections, so the document (and its positions) never changes when
layers are switched.  Optional margins show labels beside their lines (frames on
the left, source-type labels on the right).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from desktop.offsets import OffsetMap, display_text
from desktop.viewdata import SOURCE_TYPE, MarginNote, Mark, frame_colour
from desktop.views.styles import mark_format


def span_cursor(document, offsets: OffsetMap, start: int, end: int) -> QTextCursor:
    """A cursor over ``document`` selecting the core's span ``[start, end)``, converted
    through the view's offset map (the one place Python offsets become Qt positions)."""
    qs, qe = offsets.span_to_qt(start, end)
    c = QTextCursor(document)
    c.setPosition(qs)
    c.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
    return c


class _Margin(QWidget):
    def __init__(self, editor: MarkedTextEdit, side: str):
        super().__init__(editor)
        self.editor = editor
        self.side = side

    def sizeHint(self) -> QSize:
        return QSize(self.editor.margin_width(self.side), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_margin(self, event)


class MarkedTextEdit(QPlainTextEdit):
    """Text with marks; emits ``clicked(py_index)`` when the user clicks a character."""

    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, left_margin: int = 0, right_margin: int = 0):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text = ""
        self.offsets = OffsetMap("")
        self._marks: list[Mark] = []
        self._mark_sels: list[QTextEdit.ExtraSelection] = []
        self._focus_sels: list[QTextEdit.ExtraSelection] = []
        self._focus_spans: list[tuple[int, int]] = []
        self._notes: dict[str, list[MarginNote]] = {"left": [], "right": []}
        self._widths = {"left": left_margin, "right": right_margin}
        self._margins = {side: _Margin(self, side) for side, w in self._widths.items() if w}
        self.dark = False
        self.with_inserts = False
        self.frame_order: list[str] = []
        self.updateRequest.connect(self._on_update_request)
        self._update_margins()

    # content ---------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.text = text
        self.offsets = OffsetMap(text)
        self._marks, self._mark_sels, self._focus_sels, self._focus_spans = [], [], [], []
        self.setPlainText(display_text(text))
        self.setExtraSelections([])

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """Show ``marks`` (replacing the previous ones); later marks draw over earlier."""
        self._marks = list(marks)
        self._mark_sels = [
            self._selection(m.start, m.end, mark_format(m, self.dark, self.with_inserts)) for m in self._marks
        ]
        self._apply()

    def marks(self) -> list[Mark]:
        return list(self._marks)

    def set_notes(self, side: str, notes: Iterable[MarginNote]) -> None:
        self._notes[side] = list(notes)
        if side in self._margins:
            self._margins[side].update()

    def notes(self, side: str) -> list[MarginNote]:
        return list(self._notes.get(side, ()))

    def highlight(self, spans: Iterable[tuple[int, int]], layer: str = "focus", scroll: bool = True) -> None:
        """Mark ``spans`` strongly (over the layers) and bring the first into view."""
        self._focus_spans = sorted((s, e) for s, e in spans if s < e)
        self._focus_sels = [
            self._selection(s, e, mark_format(Mark(s, e, layer), self.dark)) for s, e in self._focus_spans
        ]
        self._apply()
        if scroll and self._focus_spans:
            self.scroll_to(self._focus_spans[0][0], self._focus_spans[0][1])

    def focus_spans(self) -> list[tuple[int, int]]:
        return list(self._focus_spans)

    def clear_highlight(self) -> None:
        self.highlight([], scroll=False)

    def _selection(self, start: int, end: int, fmt) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        sel.cursor = self.cursor_for(start, end)
        sel.format = fmt
        return sel

    def _apply(self) -> None:
        self.setExtraSelections(self._mark_sels + self._focus_sels)

    # offsets ------------------------------------------------------------------------
    def cursor_for(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting the Python span ``[start, end)``."""
        return span_cursor(self.document(), self.offsets, start, end)

    def select_span(self, start: int, end: int) -> str:
        """Select a Python span in the view; returns the selected text (as Qt sees it)."""
        c = self.cursor_for(start, end)
        self.setTextCursor(c)
        return c.selectedText()

    def index_at(self, pos) -> int:
        """The Python index of the character under a viewport point."""
        return self.offsets.to_py(self.cursorForPosition(pos).position())

    def scroll_to(self, start: int, end: int | None = None) -> None:
        c = self.cursor_for(start, start if end is None else end)
        keep = self.textCursor()
        c.setPosition(c.selectionStart())
        self.setTextCursor(c)
        self.centerCursor()
        if keep.hasSelection():
            self.setTextCursor(keep)

    def span_visible(self, start: int, end: int) -> bool:
        """Whether the start of the span is inside the visible part of the view."""
        c = self.cursor_for(start, start)
        r = self.cursorRect(c)
        return self.viewport().rect().intersects(r)

    # hover and click -------------------------------------------------------------------
    def tips_at(self, index: int) -> list[str]:
        tips: list[str] = []
        for m in self._marks:
            if m.start <= index < m.end and m.tip and m.tip not in tips:
                tips.append(m.tip)
        return tips

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            tips = self.tips_at(self.index_at(event.pos()))
            if tips:
                QToolTip.showText(event.globalPos(), "\n\n".join(tips[:4]), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.clicked.emit(self.index_at(event.position().toPoint()))

    # margins -------------------------------------------------------------------------
    def margin_width(self, side: str) -> int:
        return self._widths.get(side, 0)

    def _update_margins(self) -> None:
        self.setViewportMargins(self._widths["left"], 0, self._widths["right"], 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        if "left" in self._margins:
            self._margins["left"].setGeometry(QRect(cr.left(), cr.top(), self._widths["left"], cr.height()))
        if "right" in self._margins:
            self._margins["right"].setGeometry(
                QRect(cr.right() - self._widths["right"] + 1, cr.top(), self._widths["right"], cr.height())
            )

    def _on_update_request(self, rect, dy) -> None:
        for m in self._margins.values():
            if dy:
                m.scroll(0, dy)
            else:
                m.update(0, rect.y(), m.width(), rect.height())

    def paint_margin(self, widget: QWidget, event) -> None:
        p = QPainter(widget)
        pal = self.palette()
        p.fillRect(event.rect(), pal.color(QPalette.ColorRole.AlternateBase))
        notes = self._notes.get(widget.side, [])
        if not notes:
            p.end()
            return
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        p.setFont(small)
        fm = p.fontMetrics()
        h = widget.height()
        free_y = -(10**6)  # badges stack downwards and never overlap
        ordered = sorted(notes, key=lambda n: n.position)
        rects = [self.cursorRect(self.cursor_for(n.position, n.position)) for n in ordered]
        for k, (note, rect) in enumerate(zip(ordered, rects)):
            y = rect.top()
            if y > h or y + rect.height() < 0:
                continue
            if widget.side == "left":
                colour = QColor(frame_colour(note.kind, self.frame_order))
                p.fillRect(QRect(2, y + 2, 4, rect.height() - 4), colour)
                p.setPen(pal.color(QPalette.ColorRole.WindowText))
                # up to three lines, but never into the next paragraph's note
                room = (rects[k + 1].top() - y - 2) if k + 1 < len(rects) else fm.height() * 3
                lines = max(1, min(3, room // fm.height()))
                box = QRect(9, y, widget.width() - 11, fm.height() * lines)
                text = note.text if lines > 1 else fm.elidedText(note.text, Qt.TextElideMode.ElideRight, box.width())
                p.save()
                p.setClipRect(box)
                p.drawText(
                    box,
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                    text,
                )
                p.restore()
            else:
                colour = QColor(SOURCE_TYPE.get(note.kind, ("", "", "", "#777777", ""))[3])
                w = min(fm.horizontalAdvance(note.text) + 8, widget.width() - 6)
                y = max(y, free_y)
                badge = QRect(3, y + 1, w, fm.height() + 1)
                free_y = y + fm.height() + 3
                fill = QColor(colour)
                fill.setAlpha(70)
                p.fillRect(badge, fill)
                p.setPen(colour)
                p.drawRect(badge.adjusted(0, 0, -1, -1))
                p.setPen(pal.color(QPalette.ColorRole.WindowText))
                p.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), note.text)
        p.end()
