"""Small dialogs: settings, paste text, open a URL, export, and the import report.

Dialogs collect choices and return them as values; the main window starts the
jobs.  None of them reads files or runs the core.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.ingest import InputProblem
from desktop.settings import THEMES, Preferences


def ok_cancel(dlg: QDialog) -> QDialogButtonBox:
    """OK and Cancel wired to the dialog's accept and reject."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dlg.accept)
    box.rejected.connect(dlg.reject)
    return box


def stack(dlg: QDialog, *parts) -> QVBoxLayout:
    """The dialog's layout: a form (or other layout) and widgets, top to bottom."""
    lay = QVBoxLayout(dlg)
    for part in parts:
        if isinstance(part, QLayout):
            lay.addLayout(part)
        else:
            lay.addWidget(part)
    return lay


class SettingsDialog(QDialog):
    def __init__(self, prefs: Preferences, codebooks: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Parallax settings")
        self.threshold = QDoubleSpinBox()
        # the lowest value stands for "the model's own threshold" (chosen in its training)
        self.threshold.setRange(0.0, 0.95)
        self.threshold.setSingleStep(0.05)
        self.threshold.setSpecialValueText("model's own")
        self.threshold.setValue(0.0 if prefs.offtopic_threshold is None else prefs.offtopic_threshold)
        self.threshold.setToolTip(
            "A segment whose off-topic probability reaches this value is flagged as an insert; "
            "\"model's own\" uses the threshold the model was trained with"
        )
        self.include = QCheckBox("Include off-topic inserts in the scores")
        self.include.setChecked(prefs.include_off_topic)
        self.codebook = QComboBox()
        for cid, name in codebooks:
            self.codebook.addItem(name, cid)
        if self.codebook.findData(prefs.codebook) < 0:
            self.codebook.addItem(prefs.codebook, prefs.codebook)
        self.codebook.setCurrentIndex(self.codebook.findData(prefs.codebook))
        load = QPushButton("Load codebook file…")
        load.clicked.connect(self._load_codebook)
        self.font_size = QSpinBox()
        self.font_size.setRange(7, 32)
        self.font_size.setValue(prefs.font_size)
        self.theme = QComboBox()
        for t in THEMES:
            self.theme.addItem(t.capitalize(), t)
        self.theme.setCurrentIndex(self.theme.findData(prefs.theme))
        self._model_dir = prefs.model_dir
        self.own_models = QCheckBox(
            f"Use my trained models ({prefs.model_dir})"
            if prefs.model_dir
            else "Use my trained models (none trained yet)"
        )
        self.own_models.setChecked(bool(prefs.model_dir))
        self.own_models.setEnabled(bool(prefs.model_dir))

        cb_row = QHBoxLayout()
        cb_row.addWidget(self.codebook, 1)
        cb_row.addWidget(load)
        form = QFormLayout()
        form.addRow("Off-topic threshold", self.threshold)
        form.addRow("", self.include)
        form.addRow("Framing codebook", cb_row)
        form.addRow("Text size (pt)", self.font_size)
        form.addRow("Theme", self.theme)
        form.addRow("Models", self.own_models)
        stack(self, form, ok_cancel(self))

    def _load_codebook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load a codebook", "", "Codebook (*.json)")
        if path:
            self.codebook.addItem(path, path)
            self.codebook.setCurrentIndex(self.codebook.count() - 1)

    def preferences(self) -> Preferences:
        return Preferences(
            offtopic_threshold=round(self.threshold.value(), 2) if self.threshold.value() >= 0.05 else None,
            include_off_topic=self.include.isChecked(),
            codebook=self.codebook.currentData() or "policy_frames",
            font_size=self.font_size.value(),
            theme=self.theme.currentData() or "light",
            model_dir=self._model_dir if self.own_models.isChecked() else "",
        )


class TrainDialog(QDialog):
    """Choose a task and a file of labelled examples (JSONL, CSV or XLSX)."""

    def __init__(self, tasks: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Train a model from your labels")
        self.task = QComboBox()
        for t in tasks:
            self.task.addItem(t, t)
        self.data = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.data, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Task", self.task)
        form.addRow("Labelled data", row)
        note = QLabel(
            "The model is saved in your Parallax folder and used for new analyses; the shipped models stay as they are."
        )
        note.setWordWrap(True)
        stack(self, form, note, ok_cancel(self))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Labelled examples", "", "Labelled data (*.jsonl *.csv *.xlsx)")
        if path:
            self.data.setText(path)


@dataclass(frozen=True)
class PastedText:
    text: str
    title: str
    outlet: str
    date: str


class PasteDialog(QDialog):
    """Paste an article: the text is kept exactly as pasted."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Paste an article")
        self.resize(640, 480)
        self.title = QLineEdit()
        self.outlet = QLineEdit()
        self.date = QLineEdit()
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Paste the article text here (Hindi or English)…")
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Outlet", self.outlet)
        form.addRow("Date", self.date)
        self.buttons = ok_cancel(self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text.toPlainText().strip())))
        lay = stack(self, form)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.buttons)

    def value(self) -> PastedText:
        return PastedText(self.text.toPlainText(), self.title.text(), self.outlet.text(), self.date.text())


class UrlDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import from a URL")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.timeout = QSpinBox()
        self.timeout.setRange(2, 120)
        self.timeout.setValue(15)
        self.timeout.setSuffix(" s")
        form = QFormLayout()
        form.addRow("Address", self.url)
        form.addRow("Give up after", self.timeout)
        note = QLabel("Parallax downloads the page once and keeps only its article text; nothing is sent anywhere.")
        note.setWordWrap(True)
        stack(self, form, note, ok_cancel(self))


@dataclass(frozen=True)
class ExportChoice:
    path: str
    fmt: str
    include_comparison: bool
    excel_safe: bool


class ExportDialog(QDialog):
    """What to include and where; the formats offered are those this build has."""

    def __init__(self, formats: list[str], default_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export the story")
        self.fmt = QComboBox()
        labels = {"xlsx": "Excel workbook (.xlsx)", "csv": "CSV tables (a folder)", "json": "JSON (.json)"}
        for f in formats:
            self.fmt.addItem(labels.get(f, f), f)
        self.path = QLineEdit(default_name)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        self.fmt.currentIndexChanged.connect(self._fix_suffix)
        self.comparison = QCheckBox("Include the comparison of the story")
        self.comparison.setChecked(True)
        self.excel_safe = QCheckBox("CSV: prefix cells starting with = + - @ so Excel shows them as text")
        self.excel_safe.setChecked(False)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format", self.fmt)
        form.addRow("File", row)
        form.addRow("", self.comparison)
        form.addRow("", self.excel_safe)
        note = QLabel("Every export records the app version, the model versions and the settings used.")
        note.setWordWrap(True)
        stack(self, form, note, ok_cancel(self))
        self._fix_suffix()

    def _fix_suffix(self, *_args) -> None:
        fmt = self.fmt.currentData() or "json"
        p = self.path.text()
        base = p.rsplit(".", 1)[0] if "." in p.rsplit("/", 1)[-1] else p
        self.path.setText(base if fmt == "csv" else f"{base}.{fmt}")

    def _browse(self) -> None:
        fmt = self.fmt.currentData() or "json"
        if fmt == "csv":
            path = QFileDialog.getExistingDirectory(self, "Export CSV tables into")
        else:
            path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), f"{fmt.upper()} (*.{fmt})")
        if path:
            self.path.setText(path)
            self._fix_suffix()

    def choice(self) -> ExportChoice:
        return ExportChoice(
            self.path.text(), self.fmt.currentData() or "json", self.comparison.isChecked(), self.excel_safe.isChecked()
        )


class ProblemsDialog(QDialog):
    """The inputs an import could not read, each with its reason."""

    def __init__(self, problems: list[InputProblem], summary: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Some inputs could not be imported")
        self.resize(720, 320)
        self.table = QTableWidget(len(problems), 2)
        self.table.setHorizontalHeaderLabels(["Input", "Reason"])
        for r, prob in enumerate(problems):
            self.table.setItem(r, 0, QTableWidgetItem(prob.path))
            self.table.setItem(r, 1, QTableWidgetItem(prob.reason))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(summary))
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
