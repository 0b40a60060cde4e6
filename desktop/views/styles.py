"""How each kind of mark looks, in one place, and the legend that shows it.

Every mark has a second cue besides colour (bold, italic, strike-through, an
underline style per source type, an overline), so the palette can be read by
people with any colour vision and in greyscale print-outs.  The legend draws
its swatches with the very formats the text uses (``QTextLayout``), so it cannot
drift from what is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QTextCharFormat, QTextFormat, QTextLayout
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.viewdata import SOURCE_TYPE, SOURCE_TYPES, Mark

LAYER_PROPERTY = QTextFormat.Property.UserProperty + 1
KIND_PROPERTY = QTextFormat.Property.UserProperty + 2
START_PROPERTY = QTextFormat.Property.UserProperty + 3
END_PROPERTY = QTextFormat.Property.UserProperty + 4

_UNDERLINE = {
    "single": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dash": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dot": QTextCharFormat.UnderlineStyle.DotLine,
    "dashdot": QTextCharFormat.UnderlineStyle.DashDotLine,
    "dashdotdot": QTextCharFormat.UnderlineStyle.DashDotDotLine,
}
FOCUS = "#F0E442"  # the highlight for "the spans behind this score" and linked passages
LOADED = "#D55E00"


def _tint(hex_colour: str, alpha: int) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c


def mark_format(mark: Mark, dark: bool = False, with_inserts: bool = False) -> QTextCharFormat:
    """The character format of one mark (tagged with its layer, kind and span)."""
    f = QTextCharFormat()
    layer, kind = mark.layer, mark.kind
    if layer == "off_topic":
        f.setForeground(QColor("#8a8a8a" if not dark else "#9a9a9a"))
        f.setBackground(QColor("#ececec" if not dark else "#3c3c3c"))
        f.setFontItalic(True)
        if not with_inserts:
            f.setFontStrikeOut(True)
    elif layer == "attribution":
        is_cue = kind.startswith("cue:")
        t = kind[4:] if is_cue else kind
        _, _, _, colour, style = SOURCE_TYPE.get(t, (t, t, t, "#777777", "single"))
        f.setBackground(_tint(colour, 120 if is_cue else 55))
        f.setUnderlineStyle(_UNDERLINE.get(style, QTextCharFormat.UnderlineStyle.SingleUnderline))
        f.setUnderlineColor(QColor(colour) if not dark else QColor(colour).lighter(140))
        if is_cue:
            f.setFontWeight(QFont.Weight.Bold)
    elif layer == "loaded":
        f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        f.setUnderlineColor(QColor(LOADED))
    elif layer == "figures":
        f.setBackground(_tint("#4477AA", 60))
        f.setFontOverline(True)
        f.setFontWeight(QFont.Weight.Bold)
    elif layer == "dates":
        f.setBackground(_tint("#228833", 55))
        f.setFontOverline(True)
        f.setFontItalic(True)
    elif layer == "contradictions":
        f.setBackground(_tint("#AA3377", 90))
        f.setFontWeight(QFont.Weight.Bold)
        f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashDotLine)
        f.setUnderlineColor(QColor("#AA3377"))
    elif layer in ("focus", "linked"):
        f.setBackground(QColor(FOCUS))
        f.setForeground(QColor("#000000"))
        if layer == "linked":
            f.setFontWeight(QFont.Weight.Bold)
    elif layer == "aligned":
        f.setBackground(_tint("#88CCEE", 75))
    elif layer == "unique":
        f.setBackground(_tint("#DDCC77", 95))
        f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        f.setUnderlineColor(QColor("#999933"))
    f.setProperty(LAYER_PROPERTY, layer)
    f.setProperty(KIND_PROPERTY, kind)
    f.setProperty(START_PROPERTY, mark.start)
    f.setProperty(END_PROPERTY, mark.end)
    return f


def legend_entries(layers: set[str] | None = None, source_types: set[str] | None = None) -> list[tuple[str, Mark]]:
    """(label, sample mark) for each visible layer; every source type when ``source_types`` is None."""
    out: list[tuple[str, Mark]] = []
    want = (
        layers if layers is not None else {"off_topic", "attribution", "loaded", "figures", "dates", "contradictions"}
    )
    if "off_topic" in want:
        out.append(("Off-topic insert", Mark(0, 1, "off_topic", "promo_headline")))
    if "attribution" in want:
        for tid, label, short, _c, _s in SOURCE_TYPES:
            if source_types is None or tid in source_types:
                out.append((f"{label} [{short}]", Mark(0, 1, "attribution", "cue:" + tid)))
    if "loaded" in want:
        out.append(("Loaded language", Mark(0, 1, "loaded", "loaded")))
    if "figures" in want:
        out.append(("Figure", Mark(0, 1, "figures", "figure")))
    if "dates" in want:
        out.append(("Date", Mark(0, 1, "dates", "date")))
    if "contradictions" in want:
        out.append(("Contradiction", Mark(0, 1, "contradictions", "contradiction")))
    return out


class Legend(QWidget):
    """Swatches drawn with the text's own formats, in columns."""

    SAMPLE = "Abc कखग"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._entries: list[tuple[str, Mark]] = []
        self._dark = False
        self._with_inserts = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_entries(self, entries: list[tuple[str, Mark]], dark: bool = False, with_inserts: bool = False) -> None:
        self._entries = entries
        self._dark = dark
        self._with_inserts = with_inserts
        self.updateGeometry()
        self.update()

    def entries(self) -> list[str]:
        return [label for label, _ in self._entries]

    def _row_h(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        return QSize(260, self._row_h() * max(1, len(self._entries)) + 6)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        sample_w = fm.horizontalAdvance(self.SAMPLE) + 16
        y = 3
        for label, mark in self._entries:
            layout = QTextLayout(self.SAMPLE, self.font())
            fr = QTextLayout.FormatRange()
            fr.start, fr.length = 0, len(self.SAMPLE)
            fr.format = mark_format(mark, self._dark, self._with_inserts)
            layout.setFormats([fr])
            layout.beginLayout()
            line = layout.createLine()
            line.setLineWidth(sample_w)
            layout.endLayout()
            p.fillRect(QRectF(2, y, sample_w, self._row_h() - 2), self.palette().color(QPalette.ColorRole.Base))
            layout.draw(p, QPointF(6, y + 1))
            p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            p.drawText(
                QRectF(sample_w + 8, y, self.width() - sample_w - 10, self._row_h()),
                Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            y += self._row_h()
        p.end()
