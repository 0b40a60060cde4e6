"""The main window end to end (offscreen): sample story on start, import with a bad
file, Cancel leaves the store unchanged, stale results dropped, state remembered."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from analysis.store import Store
from desktop import tasks
from desktop.main_window import MainWindow
from desktop.settings import AppSettings, Preferences


def _snapshot(path: Path) -> tuple:
    with Store(path) as s:
        return sorted(a.id for a in s.articles()), sorted((st.id, st.article_ids) for st in s.stories())


@pytest.fixture
def window(qtbot, tmp_path):
    win = MainWindow(store_path=tmp_path / "project.sqlite", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.storyShown, timeout=60000):
        win.start()
    qtbot.waitUntil(lambda: not win.jobs.running(), timeout=60000)  # the comparison and the warm-up
    yield win
    win.jobs.cancel_all()
    win.jobs.wait(5000)


def _write_inputs(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        if i % 2:
            text = f"अधिकारियों ने बताया कि जिले {i} में बाढ़ से {i + 10} लोग घायल हुए।\nराहत दल भेजे गए।"
        else:
            text = f"Officials in district {i} said {i + 10} people were hurt in the floods.\nRelief teams were sent."
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")


def test_starts_on_the_sample_story(window):
    assert window.story_id == tasks.SAMPLE_STORY_ID
    av = window.article_view
    assert av.analysis is not None and av.analysis.article.sample
    assert av.badge.isVisibleTo(window)
    assert av.text.toPlainText().startswith(av.analysis.text.split("\n")[0])
    assert window.compare_view.panes == []  # hidden views are drawn when opened
    window.tabs.setCurrentIndex(1)
    assert len(window.compare_view.panes) >= 2
    window.tabs.setCurrentIndex(2)
    assert len(window.dashboard.offtopic.rows) == 5  # the charts got the story
    assert "Sample" in window.windowTitle() or "SAMPLE" in window.windowTitle()
    assert window.library_panel.tree.topLevelItemCount() == 1


def test_import_reports_a_bad_file_and_imports_the_rest(qtbot, window, tmp_path):
    folder = tmp_path / "in"
    _write_inputs(folder, 2)
    (folder / "scan.txt").write_bytes(b"%PDF-1.7 not text")
    with qtbot.waitSignal(window.importFinished, timeout=60000) as sig:
        window.import_paths([str(folder)])
    report = sig.args[0]
    assert [Path(p.path).name for p in report.problems] == ["scan.txt"]
    assert len(report.article_ids) == 2
    dlg = window._dialogs[-1]
    assert dlg.isVisible() and dlg.table.rowCount() == 1
    assert "PDF" in dlg.table.item(0, 1).text()
    qtbot.waitUntil(lambda: window.story_id == report.story_id, timeout=30000)
    ids, stories = _snapshot(window.store_path)
    assert set(report.article_ids) <= set(ids)


def test_cancel_stops_the_import_and_the_store_is_unchanged(qtbot, window, tmp_path):
    folder = tmp_path / "many"
    _write_inputs(folder, 60)
    before = _snapshot(window.store_path)
    stopped: dict[int, float] = {}
    window.jobs.stopped.connect(lambda job_id, secs: stopped.__setitem__(job_id, secs))
    steps: dict[str, float] = {}  # when each article's analysis was first reported
    window.jobs.progressed.connect(
        lambda _id, f, m: steps.setdefault(m, time.monotonic()) if m.startswith("analysing") else None
    )
    job = window.import_paths([str(folder)])
    qtbot.waitUntil(lambda: len(steps) >= 3, timeout=60000)
    assert window.cancel_btn.isVisible()
    t0 = time.monotonic()
    window.cancel_current()
    # the window forgets the job at once ...
    assert not window.jobs.is_active(job) and not window.cancel_btn.isVisible()
    qtbot.waitUntil(lambda: job in stopped, timeout=10000)
    # ... and the worker stops at its next progress call: within 0.5 s, plus at most the
    # one article step the core was in (slow only on a heavily loaded machine)
    times = sorted(steps.values())
    step = max(b - a for a, b in zip(times, times[1:]))
    assert time.monotonic() - t0 < 0.5 + step
    assert _snapshot(window.store_path) == before


def test_result_for_a_story_the_user_left_is_not_shown(qtbot, window, tmp_path):
    folder = tmp_path / "other"
    _write_inputs(folder, 2)
    with qtbot.waitSignal(window.importFinished, timeout=60000) as sig:
        window.import_paths([str(folder)])
    other = sig.args[0].story_id
    qtbot.waitUntil(lambda: window.story_id == other and window.article_view.analysis is not None, timeout=30000)
    window.analyses.clear()
    window.select_story(tasks.SAMPLE_STORY_ID)  # starts analysing the sample story
    window.select_story(other)  # ... and the user moves on at once
    qtbot.waitUntil(lambda: not window.jobs.running(), timeout=60000)
    qtbot.wait(50)
    assert window.story_id == other
    assert window.article_view.analysis.id in sig.args[0].article_ids


def test_selecting_an_article_shows_it(qtbot, window):
    lib = window.library
    second = lib.story_articles(tasks.SAMPLE_STORY_ID)[1]
    window.tabs.setCurrentIndex(1)
    window.library_panel.select(tasks.SAMPLE_STORY_ID, second.id)
    assert window.article_view.analysis.id == second.id
    assert window.compare_view.panes[0].analysis.id == second.id  # the selected article comes first


def test_library_search_filters_articles(window):
    panel = window.library_panel
    panel.search.setText("Meridian")
    assert len(panel.visible_article_ids()) == 1
    panel.search.setText("")
    panel.language.setCurrentIndex(panel.language.findData("hi"))
    visible = panel.visible_article_ids()
    assert visible and all(window.analyses[i].language.language == "hi" for i in visible)


def test_settings_change_persists_and_reanalyses(qtbot, window):
    window.apply_preferences(Preferences(offtopic_threshold=0.4, include_off_topic=False, font_size=12, theme="dark"))
    assert AppSettings(window.settings.path).preferences().offtopic_threshold == 0.4
    assert window.article_view.dark
    qtbot.waitUntil(lambda: window.article_view.analysis is not None and not window.jobs.running(), timeout=60000)
    assert window.article_view.analysis.provenance["settings"]["offtopic_threshold"] == 0.4


def test_window_state_is_remembered(qtbot, tmp_path):
    settings = AppSettings(tmp_path / "s.ini")
    win = MainWindow(store_path=None, settings=settings)
    qtbot.addWidget(win)
    win.show()
    win.tabs.setCurrentIndex(2)
    win.article_view.splitter.setSizes([300, 250])
    sizes = win.article_view.splitter.sizes()
    win.dock.hide()
    win.close()
    again = MainWindow(store_path=None, settings=AppSettings(tmp_path / "s.ini"))
    qtbot.addWidget(again)
    again.show()
    assert again.tabs.currentIndex() == 2
    assert not again.dock.isVisible()
    got = again.article_view.splitter.sizes()
    assert abs(got[0] / sum(got) - sizes[0] / sum(sizes)) < 0.02  # the proportions come back


def test_dropping_files_starts_an_import(qtbot, window, tmp_path):
    folder = tmp_path / "drop"
    _write_inputs(folder, 1)
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(folder / "a000.txt"))])
    ev = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, md, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(window.importFinished, timeout=60000) as sig:
        window.dropEvent(ev)
    assert len(sig.args[0].article_ids) == 1


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_url_import_offline_shows_the_reason(qtbot, window):
    window.start_url_import("https://example.org/story", timeout=2)
    qtbot.waitUntil(lambda: window.last_message[0] == "Could not import the URL", timeout=10000)
    assert "online" in window.last_message[1]


def test_main_actions_have_shortcuts(window):
    shortcuts = {a.text(): a.shortcut().toString() for a in window.actions()}
    for name in (
        "Open files…",
        "Open folder…",
        "Paste article…",
        "Import from URL…",
        "Export story…",
        "Settings…",
        "Cancel running job",
    ):
        assert shortcuts.get(name), name


def test_export_of_the_current_story(qtbot, window, tmp_path):
    from desktop.dialogs import ExportChoice

    out = tmp_path / "story.json"
    done = []
    window.jobs.ended.connect(lambda _id, how: done.append(how))
    window.start_export(ExportChoice(str(out), "json", True, False))
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    assert done == ["done"] and out.exists()


def test_training_runs_in_a_job_and_switches_to_the_new_model(qtbot, window, tmp_path, monkeypatch):
    calls = []

    def fake_train_to(task, data, folder, quick=False, progress=None):
        progress(0.5, "fitting")
        calls.append((task, data, str(folder)))
        return {"id": "m1", "cv": {"metrics": {"f1": 0.81}}}

    import analysis.training.cli as training_cli

    monkeypatch.setattr(training_cli, "train_to", fake_train_to)
    window.start_training("loaded", str(tmp_path / "labels.jsonl"), str(tmp_path / "models"))
    qtbot.waitUntil(lambda: window.last_message[0] == "Model trained", timeout=30000)
    assert calls == [("loaded", str(tmp_path / "labels.jsonl"), str(tmp_path / "models" / "loaded"))]
    assert window.prefs.model_dir == str(tmp_path / "models")
    assert AppSettings(window.settings.path).preferences().model_dir == str(tmp_path / "models")
    assert "f1 0.81" in window.last_message[1]


def test_training_failure_is_a_message(qtbot, window, tmp_path):
    window.start_training("framing", str(tmp_path / "missing.jsonl"), str(tmp_path / "models"))
    qtbot.waitUntil(lambda: window.last_message[0] == "Training failed", timeout=30000)
    assert window.last_message[1]
