"""The article view: the text with toggleable layers, the scores beside it, and tables.

Everything shown comes from one :class:`Analysis`: :mod:`desktop.viewdata` decides
the marks and the score items, this widget only draws them.  A click on a score
highlights the spans behind it; a click on a table row highlights its span.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.model import Analysis
from desktop.models import SPAN_ROLE, FiguresModel, SourcesModel, fit_columns, proxy
from desktop.viewdata import (
    LAYER_LABELS,
    LAYERS,
    SAMPLE_BADGE,
    ScoreItem,
    article_marks,
    display_title,
    frame_notes,
    score_items,
    scores_for,
    source_notes,
)
from desktop.views.styles import Legend, legend_entries
from desktop.views.textview import MarkedTextEdit

SPANS_ROLE = Qt.ItemDataRole.UserRole + 10
LAYER_SHORT = {
    "off_topic": "Inserts",
    "attribution": "Sources",
    "frames": "Frames",
    "loaded": "Loaded",
    "figures": "Figures",
    "dates": "Dates",
    "contradictions": "Contradictions",
}
BADGE_STYLE = "QLabel { background: #F0E442; color: #000; border: 1px solid #999933; border-radius: 3px; padding: 2px 6px; font-weight: bold; }"


def sample_badge(parent: QWidget | None = None) -> QLabel:
    b = QLabel(SAMPLE_BADGE, parent)
    b.setObjectName("sampleBadge")
    b.setStyleSheet(BADGE_STYLE)
    return b


class ArticleView(QWidget):
    """One article with its marks, scores, sources and figures."""

    withInsertsChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.analysis: Analysis | None = None
        self.frame_names: dict[str, str] = {}
        self.with_inserts = False
        self.dark = False

        self.title = QLabel("No article selected")
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        self.title.setFont(f)
        self.meta = QLabel("")
        self.meta.setWordWrap(True)
        self.badge = sample_badge()
        self.badge.hide()
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #885500;")
        self.notice.hide()

        self.layer_boxes: dict[str, QCheckBox] = {}
        layers_row = QHBoxLayout()
        layers_row.addWidget(QLabel("Show:"))
        for layer in LAYERS:
            box = QCheckBox(LAYER_SHORT[layer])
            box.setToolTip(LAYER_LABELS[layer])
            box.setChecked(True)
            box.toggled.connect(self._refresh_marks)
            self.layer_boxes[layer] = box
            layers_row.addWidget(box)
        layers_row.addStretch(1)
        self.inserts_box = QCheckBox("Scores with inserts")
        self.inserts_box.setObjectName("withInserts")
        self.inserts_box.setToolTip(
            "Off: scores ignore the off-topic inserts (struck through). On: scores include them."
        )
        self.inserts_box.toggled.connect(self.set_with_inserts)
        layers_row.addWidget(self.inserts_box)

        self.text = MarkedTextEdit(left_margin=150, right_margin=78)
        self.text.setObjectName("articleText")

        self.scores = QTreeWidget()
        self.scores.setObjectName("scoresPanel")
        self.scores.setHeaderLabels(["Score", "Value"])
        self.scores.setColumnCount(2)
        self.scores.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.scores.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.scores.header().setStretchLastSection(False)
        self.scores.itemClicked.connect(self._score_clicked)
        self.scores.currentItemChanged.connect(lambda cur, _prev: self._score_clicked(cur) if cur else None)
        self.legend = Legend()

        side = QWidget()
        side_l = QVBoxLayout(side)
        side_l.setContentsMargins(0, 0, 0, 0)
        side_l.addWidget(QLabel("Scores (click one to see its evidence)"))
        side_l.addWidget(self.scores, 3)
        legend_head = QLabel(
            "Legend — sources: the cue in bold, the source tinted; each type has its own underline and label"
        )
        legend_head.setWordWrap(True)
        side_l.addWidget(legend_head)
        side_l.addWidget(self.legend)

        self.sources_model = SourcesModel()
        self.figures_model = FiguresModel()
        self.sources_table, self.sources_filter = self._table(self.sources_model, "Filter sources…")
        self.figures_table, self.figures_filter = self._table(self.figures_model, "Filter figures…")
        self.tables = QTabWidget()
        self.tables.addTab(self._with_filter(self.sources_table, self.sources_filter), "Sources")
        self.tables.addTab(self._with_filter(self.figures_table, self.figures_filter), "Figures")

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.text)
        upper.addWidget(side)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 1)
        upper.setSizes([700, 400])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("articleSplitter")
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.tables)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 160])

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.meta)
        lay.addWidget(self.notice)
        lay.addLayout(layers_row)
        lay.addWidget(self.splitter, 1)

    def _table(self, model, placeholder: str) -> tuple[QTableView, QLineEdit]:
        view = QTableView()
        px = proxy(model, view)
        view.setModel(px)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # sized on the next turn of the event loop, after the text has been drawn
        model.modelReset.connect(lambda v=view: QTimer.singleShot(0, lambda: fit_columns(v)))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setVisible(False)
        view.selectionModel().selectionChanged.connect(lambda sel, _old, v=view: self._row_selected(v, sel))
        filt = QLineEdit()
        filt.setPlaceholderText(placeholder)
        filt.setClearButtonEnabled(True)
        filt.textChanged.connect(px.setFilterFixedString)
        return view, filt

    @staticmethod
    def _with_filter(view: QTableView, filt: QLineEdit) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(filt)
        lay.addWidget(view)
        return w

    # content ------------------------------------------------------------------------
    def set_analysis(self, analysis: Analysis | None, frame_names: dict[str, str] | None = None) -> None:
        self.analysis = analysis
        if frame_names is not None:
            self.frame_names = frame_names
        if analysis is None:
            self.title.setText("No article selected")
            self.meta.setText("")
            self.badge.hide()
            self.notice.hide()
            self.text.set_text("")
            self.scores.clear()
            self.sources_model.set_attributions([], "")
            self.figures_model.set_figures([], "")
            return
        art = analysis.article
        self.title.setText(display_title(art))
        lang = analysis.language
        parts = [art.outlet or "unknown outlet", art.date or "no date", f"{lang.language} ({lang.script})"]
        if art.path:
            parts.append(art.path)
        self.meta.setText(" · ".join(parts))
        self.badge.setVisible(bool(art.sample))
        notes = [s.reason for s in analysis.skipped if s.feature in ("all", "language")]
        self.notice.setText(" ".join(notes))
        self.notice.setVisible(bool(notes))
        self.text.set_text(analysis.text)
        self.text.frame_order = list(self.frame_names)
        self._refresh()

    def set_with_inserts(self, on: bool) -> None:
        if on == self.with_inserts:
            return
        self.with_inserts = on
        self.inserts_box.blockSignals(True)
        self.inserts_box.setChecked(on)
        self.inserts_box.blockSignals(False)
        self._refresh()
        self.withInsertsChanged.emit(on)

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        self.text.dark = dark
        self._refresh_marks()

    def visible_layers(self) -> set[str]:
        return {layer for layer, box in self.layer_boxes.items() if box.isChecked()}

    def set_layer_visible(self, layer: str, on: bool) -> None:
        self.layer_boxes[layer].setChecked(on)

    def _refresh(self) -> None:
        a = self.analysis
        if a is None:
            return
        scores = scores_for(a, self.with_inserts)
        self.sources_model.set_attributions(scores.attributions, a.text)
        self.figures_model.set_figures(scores.figures, a.text)
        self.tables.setTabText(0, f"Sources ({len(scores.attributions)})")
        self.tables.setTabText(1, f"Figures ({len(scores.figures)})")
        self._fill_scores(score_items(a, scores, self.with_inserts, self.frame_names))
        self._refresh_marks()

    def _refresh_marks(self, *_args) -> None:
        a = self.analysis
        if a is None:
            return
        scores = scores_for(a, self.with_inserts)
        layers = self.visible_layers()
        self.text.with_inserts = self.with_inserts
        self.text.set_marks([m for m in article_marks(a, scores) if m.layer in layers])
        self.text.set_notes("left", frame_notes(a, scores, self.frame_names) if "frames" in layers else [])
        self.text.set_notes("right", source_notes(scores) if "attribution" in layers else [])
        types = {t.source_type for t in scores.attributions}
        self.legend.set_entries(legend_entries(layers, types), self.dark, self.with_inserts)

    def _fill_scores(self, items: list[ScoreItem]) -> None:
        self.scores.clear()

        def add(parent, item: ScoreItem):
            node = QTreeWidgetItem([item.label, item.value])
            node.setData(0, SPANS_ROLE, list(item.spans))
            tip = item.note or (
                f"{len(item.spans)} span(s) behind this score" if item.spans else "no spans behind this value"
            )
            node.setToolTip(0, tip)
            node.setToolTip(1, tip)
            if parent is None:
                self.scores.addTopLevelItem(node)
            else:
                parent.addChild(node)
            for child in item.children:
                add(node, child)
            return node

        for it in items:
            add(None, it)

    # interaction -------------------------------------------------------------------------
    def score_item(self, label_prefix: str) -> QTreeWidgetItem | None:
        """The first score whose label starts with ``label_prefix`` (any depth)."""
        it = self.scores.invisibleRootItem()
        stack = [it.child(i) for i in range(it.childCount())]
        while stack:
            node = stack.pop(0)
            if node.text(0).startswith(label_prefix):
                return node
            stack.extend(node.child(i) for i in range(node.childCount()))
        return None

    def _score_clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        spans = item.data(0, SPANS_ROLE) or []
        self.text.highlight([tuple(s) for s in spans])

    def _row_selected(self, view: QTableView, selection: QItemSelection) -> None:
        idx = selection.indexes()
        if not idx:
            return
        spans = view.model().data(idx[0], SPAN_ROLE) or ()
        self.text.highlight(list(spans))
