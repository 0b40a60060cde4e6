"""Render the hand-drawn SVG icon to the PNG the window and the bundle use.

Run ``python -m desktop.icon`` after editing ``resources/icons/parallax.svg``.
A PNG is shipped as well as the SVG because window managers and PyInstaller want
a bitmap, and rendering it at start-up would cost time on every launch.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def render_icon(svg: Path, png: Path, size: int = 256) -> Path:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(png)):
        raise OSError(f"could not write {png}")
    return png


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from analysis.resources import resource_path

    print(render_icon(resource_path("icons", "parallax.svg"), resource_path("icons", "parallax.png")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
