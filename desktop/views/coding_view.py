"""The coding view: one article, the coder's codings drawn over the model's suggestions.

The coder selects a passage (or just puts the cursor in a segment) and codes it: an
off-topic flag, an attribution, frames of the current codebook, loaded language, a
memo.  Every change goes into a :class:`~analysis.coding.codings.CodingSession`
(undo/redo) and ``edited`` tells the window to autosave.  "Code blind" hides the
model's marks.  Offsets go through :class:`desktop.offsets.OffsetMap`, as in every
view: the coding holds Python indices into the text as imported.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from analysis.coding.codings import TASKS, Coding, CodingError, CodingSession
from analysis.framing.codebook import Codebook
from analysis.model import OFF_TOPIC_KINDS, Analysis
from analysis.textutil import strip_span
from desktop.models import SPAN_ROLE, proxy
from desktop.offsets import OffsetMap, display_text
from desktop.viewdata import Mark, article_marks, scores_for
from desktop.views.coding_dialogs import AttributionDialog, FramesDialog, MemoDialog
from desktop.views.coding_models import TASK_LABELS, CodingsModel
from desktop.views.styles import mark_format
from desktop.views.textview import span_cursor

MODEL_LAYERS = ("off_topic", "attribution", "loaded")
# colour-blind-safe colours per task; a negative coding ("not ...") is struck through
CODED_COLOURS = {
    "offtopic": "#882255",
    "attribution": "#117733",
    "framing": "#332288",
    "loaded": "#CC6677",
    "memo": "#999933",
}


def coded_format(coding: Coding) -> QTextCharFormat:
    """How a coder's coding looks: a framed band in the task's colour (dash-dot
    underline, so it differs from every model mark without relying on colour)."""
    f = QTextCharFormat()
    colour = QColor(CODED_COLOURS.get(coding.task, "#444444"))
    tint = QColor(colour)
    tint.setAlpha(70 if coding.positive() or coding.task == "memo" else 25)
    f.setBackground(tint)
    f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashDotLine)
    f.setUnderlineColor(colour)
    if coding.task in ("offtopic", "attribution", "loaded") and not coding.positive():
        f.setFontStrikeOut(False)
        f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    return f


class CodingText(QPlainTextEdit):
    """Read-only article text with the model's marks and the coder's codings."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text = ""
        self.offsets = OffsetMap("")
        self._tips: list[tuple[int, int, str]] = []
        self._sels: list[QTextEdit.ExtraSelection] = []
        self._focus: list[QTextEdit.ExtraSelection] = []

    def set_text(self, text: str) -> None:
        self.text = text
        self.offsets = OffsetMap(text)
        self._tips, self._sels, self._focus = [], [], []
        self.setPlainText(display_text(text))
        self.setExtraSelections([])

    def _sel(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        s = QTextEdit.ExtraSelection()
        s.cursor = self.cursor_for(start, end)
        s.format = fmt
        return s

    def set_marks(self, model: list[Mark], codings: list[Coding]) -> None:
        self._sels = [self._sel(m.start, m.end, mark_format(m)) for m in model]
        self._sels += [self._sel(c.start, c.end, coded_format(c)) for c in codings if c.span]
        self._tips = [(m.start, m.end, "Model: " + m.tip) for m in model if m.tip]
        self._tips += [
            (c.start, c.end, f"Coded by {c.coder}: {c.label()}" + (f"\nMemo: {c.memo}" if c.memo else ""))
            for c in codings
            if c.span
        ]
        self.setExtraSelections(self._sels + self._focus)

    def cursor_for(self, start: int, end: int) -> QTextCursor:
        return span_cursor(self.document(), self.offsets, start, end)

    def select_span(self, start: int, end: int) -> None:
        self.setTextCursor(self.cursor_for(start, end))

    def selected_span(self) -> tuple[int, int] | None:
        c = self.textCursor()
        if not c.hasSelection():
            return None
        return self.offsets.span_to_py(c.selectionStart(), c.selectionEnd())

    def cursor_index(self) -> int:
        return self.offsets.to_py(self.textCursor().position())

    def highlight(self, start: int, end: int) -> None:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#F0E442"))
        fmt.setForeground(QColor("#000000"))
        self._focus = [self._sel(start, end, fmt)] if start < end else []
        self.setExtraSelections(self._sels + self._focus)
        c = self.cursor_for(start, start)
        self.setTextCursor(c)
        self.centerCursor()

    def tips_at(self, index: int) -> list[str]:
        return [t for s, e, t in self._tips if s <= index < e]

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            tips = self.tips_at(self.offsets.to_py(self.cursorForPosition(event.pos()).position()))
            if tips:
                QToolTip.showText(event.globalPos(), "\n\n".join(tips[:4]), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


class CodingView(QWidget):
    """Code one article.  ``ask_*`` attributes are the dialogs (tests replace them)."""

    edited = Signal()
    messaged = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: CodingSession | None = None
        self.analysis: Analysis | None = None
        self.codebook: Codebook | None = None
        self.blind = False
        self.pending_source: tuple[int, int] | None = None
        self.ask_attribution: Callable[[str, str | None, dict], dict | None] = self._attribution_dialog
        self.ask_frames: Callable[[set[str]], list[str] | None] = self._frames_dialog
        self.ask_memo: Callable[[str, str], str | None] = self._memo_dialog

        self.header = QLabel("No article to code")
        self.header.setWordWrap(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #555;")
        self.text = CodingText()
        self.text.setObjectName("codingText")

        self.kind = QComboBox()
        self.kind.addItem("(kind not given)", None)
        for k in OFF_TOPIC_KINDS:
            self.kind.addItem(k.replace("_", " "), k)
        self.blind_box = QCheckBox("Code blind (hide the model's suggestions)")
        self.blind_box.toggled.connect(self.set_blind)
        self.buttons: dict[str, QPushButton] = {}
        row1 = QHBoxLayout()
        for key, label, slot, tip in (
            (
                "offtopic",
                "Off-topic",
                lambda: self.code_offtopic(self.kind.currentData()),
                "Flag the passage as not the article's own story",
            ),
            (
                "not_offtopic",
                "Not off-topic",
                self.code_not_offtopic,
                "Overrule the model: this passage belongs to the story",
            ),
            (
                "source",
                "Source ←",
                self.mark_source,
                "Remember the selected text as the source mention of the next attribution",
            ),
            ("attribution", "Attribution…", lambda: self.code_attribution(), "Code the selected cue as an attribution"),
            (
                "not_attribution",
                "Not an attribution",
                self.code_not_attribution,
                "Overrule the model: no attribution here",
            ),
            ("frames", "Frames…", lambda: self.code_frames(), "Code the frames of the passage or segment"),
            ("loaded", "Loaded", lambda: self.code_loaded(True), "Mark loaded or sensational language"),
            ("not_loaded", "Not loaded", lambda: self.code_loaded(False), "Overrule the model: not loaded language"),
            ("memo", "Memo…", lambda: self.add_memo(), "Write a memo on the passage (or the article)"),
        ):
            b = QPushButton(label)
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False, s=slot: s())
            self.buttons[key] = b
            row1.addWidget(b)
            if key == "offtopic":
                row1.addWidget(self.kind)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        self.undo_btn = QPushButton("Undo")
        self.redo_btn = QPushButton("Redo")
        self.undo_btn.clicked.connect(self.undo)
        self.redo_btn.clicked.connect(self.redo)
        self.remove_btn = QPushButton("Remove coding")
        self.remove_btn.clicked.connect(self.remove_selected)
        self.reviewed = QToolButton()
        self.reviewed.setText("Article coded for…")
        self.reviewed.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.reviewed)
        for t in TASKS:
            menu.addAction(TASK_LABELS[t], lambda t=t: self.mark_reviewed(t))
        self.reviewed.setMenu(menu)
        self.reviewed.setToolTip("Say that you coded the whole article for a task (e.g. it has no off-topic passage)")
        for w in (self.undo_btn, self.redo_btn, self.remove_btn, self.reviewed, self.blind_box):
            row2.addWidget(w)
        row2.addStretch(1)
        for text, key, slot in (
            ("Undo", QKeySequence.StandardKey.Undo, self.undo),
            ("Redo", QKeySequence.StandardKey.Redo, self.redo),
        ):
            act = QAction(text, self)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, s=slot: s())
            self.addAction(act)

        self.model = CodingsModel()
        self.table = QTableView()
        self.table.setModel(proxy(self.model, self.table))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().selectionChanged.connect(self._row_selected)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.text)
        split.addWidget(self.table)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addLayout(row1)
        lay.addLayout(row2)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        self._refresh()

    # content ---------------------------------------------------------------------
    def set_session(self, session: CodingSession | None, analysis: Analysis | None) -> None:
        self.session = session
        self.analysis = analysis
        self.pending_source = None
        self.text.set_text(analysis.text if analysis is not None else "")
        self._refresh()

    def set_codebook(self, codebook: Codebook | None) -> None:
        self.codebook = codebook

    def set_blind(self, on: bool) -> None:
        self.blind = bool(on)
        if self.blind_box.isChecked() != self.blind:
            self.blind_box.setChecked(self.blind)
        self._refresh_marks()

    def _refresh(self) -> None:
        s, a = self.session, self.analysis
        enabled = s is not None and a is not None
        for b in (*self.buttons.values(), self.remove_btn, self.reviewed):
            b.setEnabled(enabled)
        self.undo_btn.setEnabled(enabled and s.can_undo())
        self.redo_btn.setEnabled(enabled and s.can_redo())
        self.undo_btn.setToolTip(f"Undo {s.undo_label()}" if enabled and s.can_undo() else "Nothing to undo")
        self.redo_btn.setToolTip(f"Redo {s.redo_label()}" if enabled and s.can_redo() else "Nothing to redo")
        if not enabled:
            self.header.setText("No article to code" if a is None else "Choose a coder to start coding")
            self.model.set_codings([], "")
            self._refresh_marks()
            return
        stale = s.stale()
        title = a.article.title or a.id
        self.header.setText(
            f"<b>{title}</b><br>Coder: <b>{s.coder}</b> · {len(s.codings())} coding(s)"
            + (
                f" · <span style='color:#AA3377'>{len(stale)} made on an earlier version of this text (not applied)</span>"
                if stale
                else ""
            )
        )
        self.model.set_codings(s.codings(), a.text)
        self._refresh_marks()

    def _refresh_marks(self, *_args) -> None:
        a = self.analysis
        if a is None:
            self.text.set_marks([], [])
            return
        model = [] if self.blind else [m for m in article_marks(a, scores_for(a, False)) if m.layer in MODEL_LAYERS]
        self.text.set_marks(model, self.session.codings() if self.session else [])

    def say(self, message: str) -> None:
        self.status.setText(message)
        self.messaged.emit(message)

    # the span to code ----------------------------------------------------------------------
    def current_span(self) -> tuple[int, int] | None:
        """The selection (trimmed of spaces), else the segment holding the cursor."""
        a = self.analysis
        if a is None:
            return None
        sel = self.text.selected_span()
        if sel is not None:
            s, e = strip_span(a.text, *sel)
            return (s, e) if s < e else None
        i = self.text.cursor_index()
        for seg in a.segments:
            if seg.start <= i < seg.end:
                return seg.start, seg.end
        return None

    def _code(
        self, task: str, value: dict | None, span: tuple[int, int] | None = None, memo: str | None = None
    ) -> Coding | None:
        if self.session is None:
            return None
        span = span if span is not None else self.current_span()
        if span is None and task not in ("memo", "framing"):
            self.say("Select a passage first (or put the cursor in a segment).")
            return None
        try:
            s, e = span if span else (None, None)
            c = (
                self.session.add(task, s, e, value, memo)
                if task == "memo"
                else self.session.set(task, s, e, value, memo)
            )
        except CodingError as exc:
            self.say(str(exc))
            return None
        self.say(f"Coded: {c.label()}")
        self._refresh()
        self.edited.emit()
        return c

    # coding actions ------------------------------------------------------------------------
    def code_offtopic(self, kind: str | None = None) -> Coding | None:
        return self._code("offtopic", {"off_topic": True, "kind": kind})

    def code_not_offtopic(self) -> Coding | None:
        return self._code("offtopic", {"off_topic": False})

    def mark_source(self) -> None:
        span = self.current_span()
        if span is None or self.analysis is None:
            self.say("Select the source mention first.")
            return
        self.pending_source = span
        self.say(
            f"Source mention: “{self.analysis.text[span[0] : span[1]]}”. Now select the cue and press Attribution…"
        )

    def code_attribution(self, value: dict | None = None) -> Coding | None:
        span = self.current_span()
        if span is None or self.analysis is None:
            self.say("Select the attribution cue first.")
            return None
        text = self.analysis.text
        src = self.pending_source
        if value is None:
            old = self.session.find("attribution", *span) if self.session else None
            value = self.ask_attribution(
                text[span[0] : span[1]], text[src[0] : src[1]] if src else None, old.value if old else {}
            )
            if value is None:
                return None
        value = dict(value)
        if src and "source_start" not in value and value.pop("use_source", True):
            value["source_start"], value["source_end"] = src
        c = self._code("attribution", value, span)
        if c is not None:
            self.pending_source = None
        return c

    def code_not_attribution(self) -> Coding | None:
        return self._code("attribution", {"present": False})

    def code_frames(self, frames: list[str] | None = None) -> Coding | None:
        span = self.current_span()
        if frames is None:
            old = self.session.find("framing", *span) if self.session and span else None
            frames = self.ask_frames(set(old.value.get("frames") or []) if old else set())
            if frames is None:
                return None
        return self._code(
            "framing", {"frames": list(frames), "codebook": self.codebook.id if self.codebook else ""}, span
        )

    def code_loaded(self, flag: bool = True) -> Coding | None:
        return self._code("loaded", {"loaded": bool(flag)})

    def add_memo(self, text: str | None = None) -> Coding | None:
        span = self.current_span() if self.text.selected_span() is not None else None
        if text is None:
            about = (
                f"On: “{self.analysis.text[span[0] : span[1]][:120]}”"
                if span and self.analysis
                else "On the whole article"
            )
            text = self.ask_memo("", about)
            if not text:
                return None
        return self._code("memo", {}, span or (), memo=text)

    def mark_reviewed(self, task: str) -> Coding | None:
        return self._code(task, {"reviewed": True}, span=())

    def selected_coding(self) -> Coding | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        src = self.table.model().mapToSource(rows[0])
        return self.model.row_record(src.row()).coding

    def select_coding(self, uid: str) -> bool:
        """Select the table row of a coding (and show its span)."""
        for r in range(self.model.rowCount()):
            if self.model.row_record(r).coding.uid == uid:
                row = self.table.model().mapFromSource(self.model.index(r, 0)).row()
                self.table.selectRow(row)
                return True
        return False

    def remove_selected(self) -> None:
        c = self.selected_coding()
        if c is None or self.session is None:
            self.say("Select a coding in the table to remove it.")
            return
        self.session.remove(c.uid)
        self.say(f"Removed: {c.label()}")
        self._refresh()
        self.edited.emit()

    def undo(self) -> None:
        if self.session is not None and self.session.undo():
            self._refresh()
            self.edited.emit()

    def redo(self) -> None:
        if self.session is not None and self.session.redo():
            self._refresh()
            self.edited.emit()

    def show_span(self, start: int, end: int) -> None:
        self.text.highlight(start, end)

    def _row_selected(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            spans = self.table.model().data(rows[0], SPAN_ROLE) or ()
            if spans:
                self.text.highlight(*spans[0])

    # dialogs ----------------------------------------------------------------------------------
    def _attribution_dialog(self, cue: str, source: str | None, initial: dict) -> dict | None:
        dlg = AttributionDialog(cue, source, initial, self)
        if dlg.exec() != AttributionDialog.DialogCode.Accepted:
            return None
        v = dlg.value()
        v["use_source"] = dlg.use_source.isChecked()
        return v

    def _frames_dialog(self, checked: set[str]) -> list[str] | None:
        if self.codebook is None:
            self.say("No codebook is loaded.")
            return None
        lang = self.analysis.language.language if self.analysis else "en"
        dlg = FramesDialog(self.codebook, checked, lang, self)
        return dlg.frames() if dlg.exec() == FramesDialog.DialogCode.Accepted else None

    def _memo_dialog(self, text: str, about: str) -> str | None:
        dlg = MemoDialog(text, about, self)
        return dlg.memo() if dlg.exec() == MemoDialog.DialogCode.Accepted else None
