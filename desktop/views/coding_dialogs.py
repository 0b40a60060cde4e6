"""Small dialogs of the coding views: the coder's name, an attribution, frames, a memo.

Like the app's other dialogs they only collect a choice and return it as a value;
the view makes the coding.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from analysis.coding.codings import CodingError, check_coder
from analysis.framing.codebook import Codebook
from analysis.model import SOURCE_TYPES
from desktop.dialogs import ok_cancel
from desktop.viewdata import source_type_label

SUBTYPES = ("", "executive", "legislature", "party", "military", "police", "judiciary")


class CoderDialog(QDialog):
    """Who is coding: an existing coder of this project or a new name."""

    def __init__(self, existing: list[str], current: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(existing)
        self.name.setCurrentText(current or (existing[0] if existing else ""))
        self.name.lineEdit().setPlaceholderText("Your name or initials")
        self.error = QLabel("")
        self.error.setStyleSheet("color: #AA3377;")
        self.box = ok_cancel(self)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel("Codings are stored per coder, so that coders can be compared with each other and with the model.")
        )
        form = QFormLayout()
        form.addRow("Coder", self.name)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.box)
        self.name.currentTextChanged.connect(self._check)
        self._check()

    def _check(self, *_args) -> None:
        try:
            check_coder(self.name.currentText())
            self.error.setText("")
            ok = True
        except CodingError as exc:
            self.error.setText(str(exc))
            ok = False
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def value(self) -> str:
        return check_coder(self.name.currentText())


class AttributionDialog(QDialog):
    """The source type (and optional subtype, canonical name, source mention) of a cue."""

    def __init__(self, cue: str, source: str | None = None, initial: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Code an attribution")
        init = initial or {}
        self.source_type = QComboBox()
        for t in SOURCE_TYPES:
            self.source_type.addItem(source_type_label(t), t)
        if init.get("source_type") in SOURCE_TYPES:
            self.source_type.setCurrentIndex(SOURCE_TYPES.index(init["source_type"]))
        self.subtype = QComboBox()
        self.subtype.addItems(SUBTYPES)
        self.subtype.setCurrentText(init.get("source_subtype") or "")
        self.canonical = QLineEdit(init.get("canonical_source") or "")
        self.canonical.setPlaceholderText("e.g. KCNA (optional)")
        self.use_source = QCheckBox(
            f"Source mention: “{source}”"
            if source
            else "No source mention marked (select it and press “Source ←” first)"
        )
        self.use_source.setChecked(bool(source))
        self.use_source.setEnabled(bool(source))
        form = QFormLayout()
        form.addRow("Cue", QLabel(f"“{cue}”"))
        form.addRow("Source type", self.source_type)
        form.addRow("Government subtype", self.subtype)
        form.addRow("Canonical source", self.canonical)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.use_source)
        lay.addWidget(ok_cancel(self))

    def value(self) -> dict:
        return {
            "present": True,
            "source_type": self.source_type.currentData(),
            "source_subtype": self.subtype.currentText() or None,
            "canonical_source": self.canonical.text().strip() or None,
        }


class FramesDialog(QDialog):
    """Tick the frames of the current codebook that the passage carries."""

    def __init__(
        self, codebook: Codebook, checked: set[str] | None = None, lang: str = "en", parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Frames — {codebook.name}")
        self.codebook = codebook
        self.list = QListWidget()
        for f in codebook.frames:
            label = f.name(lang) if lang == "hi" and f.name_hi else f.name_en
            if f.name_hi and lang != "hi":
                label += f"  ·  {f.name_hi}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if f.id in (checked or set()) else Qt.CheckState.Unchecked)
            item.setToolTip(f.definition_hi if lang == "hi" and f.definition_hi else f.definition_en)
            self.list.addItem(item)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("No frame ticked means: this passage carries none of the codebook's frames."))
        lay.addWidget(self.list)
        lay.addWidget(ok_cancel(self))

    def set_checked(self, frame_ids: set[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in frame_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def frames(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out


class MemoDialog(QDialog):
    def __init__(self, text: str = "", about: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Memo")
        self.text = QPlainTextEdit()
        self.text.setPlainText(text)
        lay = QVBoxLayout(self)
        if about:
            lay.addWidget(QLabel(about))
        lay.addWidget(self.text)
        lay.addWidget(ok_cancel(self))

    def memo(self) -> str:
        return self.text.toPlainText().strip()
