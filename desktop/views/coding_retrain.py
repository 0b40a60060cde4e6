"""Retraining and the active-learning queue.

"Retrain from my codings" trains a new model into the user data directory; its
cross-validated figures appear next to the current model's, and "Use the new model"
switches the coding workbench to it (and back to the shipped one).  The queue lists
the segments where the model is least certain; choosing one opens it for coding.
The view only asks; the window runs the jobs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from analysis.coding.codings import TASKS
from desktop.models import fit_columns, proxy
from desktop.views.coding_models import TASK_LABELS, FiguresCompareModel, SuggestionsModel


class RetrainView(QWidget):
    retrainRequested = Signal(str, bool, bool)  # task, include the shipped data, quick
    modelChosen = Signal(str)  # a model folder, "" for the shipped models
    exportRequested = Signal(str, str)  # task, path of the training file
    queueRequested = Signal()
    suggestionChosen = Signal(str, int, int)  # article id, start, end

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result = None
        self.ask_path: Callable[[str], str | None] = self._path_dialog
        self.task = QComboBox()
        for t in TASKS:
            self.task.addItem(TASK_LABELS[t], t)
        self.shipped = QCheckBox("Also use the shipped training data")
        self.shipped.setChecked(True)
        self.quick = QCheckBox("Quick (fewer cross-validation rounds)")
        self.retrain_btn = QPushButton("Retrain from my codings")
        self.retrain_btn.clicked.connect(
            lambda: self.retrainRequested.emit(
                self.task.currentData(), self.shipped.isChecked(), self.quick.isChecked()
            )
        )
        self.export_btn = QPushButton("Export my codings as training data…")
        self.export_btn.clicked.connect(self.export)
        self.use_btn = QPushButton("Use the new model")
        self.use_btn.setEnabled(False)
        self.use_btn.clicked.connect(self.use_new)
        self.shipped_btn = QPushButton("Use the shipped models")
        self.shipped_btn.clicked.connect(lambda: self.modelChosen.emit(""))
        self.active = QLabel("Models: shipped")
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.figures = FiguresCompareModel()
        self.fig_table = self._table(self.figures)

        top = QHBoxLayout()
        for w in (QLabel("Task"), self.task, self.shipped, self.quick, self.retrain_btn, self.export_btn):
            top.addWidget(w)
        top.addStretch(1)
        choose = QHBoxLayout()
        for w in (self.use_btn, self.shipped_btn, self.active):
            choose.addWidget(w)
        choose.addStretch(1)
        box = QGroupBox("Retrain")
        bl = QVBoxLayout(box)
        bl.addLayout(top)
        bl.addWidget(self.info)
        bl.addWidget(self.fig_table)
        bl.addLayout(choose)

        self.queue_btn = QPushButton("Suggest what to code next")
        self.queue_btn.setToolTip("Segments of the current story where the model is least certain")
        self.queue_btn.clicked.connect(self.queueRequested.emit)
        self.suggestions = SuggestionsModel()
        self.queue_table = self._table(self.suggestions)
        self.queue_table.doubleClicked.connect(self._chosen)
        qbox = QGroupBox("Active learning: where the model is least certain")
        ql = QVBoxLayout(qbox)
        ql.addWidget(self.queue_btn)
        ql.addWidget(self.queue_table)
        lay = QVBoxLayout(self)
        lay.addWidget(box, 1)
        lay.addWidget(qbox, 1)

    @staticmethod
    def _table(model) -> QTableView:
        v = QTableView()
        v.setModel(proxy(model, v))
        v.setSortingEnabled(True)
        v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        v.horizontalHeader().setStretchLastSection(True)
        v.verticalHeader().setVisible(False)
        return v

    def set_busy(self, message: str) -> None:
        self.info.setText(message)

    def set_result(self, result, error: str | None = None) -> None:
        self.result = result
        if result is None:
            self.info.setText(error or "")
            self.figures.set_figures([])
            self.use_btn.setEnabled(False)
            return
        self.figures.set_figures(result.figures())
        self.info.setText(
            f"{TASK_LABELS[result.task]}: trained on {result.n_coded} coded example(s)"
            + (f" and {result.n_shipped} shipped ones" if result.n_shipped else "")
            + f" into {result.model_dir}. Figures are cross-validated (folds grouped by topic or article), each model on its own training data."
        )
        self.use_btn.setEnabled(True)
        fit_columns(self.fig_table)

    def use_new(self) -> None:
        if self.result is not None:
            self.modelChosen.emit(str(self.result.model_dir))

    def set_active_model(self, model_dir: str | None) -> None:
        self.active.setText(f"Models: {model_dir}" if model_dir else "Models: shipped")

    def set_queue(self, items) -> None:
        self.suggestions.set_suggestions(items)
        fit_columns(self.queue_table, 420)

    def _chosen(self, index) -> None:
        src = self.queue_table.model().mapToSource(index)
        s = self.suggestions.row_record(src.row())
        self.suggestionChosen.emit(s.article_id, s.start, s.end)

    def export(self) -> None:
        task = self.task.currentData()
        path = self.ask_path(task)
        if path:
            self.exportRequested.emit(task, path)

    def _path_dialog(self, task: str) -> str | None:
        p, _ = QFileDialog.getSaveFileName(
            self,
            "Export codings as training data",
            f"{task}-codings.jsonl",
            "JSON lines (*.jsonl);;CSV (*.csv);;Excel (*.xlsx)",
        )
        return p or None
