"""The Agreement view: two coders (or a coder and the model) on one task, per label and
overall, with the disagreements listed beside both codings and an Excel export.

The view only asks: ``computeRequested`` and ``exportRequested`` go to the window,
which runs the core in a job and hands the report back to :meth:`set_report`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from analysis.coding.codings import MODEL_CODER, TASKS
from desktop.models import fit_columns, proxy
from desktop.views.coding_models import TASK_LABELS, AgreementModel, DisagreementsModel


def _fmt(m: dict | None, name: str) -> str:
    x = (m or {}).get(name) or {}
    v = x.get("value")
    if v is None:
        return "undefined"
    lo, hi = (x.get("ci95") or [None, None])[:2]
    return f"{v:.2f} [{lo:.2f}, {hi:.2f}]" if lo is not None and hi is not None else f"{v:.2f}"


def summary_text(report: dict) -> str:
    """One paragraph that says what was compared, how, and the overall figures."""
    o = report.get("overall") or {}
    lines = [
        f"<b>{TASK_LABELS.get(report['task'], report['task'])}</b>: {report['coder_a']} vs {report['coder_b']}, "
        f"{report['n']} text(s) coded by both"
        + (
            f" ({report['unmatched_rows']['a']} / {report['unmatched_rows']['b']} coded by one only)"
            if any(report.get("unmatched_rows", {}).values())
            else ""
        ),
        f"Overall ({o.get('units', 0)} units): % agreement {_fmt(o, 'percent_agreement')} · "
        f"Cohen's κ {_fmt(o, 'cohen_kappa')} · Krippendorff's α {_fmt(o, 'krippendorff_alpha')}",
        f"Unit: {report.get('unit', '')}",
    ]
    if report.get("characters"):
        lines.append(f"Over the text's characters: α {_fmt(report['characters'], 'krippendorff_alpha')}")
    if report.get("matching_rule"):
        lines.append(f"Span matching: {report['matching_rule']}")
    b = report.get("bootstrap") or {}
    lines.append(
        f"95% intervals: {b.get('replicates')} bootstrap resamples of the {b.get('resampled')}, seed {b.get('seed')}"
    )
    if report.get("model"):
        lines.append(f"Model: {report['model'].get('id')}")
    return "<br>".join(lines)


class AgreementView(QWidget):
    computeRequested = Signal(str, str, str, int)  # task, coder A, coder B, seed
    exportRequested = Signal(str)  # xlsx path

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: dict | None = None
        self.ask_path: Callable[[], str | None] = self._path_dialog
        self.task = QComboBox()
        for t in TASKS:
            self.task.addItem(TASK_LABELS[t], t)
        self.coder_a = QComboBox()
        self.coder_b = QComboBox()
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.seed.setToolTip("Seed of the bootstrap: the same seed gives the same intervals")
        self.compute_btn = QPushButton("Compute agreement")
        self.compute_btn.clicked.connect(self.compute)
        self.export_btn = QPushButton("Export to Excel…")
        self.export_btn.setEnabled(False)
        self.export_btn.clicked.connect(self.export)
        row = QHBoxLayout()
        for label, w in (
            ("Task", self.task),
            ("Coder A", self.coder_a),
            ("Coder B", self.coder_b),
            ("Seed", self.seed),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addWidget(self.compute_btn)
        row.addWidget(self.export_btn)
        row.addStretch(1)
        self.summary = QLabel("Choose two coders (or a coder and the model) and a task.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.model = AgreementModel()
        self.table = self._table(self.model)
        self.dis_model = DisagreementsModel()
        self.dis_table = self._table(self.dis_model)
        self.dis_label = QLabel("Disagreements")
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.dis_label)
        ll.addWidget(self.dis_table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

    @staticmethod
    def _table(model) -> QTableView:
        v = QTableView()
        v.setModel(proxy(model, v))
        v.setSortingEnabled(True)
        v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.horizontalHeader().setStretchLastSection(True)
        v.verticalHeader().setVisible(False)
        return v

    def set_coders(self, coders: list[str]) -> None:
        names = [*coders, MODEL_CODER]
        for box, pick in ((self.coder_a, 0), (self.coder_b, 1)):
            keep = box.currentText()
            box.clear()
            box.addItems(names)
            box.setCurrentText(keep if keep in names else names[min(pick, len(names) - 1)])

    def choose(self, task: str, coder_a: str, coder_b: str, seed: int = 0) -> None:
        self.task.setCurrentIndex(TASKS.index(task))
        self.coder_a.setCurrentText(coder_a)
        self.coder_b.setCurrentText(coder_b)
        self.seed.setValue(seed)

    def compute(self) -> None:
        a, b = self.coder_a.currentText(), self.coder_b.currentText()
        if not a or not b or a == b:
            self.summary.setText("Choose two different coders.")
            return
        self.summary.setText("Computing…")
        self.computeRequested.emit(self.task.currentData(), a, b, self.seed.value())

    def set_report(self, report: dict | None, error: str | None = None) -> None:
        self.report = report
        self.model.set_report(report)
        self.dis_model.set_report(report)
        self.export_btn.setEnabled(report is not None)
        if report is None:
            self.summary.setText(error or "No agreement computed.")
            self.dis_label.setText("Disagreements")
            return
        self.summary.setText(summary_text(report))
        self.dis_label.setText(f"Disagreements ({len(report.get('disagreements') or [])}), with both codings")
        fit_columns(self.table)
        fit_columns(self.dis_table, 420)

    def export(self) -> None:
        if self.report is None:
            return
        path = self.ask_path()
        if path:
            self.exportRequested.emit(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def _path_dialog(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Export agreement", "agreement.xlsx", "Excel workbook (*.xlsx)")
        return path or None
