"""The codebook editor: frame ids, names and definitions in both languages, cue terms;
import and export as Parallax JSON or REFI-QDA ``.qdc``; save into the user's own
codebook folder (never into ``resources/``).

The frames live in an editable table model over plain dicts; :meth:`codebook` turns
them into a checked :class:`~analysis.framing.codebook.Codebook` (the core's loader
says what is wrong).  File reading and writing run as jobs when a job manager is
given (a slot does no file I/O).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from analysis.coding.qdc import read_codebook, save_user_codebook, write_codebook
from analysis.framing.codebook import Codebook, CodebookError, codebook_from_dict

FIELDS = (
    ("id", "Id"),
    ("name_en", "Name (English)"),
    ("name_hi", "Name (Hindi)"),
    ("definition_en", "Definition (English)"),
    ("definition_hi", "Definition (Hindi)"),
    ("cues_en", "Cue terms (English, ';'-separated)"),
    ("cues_hi", "Cue terms (Hindi, ';'-separated)"),
)
LISTS = ("cues_en", "cues_hi")
_Index = QModelIndex | QPersistentModelIndex


class FramesTableModel(QAbstractTableModel):
    """Editable rows of frames (dicts in the codebook file's shape)."""

    def __init__(self, frames: list[dict] | None = None, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = [dict(f) for f in frames or []]

    def set_frames(self, frames: list[dict]) -> None:
        self.beginResetModel()
        self._rows = [dict(f) for f in frames]
        self.endResetModel()

    def frames(self) -> list[dict]:
        return [dict(r) for r in self._rows]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(FIELDS):
            return FIELDS[section][1]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < len(FIELDS)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return None
        key = FIELDS[index.column()][0]
        v = self._rows[index.row()].get(key)
        if key in LISTS:
            return "; ".join(v or [])
        return v or ""

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return False
        key = FIELDS[index.column()][0]
        text = str(value or "")
        self._rows[index.row()][key] = (
            [t.strip() for t in text.split(";") if t.strip()] if key in LISTS else text.strip()
        )
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def add_frame(self, frame: dict | None = None) -> int:
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(dict(frame or {"id": f"frame_{n + 1}", "name_en": f"Frame {n + 1}"}))
        self.endInsertRows()
        return n

    def remove_frame(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()


class CodebookEditor(QDialog):
    """Create and edit frame codebooks.  ``saved(path)`` after a save."""

    saved = Signal(str)

    def __init__(self, codebook: Codebook | None = None, jobs=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Codebook editor")
        self.resize(1100, 600)
        self.jobs = jobs
        self.ask_open: Callable[[], str | None] = self._open_dialog
        self.ask_save: Callable[[], str | None] = self._save_dialog
        self.id = QLineEdit()
        self.name = QLineEdit()
        self.version = QLineEdit()
        self.citation = QLineEdit()
        self.description = QLineEdit()
        form = QFormLayout()
        for label, w in (
            ("Id", self.id),
            ("Name", self.name),
            ("Version", self.version),
            ("Follows (citation)", self.citation),
            ("Description", self.description),
        ):
            form.addRow(label, w)
        self.frames = FramesTableModel()
        self.table = QTableView()
        self.table.setModel(self.frames)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for label, slot in (
            ("Add frame", lambda: self.frames.add_frame()),
            ("Remove frame", self.remove_selected),
            ("Import .json / .qdc…", self.import_file),
            ("Export .json / .qdc…", self.export_file),
            ("Save to my codebooks", self.save_user),
            ("Close", self.accept),
        ):
            b = QPushButton(label)
            b.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        if codebook is not None:
            self.set_codebook(codebook)

    # values ------------------------------------------------------------------------------
    def set_codebook(self, cb: Codebook) -> None:
        d = cb.to_dict()
        self.id.setText(d["id"])
        self.name.setText(d["name"])
        self.version.setText(d["version"])
        self.citation.setText(d["citation"])
        self.description.setText(d["description"])
        self.frames.set_frames(d["frames"])
        self.table.resizeColumnsToContents()
        self.say(f"{cb.name}: {len(cb.frames)} frames")

    def codebook(self) -> Codebook:
        """The edited codebook, checked (raises :class:`CodebookError` saying what is wrong)."""
        data = {
            "id": self.id.text().strip(),
            "name": self.name.text().strip(),
            "version": self.version.text().strip() or "1",
            "citation": self.citation.text().strip(),
            "description": self.description.text().strip(),
            "frames": self.frames.frames(),
        }
        return codebook_from_dict(data, "this codebook")

    def say(self, message: str) -> None:
        self.status.setText(message)

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.frames.remove_frame(rows[0].row())

    # files --------------------------------------------------------------------------------
    def _run(self, title: str, fn, args: tuple, on_done) -> None:
        def fail(reason: str) -> None:
            self.say(f"{title} failed: {reason}")

        if self.jobs is None:
            try:
                on_done(fn(*args))
            except (CodebookError, OSError) as exc:
                fail(str(exc))
            return
        self.jobs.start("codebook-file", title, lambda *a, progress: fn(*a), *args, on_done=on_done, on_error=fail)

    def import_file(self, path: str | None = None) -> None:
        path = path or self.ask_open()
        if path:
            self._run("Import", read_codebook, (path,), self.set_codebook)

    def export_file(self, path: str | None = None) -> None:
        try:
            cb = self.codebook()
        except CodebookError as exc:
            self.say(str(exc))
            return
        path = path or self.ask_save()
        if path:
            self._run("Export", write_codebook, (cb, path), lambda p: self.say(f"Exported to {p}"))

    def save_user(self, folder: Path | None = None) -> None:
        try:
            cb = self.codebook()
        except CodebookError as exc:
            self.say(str(exc))
            return

        def done(p) -> None:
            self.say(f"Saved as {p}")
            self.saved.emit(str(p))

        self._run("Save", save_user_codebook, (cb, folder), done)

    def _open_dialog(self) -> str | None:
        p, _ = QFileDialog.getOpenFileName(self, "Import a codebook", "", "Codebooks (*.json *.qdc)")
        return p or None

    def _save_dialog(self) -> str | None:
        p, _ = QFileDialog.getSaveFileName(
            self,
            "Export the codebook",
            f"{self.id.text() or 'codebook'}.qdc",
            "REFI-QDA codebook (*.qdc);;Parallax codebook (*.json)",
        )
        return p or None
