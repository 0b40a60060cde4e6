"""The comparison view: the selected article beside other coverage of its story.

Aligned passages are tinted; a click on one highlights it and scrolls every shown
counterpart into view (Hindi beside English included).  Passages no other article
reports are marked as unique.  Below: figures and dates across outlets (rows that
disagree tinted and marked "≠"), shared claims with the source each outlet gives,
and contradictions.  The comparison itself comes from the core.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.model import Analysis, Comparison
from desktop.models import SPAN_ROLE, ClaimsModel, CompareFactsModel, fit_columns, proxy
from desktop.viewdata import (
    SAMPLE_BADGE,
    Mark,
    PassageLinks,
    claim_rows,
    compare_rows,
    display_title,
    outlet_label,
    unique_labels,
)
from desktop.views.article_view import sample_badge
from desktop.views.textview import MarkedTextEdit

MAX_DEFAULT_PANES = 3


class ArticlePane(QWidget):
    """One article of the comparison: a header and the marked text."""

    def __init__(self, analysis: Analysis, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.analysis = analysis
        self.index = index  # position in Comparison.articles (or in the story)
        art = analysis.article
        head = QLabel(f"<b>{outlet_label(art)}</b> · {analysis.language.language} · {art.date or 'no date'}")
        head.setWordWrap(True)
        title = QLabel(display_title(art))
        title.setWordWrap(True)
        self.text = MarkedTextEdit()
        self.text.set_text(analysis.text)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        row = QHBoxLayout()
        row.addWidget(head, 1)
        if art.sample:
            badge = sample_badge()
            badge.setText("SAMPLE")
            badge.setToolTip(SAMPLE_BADGE)
            row.addWidget(badge)
        lay.addLayout(row)
        lay.addWidget(title)
        lay.addWidget(self.text, 1)


class CompareView(QWidget):
    """Side-by-side coverage with linked passages and cross-outlet tables."""

    paneClicked = Signal(int, int)  # comparison article index, Python index

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.analyses: list[Analysis] = []
        self.comparison: Comparison | None = None
        self.links = PassageLinks()
        self.selected_id: str | None = None
        self.panes: list[ArticlePane] = []
        self.dark = False
        self._order: list[Analysis | None] = []
        self._labels: list[str] = []

        self.note = QLabel("Select a story with at least two articles.")
        self.note.setWordWrap(True)
        self.pick_row = QHBoxLayout()
        self.pick_row.addWidget(QLabel("Compare with:"))
        self.pick_row.addStretch(1)
        pick = QWidget()
        pick.setLayout(self.pick_row)
        pick_scroll = QScrollArea()
        pick_scroll.setWidget(pick)
        pick_scroll.setWidgetResizable(True)
        pick_scroll.setFixedHeight(42)
        pick_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.pick_boxes: dict[int, QCheckBox] = {}

        self.pane_split = QSplitter(Qt.Orientation.Horizontal)
        self.pane_split.setObjectName("comparePanes")

        self.facts_model = CompareFactsModel()
        self.claims_model = ClaimsModel()
        self.facts_table, facts_box = self._table(self.facts_model, "Filter figures and dates…")
        self.claims_table, claims_box = self._table(self.claims_model, "Filter shared claims…")
        self.claims_table.setWordWrap(True)
        self.contradictions = QListWidget()
        self.contradictions.currentItemChanged.connect(self._contradiction_selected)
        self.tabs = QTabWidget()
        self.tabs.addTab(facts_box, "Figures and dates")
        self.tabs.addTab(claims_box, "Shared claims")
        self.tabs.addTab(self.contradictions, "Contradictions")

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("compareSplitter")
        self.splitter.addWidget(self.pane_split)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 220])

        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(pick_scroll)
        lay.addWidget(self.splitter, 1)

    def _table(self, model, placeholder: str) -> tuple[QTableView, QWidget]:
        view = QTableView()
        px = proxy(model, view)
        view.setModel(px)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        model.modelReset.connect(lambda v=view: fit_columns(v))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setVisible(False)
        view.selectionModel().selectionChanged.connect(lambda sel, _old, v=view: self._row_selected(v, sel))
        filt = QLineEdit()
        filt.setPlaceholderText(placeholder)
        filt.setClearButtonEnabled(True)
        filt.textChanged.connect(px.setFilterFixedString)
        box = QWidget()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(filt)
        bl.addWidget(view)
        return view, box

    # content -------------------------------------------------------------------------
    def set_story(
        self, analyses: list[Analysis], comparison: Comparison | None, selected_id: str | None, reason: str = ""
    ) -> None:
        """Show the story; ``analyses`` in story order, ``comparison`` over them (or None)."""
        self.analyses = list(analyses)
        self.comparison = comparison
        self.links = PassageLinks.build(comparison) if comparison is not None else PassageLinks()
        if comparison is not None:
            by_id = {a.id: a for a in analyses}
            self._order = [by_id.get(r.id) for r in comparison.articles]
        else:
            self._order = list(analyses)
        ids = [a.id if a is not None else None for a in self._order]
        self._labels = unique_labels([a.article for a in self._order if a is not None])
        self.selected_id = selected_id if selected_id in ids else (ids[0] if ids else None)
        if comparison is None:
            self.note.setText(reason or "No comparison yet.")
        else:
            dup = ""
            if comparison.duplicates:
                dup = " Near-identical copies: " + ", ".join(
                    f"{self._label(i)} ≈ {self._label(j)} ({s:.0%})" for i, j, s in comparison.duplicates
                )
            self.note.setText(
                f"{len(comparison.alignments)} aligned passage pairs, {len(comparison.unique)} unique passages. "
                "Click a tinted passage to see its counterparts." + dup
            )
        self._build_pickers()
        self._build_panes()
        self._fill_tables()

    def _label(self, i: int) -> str:
        return self._labels[i] if 0 <= i < len(self._labels) else str(i)

    def _build_pickers(self) -> None:
        for box in self.pick_boxes.values():
            self.pick_row.removeWidget(box)
            box.deleteLater()
        self.pick_boxes = {}
        sel = self.selected_index()
        shown = 0
        for i, a in enumerate(self._order):
            if a is None or i == sel:
                continue
            box = QCheckBox(f"{outlet_label(a.article)} ({a.language.language})")
            box.setChecked(shown < MAX_DEFAULT_PANES)
            shown += 1
            box.toggled.connect(self._build_panes)
            self.pick_boxes[i] = box
            self.pick_row.insertWidget(self.pick_row.count() - 1, box)

    def selected_index(self) -> int:
        for i, a in enumerate(self._order):
            if a is not None and a.id == self.selected_id:
                return i
        return 0

    def set_compared(self, indices: list[int]) -> None:
        """Choose which other articles are shown beside the selected one."""
        for i, box in self.pick_boxes.items():
            box.blockSignals(True)
            box.setChecked(i in indices)
            box.blockSignals(False)
        self._build_panes()

    def _build_panes(self, *_args) -> None:
        for p in self.panes:
            p.setParent(None)
            p.deleteLater()
        self.panes = []
        if not self._order:
            return
        indices = [self.selected_index()] + [i for i, box in self.pick_boxes.items() if box.isChecked()]
        for i in indices:
            a = self._order[i] if i < len(self._order) else None
            if a is None:
                continue
            pane = ArticlePane(a, i)
            pane.text.dark = self.dark
            pane.text.set_marks(self._pane_marks(i, a))
            pane.text.clicked.connect(lambda pos, idx=i: self.select_passage(idx, pos))
            self.pane_split.addWidget(pane)
            self.panes.append(pane)
        if self.panes:
            w = max(1, self.pane_split.width() // len(self.panes))
            self.pane_split.setSizes([w] * len(self.panes))

    def _pane_marks(self, i: int, a: Analysis) -> list[Mark]:
        marks = [
            Mark(
                o.start,
                o.end,
                "off_topic",
                o.kind,
                f"Off-topic ({o.kind.replace('_', ' ')}): left out of the comparison",
            )
            for o in a.off_topic
        ]
        if self.comparison is None:
            return marks
        seen: dict[tuple[int, int], list[str]] = {}
        for s, e, other, _os, _oe, score in self.links.by_article.get(i, ()):
            seen.setdefault((s, e), []).append(f"{self._label(other)} ({score:.2f})")
        for (s, e), others in sorted(seen.items()):
            marks.append(Mark(s, e, "aligned", "aligned", "Also reported by: " + ", ".join(others)))
        for u in self.comparison.unique:
            if u.article == i:
                marks.append(
                    Mark(
                        u.start,
                        u.end,
                        "unique",
                        "unique",
                        f"Only in this article (best match elsewhere {u.best_score:.2f})",
                    )
                )
        return [m for m in marks if 0 <= m.start < m.end <= len(a.text)]

    def pane(self, index: int) -> ArticlePane | None:
        for p in self.panes:
            if p.index == index:
                return p
        return None

    def _fill_tables(self) -> None:
        c = self.comparison
        outlets = [self._label(i) for i in range(len(self._order))]
        texts = [a.text if a is not None else "" for a in self._order]
        self.facts_model.set_table(compare_rows(c, texts) if c else [], outlets)
        self.claims_model.set_table(claim_rows(c, texts) if c else [], outlets)
        self.claims_table.resizeRowsToContents()
        self.contradictions.clear()
        if c is not None:
            for k in c.contradictions:
                it = QListWidgetItem(f"{k.kind.replace('_', ' ')}: {k.explanation}")
                it.setData(Qt.ItemDataRole.UserRole, [(s.article, s.start, s.end) for s in k.spans])
                self.contradictions.addItem(it)
        n_dis = sum(1 for r in self.facts_model._rows if r.disagree)
        self.tabs.setTabText(0, f"Figures and dates ({self.facts_model.rowCount()}, {n_dis} differ)")
        self.tabs.setTabText(1, f"Shared claims ({self.claims_model.rowCount()})")
        self.tabs.setTabText(2, f"Contradictions ({self.contradictions.count()})")

    # interaction ------------------------------------------------------------------------
    def select_passage(self, article: int, index: int, scroll_own: bool = False) -> list[tuple[int, int, int]]:
        """Highlight the aligned passage at ``index`` of ``article`` and its counterparts,
        scrolling each shown counterpart into view; returns the counterparts."""
        self.paneClicked.emit(article, index)
        hit = self.links.at(article, index)
        for p in self.panes:
            p.text.clear_highlight()
        if hit is None:
            return []
        (s, e), counterparts = hit
        own = self.pane(article)
        if own is not None:
            own.text.highlight([(s, e)], layer="linked", scroll=scroll_own)
        by_pane: dict[int, list[tuple[int, int]]] = {}
        for other, os_, oe, _score in counterparts:
            by_pane.setdefault(other, []).append((os_, oe))
        for other, spans in by_pane.items():
            pane = self.pane(other)
            if pane is not None:
                pane.text.highlight(spans, layer="linked", scroll=True)
        return [(o, a, b) for o, a, b, _ in counterparts]

    def highlight_spans(self, spans) -> None:
        by_pane: dict[int, list[tuple[int, int]]] = {}
        for art, s, e in spans:
            by_pane.setdefault(art, []).append((s, e))
        for p in self.panes:
            p.text.highlight(by_pane.get(p.index, []), scroll=True)

    def _row_selected(self, view: QTableView, selection: QItemSelection) -> None:
        idx = selection.indexes()
        if idx:
            self.highlight_spans(view.model().data(idx[0], SPAN_ROLE) or ())

    def _contradiction_selected(self, item, _prev=None) -> None:
        if item is not None:
            self.highlight_spans(item.data(Qt.ItemDataRole.UserRole) or ())
