"""Application set-up: QApplication, bundled fonts, theme, crash handler, screenshots.

``run_app(args)`` is what ``parallax`` / ``parallax gui`` call (through
``desktop.launcher``).  With ``--screenshot FILE --view article|compare|dashboard``
it renders that view offscreen for the sample story (or the given PATHs) and
exits without touching the project store.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import platform
import sys
import threading
import traceback
from pathlib import Path

from analysis import __version__

log = logging.getLogger("parallax")
SCREENSHOT_SIZE = (1500, 940)


# --- crash handler -------------------------------------------------------------------------


def crash_log_dir() -> Path:
    from analysis.store import default_data_dir

    return default_data_dir() / "logs"


def write_crash_log(exc_type, exc, tb) -> Path:
    """Write the traceback and the versions to a new file in the user data folder."""
    folder = crash_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.log"
    try:
        from PySide6 import __version__ as pyside_version
    except ImportError:  # pragma: no cover
        pyside_version = "unknown"
    body = (
        f"Parallax {__version__} crash report\n"
        f"time: {_dt.datetime.now().isoformat()}\n"
        f"python: {sys.version.split()[0]}  PySide6: {pyside_version}  platform: {platform.platform()}\n\n"
        + "".join(traceback.format_exception(exc_type, exc, tb))
    )
    path.write_text(body, encoding="utf-8")
    return path


def install_crash_handler() -> None:
    """Unexpected errors are logged and explained in a dialog; the app keeps running."""

    def handler(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            path = write_crash_log(exc_type, exc, tb)
        except OSError:
            path = None
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        _tell_user(exc, path)

    sys.excepthook = handler
    threading.excepthook = lambda a: handler(a.exc_type, a.exc_value, a.exc_traceback)


def _tell_user(exc: BaseException, path: Path | None) -> None:
    from PySide6.QtCore import Qt, QThread
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance()
    where = f"A report was written to:\n{path}" if path else "The report could not be written."
    text = f"Parallax hit an unexpected error ({exc.__class__.__name__}: {exc}).\n\n{where}\n\nYour project is saved; you can keep working."
    print(f"parallax: {text}", file=sys.stderr)
    if app is None or QThread.currentThread() is not app.thread() or os.environ.get("PARALLAX_NO_DIALOGS"):
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Parallax: unexpected error", text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setModal(False)
    box.show()


# --- application ---------------------------------------------------------------------------


def make_app(argv: list[str] | None = None, offscreen: bool = False):
    """The QApplication with fonts, theme and icon set (reused if one exists)."""
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from analysis.resources import resource_path
    from desktop.settings import AppSettings
    from desktop.theme import apply_theme, register_fonts

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Parallax")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Parallax")
    register_fonts()
    prefs = AppSettings().preferences()
    apply_theme(app, prefs.theme, prefs.font_size)
    icon = resource_path("icons", "parallax.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run_app(args) -> int:
    paths = list(getattr(args, "paths", None) or [])
    shot = getattr(args, "screenshot", None)
    if shot:
        return screenshot(shot, getattr(args, "view", None) or "article", paths)
    app = make_app()
    install_crash_handler()
    from analysis.store import StoreError, default_store_path
    from desktop.main_window import MainWindow

    win = MainWindow(store_path=default_store_path())
    win.show()
    try:
        win.start()
    except StoreError as exc:
        win.show_message("error", "Cannot open the project", str(exc))
    if paths:
        win.import_paths(paths)
    return app.exec()


def screenshot(out: str, view: str, paths: list[str], size: tuple[int, int] = SCREENSHOT_SIZE) -> int:
    """Render one view of the sample story (or ``paths``) to ``out`` and return."""
    app = make_app(offscreen=True)
    from desktop import tasks
    from desktop.main_window import VIEWS, MainWindow
    from desktop.settings import AppSettings

    if view not in VIEWS:
        print(f"parallax: --view must be one of {', '.join(VIEWS)}", file=sys.stderr)
        return 2
    prefs = AppSettings().preferences()
    try:
        analyses, problems = tasks.load_story(paths, prefs.core())
    except Exception as exc:  # models missing or broken: say so, no traceback
        print(f"parallax: could not analyse the articles: {exc}", file=sys.stderr)
        return 1
    for p in problems:
        print(p.line(), file=sys.stderr)
    if not analyses:
        print("parallax: nothing to show (no input could be read)", file=sys.stderr)
        return 2
    try:
        comparison = tasks.compare_analyses(analyses)
    except Exception as exc:  # the picture still shows the articles
        print(f"parallax: the comparison failed: {exc}", file=sys.stderr)
        comparison = tasks.ComparisonResult(None, f"the comparison failed: {exc}")
    label = "Sample story (SAMPLE, fictional outlets)" if not paths else f"{len(analyses)} articles"
    win = MainWindow(store_path=None, remember=False)
    win.resize(*size)
    win.present(analyses, comparison, tasks.frame_names(prefs.codebook), label)
    win.tabs.setCurrentIndex(VIEWS.index(view))
    win.show()
    for _ in range(5):
        app.processEvents()
    if view == "compare":
        _demo_link(win)
    elif view == "article":
        _demo_focus(win)
    app.processEvents()
    image = win.grab()
    log.info("screenshot %dx%d", image.width(), image.height())
    ok = image.save(out)
    win.close()
    if not ok:
        print(f"parallax: could not write the screenshot to {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


def _demo_link(win) -> None:
    """Click the first aligned passage so the picture shows linked counterparts."""
    cv = win.compare_view
    comp = cv.comparison
    if comp is None or not comp.alignments or not cv.panes:
        return
    first = cv.panes[0].index
    figures = [(f.start, f.end) for f in cv.panes[0].analysis.scores.figures]
    hits = [al for al in comp.alignments if first in (al.a, al.b)]
    spans = [(al.a_start, al.a_end) if al.a == first else (al.b_start, al.b_end) for al in hits]
    # prefer a passage that reports a figure: the picture then shows how outlets differ
    with_figure = [s for s in spans if any(s[0] <= f0 < s[1] for f0, _ in figures)]
    chosen = (with_figure or spans or [None])[0]
    if chosen is not None:
        cv.select_passage(first, chosen[0], scroll_own=True)


def _demo_focus(win) -> None:
    """Select one score (state-media attributions, else the inserts) so the picture
    shows a score's evidence highlighted in the text."""
    from desktop.views.article_view import SPANS_ROLE

    item = win.article_view.score_item("State media") or win.article_view.score_item("Off-topic")
    if item is not None and item.data(0, SPANS_ROLE):
        win.article_view.scores.setCurrentItem(item)
