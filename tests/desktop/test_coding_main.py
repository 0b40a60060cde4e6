"""The coding workbench inside the app: the Coding menu, following the selected article,
and the coder's codings shown in the main window's article view."""

from __future__ import annotations

import pytest

from desktop.main_window import MainWindow
from desktop.settings import AppSettings

WAIT = 60000


@pytest.fixture
def window(qtbot, tmp_path):
    settings = AppSettings(tmp_path / "settings.ini")
    settings.set_text("coding/coder", "रीना")  # no coder dialog in a test
    win = MainWindow(store_path=tmp_path / "project.sqlite", settings=settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.storyShown, timeout=WAIT):
        win.start()
    qtbot.waitUntil(lambda: not win.jobs.running(), timeout=WAIT)
    yield win
    win.jobs.cancel_all()
    win.jobs.wait(10000)


def test_coding_menu_opens_the_workbench_on_the_current_article(qtbot, window):
    texts = {a.text(): a.shortcut().toString() for a in window.actions()}
    assert texts.get("Coding workbench…") == "Ctrl+K"
    cw = window.open_coding()
    assert cw is window.open_coding()  # one workbench
    qtbot.waitUntil(lambda: cw.session is not None, timeout=WAIT)
    assert cw.coder == "रीना" and cw.original.id == window.article_id
    an = cw.original
    needle = "बिना शर्त" if an.language.language == "hi" else "unconditionally"
    i = an.text.index(needle)
    cw.view.text.select_span(i, i + len(needle))
    cw.view.buttons["loaded"].click()
    qtbot.waitUntil(
        lambda: (i, i + len(needle)) in [(x.start, x.end) for x in window.article_view.analysis.scores.loaded_language],
        timeout=WAIT,
    )
    assert window.analyses[an.id] is window.article_view.analysis  # the views read the coded values
    # the workbench keeps the model's own analysis: the coded one is swapped back
    cw.set_article(window.analyses[an.id])
    assert cw.original is an
    other = next(a for a in window.library.story_articles(window.story_id) if a.id != an.id)
    window.select_article(window.story_id, other.id)
    qtbot.waitUntil(lambda: cw.session is not None and cw.session.article.id == other.id, timeout=WAIT)


def test_switching_models_from_the_workbench_switches_the_app(qtbot, window, tmp_path):
    cw = window.open_coding()
    folder = tmp_path / "coded-models"
    folder.mkdir()
    cw.use_model(str(folder))
    assert window.prefs.model_dir == str(folder)
    cw.use_model("")
    assert window.prefs.model_dir == ""
