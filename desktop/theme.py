"""Fonts and light/dark palettes for the whole application.

Hindi must render from the bundled Noto Sans Devanagari (registered with
``QFontDatabase``), never from whatever the system happens to have; the same font
carries Latin, so it is the application font.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from analysis.resources import resource_path

UI_FAMILY = "Noto Sans Devanagari"
_registered: list[str] = []


def register_fonts(folder: Path | None = None) -> list[str]:
    """Register every bundled font once; returns the families Qt now knows from them."""
    if _registered:
        return list(_registered)
    folder = folder or resource_path("fonts")
    for f in sorted(folder.glob("*.[ot]tf")):
        fid = QFontDatabase.addApplicationFont(str(f))
        if fid >= 0:
            for fam in QFontDatabase.applicationFontFamilies(fid):
                if fam not in _registered:
                    _registered.append(fam)
    return list(_registered)


def app_font(size: int) -> QFont:
    """The UI font: the bundled family first, the system sans-serif as fallback (emoji)."""
    f = QFont()
    f.setFamilies([UI_FAMILY, "Noto Sans", "DejaVu Sans", "sans-serif"])
    f.setPointSize(size)
    return f


def dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor(30, 30, 32), QColor(43, 43, 46), QColor(228, 228, 228)
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor(38, 38, 41)),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, QColor(60, 60, 64)),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Highlight, QColor(68, 119, 170)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150)),
        (QPalette.ColorRole.Link, QColor(136, 204, 238)),
    ):
        p.setColor(role, colour)
    return p


def light_palette() -> QPalette:
    p = QApplication.style().standardPalette()
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(244, 244, 246))
    return p


def apply_theme(app: QApplication, theme: str, font_size: int) -> None:
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else light_palette())
    app.setFont(app_font(font_size))
