"""The dashboard: per-outlet charts of the story and the frame-divergence heat map.

Readability gets one panel per language, each with its own axes: a Hindi
words-per-sentence figure and an English Flesch score are not on one scale.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from analysis.model import Analysis, Comparison
from desktop.viewdata import (
    PATTERNS,
    SOURCE_TYPE,
    attribution_series,
    divergence_matrix,
    frame_colour,
    frame_series,
    offtopic_series,
    readability_panels,
)
from desktop.views.charts import BarChart, HeatMap, StackedBarChart


class DashboardView(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        self.heading = QLabel("No story selected")
        f = self.heading.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.heading.setFont(f)
        self.frames = StackedBarChart("Frame distribution (share of each article's text)")
        self.attribution = StackedBarChart("Attribution profile: attributions by source type")
        self.offtopic = BarChart("Off-topic inserts found", colour="#888888")
        self.divergence = HeatMap("Frame divergence between articles (Jensen-Shannon, log base 2)")
        self.readability_box = QGroupBox(
            "Readability (one panel per language; scales are not comparable across languages)"
        )
        self.readability_layout = QGridLayout(self.readability_box)
        self.readability_charts: list[BarChart] = []

        grid = QGridLayout()
        grid.addWidget(self.frames, 0, 0, 1, 2)
        grid.addWidget(self.attribution, 1, 0, 1, 2)
        grid.addWidget(self.readability_box, 2, 0, 1, 2)
        grid.addWidget(self.offtopic, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.divergence, 3, 1, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(body)
        lay.addWidget(self.heading)
        lay.addLayout(grid)
        lay.addStretch(1)

    def set_story(
        self,
        analyses: list[Analysis],
        comparison: Comparison | None,
        frame_names: dict[str, str],
        with_inserts: bool = False,
        title: str = "",
    ) -> None:
        self.heading.setText(title or f"{len(analyses)} articles")
        fs = frame_series(analyses, with_inserts, frame_names)
        order = list(frame_names)
        self.frames.set_data(
            fs.rows, fs.category_labels, fs.values, [frame_colour(c, order) for c in fs.categories], note=fs.note
        )
        at = attribution_series(analyses, with_inserts)
        colours = [SOURCE_TYPE.get(c, ("", "", "", "#777777", ""))[3] for c in at.categories]
        patterns = [
            PATTERNS[list(SOURCE_TYPE).index(c) % len(PATTERNS)] if c in SOURCE_TYPE else "solid" for c in at.categories
        ]
        self.attribution.set_data(
            at.rows, at.category_labels, at.values, colours, patterns, percent=False, note=at.note
        )
        off = offtopic_series(analyses)
        self.offtopic.set_data(off.rows, [v[0] for v in off.values])
        m = divergence_matrix(comparison, analyses)
        self.divergence.set_data(m.labels, m.values, note=m.note)
        self._set_readability(analyses, with_inserts)

    def _set_readability(self, analyses: list[Analysis], with_inserts: bool) -> None:
        for c in self.readability_charts:
            self.readability_layout.removeWidget(c)
            c.deleteLater()
        self.readability_charts = []
        panels = readability_panels(analyses, with_inserts)
        for row, panel in enumerate(panels):
            for col, (metric, values) in enumerate(panel.metrics):
                chart = BarChart(f"{panel.title}: {metric}", colour="#4477AA" if panel.language == "en" else "#AA3377")
                chart.set_data([r for r, _ in values], [v for _, v in values])
                self.readability_layout.addWidget(chart, row, col)
                self.readability_charts.append(chart)
        if not panels:
            chart = BarChart("Readability")
            chart.set_data([], [], note="no readability scores")
            self.readability_layout.addWidget(chart, 0, 0)
            self.readability_charts.append(chart)
