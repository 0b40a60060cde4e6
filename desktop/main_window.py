"""The main window: library on the left, article / comparison / dashboard in tabs.

The window holds the current selection and the results that came back from jobs;
every action is a call into :mod:`desktop.tasks` run by the :class:`JobManager`.
Slots only update widgets.  A result for a story or article the user has left is
kept in the cache but not shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QWidget,
)

from analysis.model import Analysis, Article
from desktop import tasks
from desktop.dialogs import ExportDialog, PasteDialog, ProblemsDialog, SettingsDialog, TrainDialog, UrlDialog
from desktop.jobs import JobManager
from desktop.settings import AppSettings, Preferences
from desktop.theme import apply_theme
from desktop.views.article_view import ArticleView
from desktop.views.coding_window import install_coding
from desktop.views.compare_view import CompareView
from desktop.views.dashboard_view import DashboardView
from desktop.views.library_panel import LibraryPanel

VIEWS = ("article", "compare", "dashboard")


class MainWindow(QMainWindow):
    storyShown = Signal(str)  # the story's comparison (or its absence) is on screen
    libraryLoaded = Signal()
    importFinished = Signal(object)  # ImportReport

    def __init__(
        self,
        store_path: str | Path | None = None,
        settings: AppSettings | None = None,
        remember: bool = True,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.remember = remember  # restore and save window state (off for screenshots)
        self.settings = settings or AppSettings()
        self.prefs = self.settings.preferences()
        self.store_path = Path(store_path) if store_path else None
        self.jobs = JobManager(self)
        self.library: tasks.Library | None = None
        self.analyses: dict[str, Analysis] = {}
        self.comparisons: dict[str, tasks.ComparisonResult] = {}
        self.frame_names: dict[str, str] = {}
        self.story_id: str | None = None
        self.article_id: str | None = None
        self.with_inserts = self.prefs.include_off_topic
        self.last_message: tuple[str, str] = ("", "")
        self._dialogs: list[QWidget] = []
        self._warmed = False  # the core's lazy loads are paid once, in the background
        self.failed: set[str] = set()  # articles the core could not analyse (not retried until F5)

        self.setWindowTitle("Parallax")
        self.resize(1360, 860)
        self.setAcceptDrops(True)
        self.article_view = ArticleView()
        self.compare_view = CompareView()
        self.dashboard = DashboardView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.article_view, "Article")
        self.tabs.addTab(self.compare_view, "Compare")
        self.tabs.addTab(self.dashboard, "Dashboard")
        self._stale: set[str] = set()  # views whose data changed while they were hidden
        self.tabs.currentChanged.connect(self._refresh_visible)
        self.setCentralWidget(self.tabs)
        self.article_view.set_with_inserts(self.with_inserts)
        self.article_view.withInsertsChanged.connect(self._inserts_changed)

        self.library_panel = LibraryPanel()
        self.library_panel.setMinimumWidth(340)
        self.dock = QDockWidget("Library", self)
        self.dock.setObjectName("libraryDock")
        self.dock.setWidget(self.library_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.library_panel.storySelected.connect(lambda sid: self.select_story(sid))
        self.library_panel.articleSelected.connect(self.select_article)
        self.library_panel.mergeRequested.connect(self.merge_stories)
        self.library_panel.splitRequested.connect(self.split_story)

        self.status_label = QLabel("")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.cancel_btn = QPushButton("Cancel")
        self.cancel_btn.setToolTip("Stop the running job (Esc)")
        self.cancel_btn.clicked.connect(self.cancel_current)
        sb = self.statusBar()
        sb.addWidget(self.status_label, 1)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_btn)
        self._shown_job: int | None = None
        self._update_progress_area()
        self.jobs.started.connect(self._job_started)
        self.jobs.progressed.connect(self._job_progress)
        self.jobs.ended.connect(self._job_ended)
        self.jobs.error.connect(lambda title, reason: self.show_message("warning", f"{title} failed", reason))

        self._build_menus()
        self.open_coding = install_coding(self)  # the Coding menu: workbench and codebook editor
        if remember:
            self._restore_state()

    # menus and shortcuts -----------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("&File")
        self._action(f, "Open files…", self.open_files, QKeySequence.StandardKey.Open)
        self._action(f, "Open folder…", self.open_folder, "Ctrl+Shift+O")
        self._action(f, "Paste article…", self.paste_article, "Ctrl+Shift+V")
        self._action(f, "Import from URL…", self.import_url, "Ctrl+L")
        f.addSeparator()
        self._action(f, "Export story…", self.export_story, "Ctrl+E")
        f.addSeparator()
        self._action(f, "Settings…", self.open_settings, "Ctrl+,")
        self._action(f, "Quit", self.close, QKeySequence.StandardKey.Quit)
        a = mb.addMenu("&Analysis")
        self._action(a, "Re-analyse story", self.reanalyse, "F5")
        self._action(a, "Group articles into stories", self.group_stories, "Ctrl+G")
        self._action(a, "Train a model from your labels…", self.open_training, "Ctrl+T")
        self._action(a, "Cancel running job", self.cancel_current, "Esc")
        v = mb.addMenu("&View")
        for i, name in enumerate(("Article", "Compare", "Dashboard")):
            self._action(v, name, lambda i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")
        self._action(
            v,
            "Scores with / without inserts",
            lambda: self.article_view.set_with_inserts(not self.with_inserts),
            "Ctrl+I",
        )
        self._action(
            v,
            "Search the library",
            lambda: (self.dock.show(), self.library_panel.search.setFocus()),
            QKeySequence.StandardKey.Find,
        )
        self._action(v, "Show library", lambda: self.dock.setVisible(not self.dock.isVisible()), "Ctrl+B")

    # window state ---------------------------------------------------------------------
    def _restore_state(self) -> None:
        geo = self.settings.bytes_value("window/geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        state = self.settings.bytes_value("window/state")
        if state is not None:
            self.restoreState(state)
        for key, splitter in (
            ("window/article_splitter", self.article_view.splitter),
            ("window/compare_splitter", self.compare_view.splitter),
        ):
            s = self.settings.bytes_value(key)
            if s is not None:
                splitter.restoreState(s)
        view = self.settings.text("window/view", "article")
        self.tabs.setCurrentIndex(VIEWS.index(view) if view in VIEWS else 0)

    def save_state(self) -> None:
        self.settings.set_bytes_value("window/geometry", self.saveGeometry())
        self.settings.set_bytes_value("window/state", self.saveState())
        self.settings.set_bytes_value("window/article_splitter", self.article_view.splitter.saveState())
        self.settings.set_bytes_value("window/compare_splitter", self.compare_view.splitter.saveState())
        self.settings.set_text("window/view", VIEWS[self.tabs.currentIndex()])
        if self.story_id is not None:
            self.settings.set_text("library/story", self.story_id)
        self.settings.sync()

    def closeEvent(self, event) -> None:
        if self.remember:
            self.save_state()
        self.jobs.cancel_all()
        self.jobs.wait(3000)
        super().closeEvent(event)

    # messages and progress ---------------------------------------------------------------
    def show_message(self, level: str, title: str, text: str) -> None:
        """A non-blocking dialog with the reason (and the same line in the status bar)."""
        self.last_message = (title, text)
        self.statusBar().showMessage(f"{title}: {text}", 15000)
        icon = {"warning": QMessageBox.Icon.Warning, "error": QMessageBox.Icon.Critical}.get(
            level, QMessageBox.Icon.Information
        )
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()

    def _job_started(self, job_id: int, title: str) -> None:
        self._shown_job = job_id
        self.status_label.setText(title + "…")
        self._update_progress_area()

    def _job_progress(self, job_id: int, fraction: float, message: str) -> None:
        if job_id == self._shown_job:
            self.progress.setValue(int(fraction * 1000))
            if message:
                self.status_label.setText(message)

    def _job_ended(self, job_id: int, how: str) -> None:
        if job_id == self._shown_job:
            active = self.jobs.active()
            self._shown_job = active[-1].id if active else None
            if how == "cancelled":
                self.statusBar().showMessage("Cancelled", 5000)
            self.status_label.setText(active[-1].title + "…" if active else "")
        self._update_progress_area()

    def _update_progress_area(self) -> None:
        busy = self._shown_job is not None
        self.progress.setVisible(busy)
        self.cancel_btn.setVisible(busy)
        if not busy:
            self.progress.setValue(0)

    def cancel_current(self) -> None:
        if self._shown_job is not None:
            self.jobs.cancel(self._shown_job)

    # the library -------------------------------------------------------------------------
    def start(self, select_story: str | None = None) -> None:
        """Open the project store and show the remembered (or the sample) story."""
        if self.store_path is None:
            return
        self._wanted_story = select_story
        self.jobs.start(
            "library",
            "Opening the project",
            tasks.open_library,
            self.store_path,
            self.prefs.codebook,
            on_done=self._library_loaded,
        )

    def _library_loaded(self, library: tasks.Library) -> None:
        self._set_library(library)
        self.libraryLoaded.emit()
        wanted = getattr(self, "_wanted_story", None) or self.settings.text("library/story", tasks.SAMPLE_STORY_ID)
        ids = [s.id for s in library.stories]
        if wanted not in ids:
            wanted = tasks.SAMPLE_STORY_ID if tasks.SAMPLE_STORY_ID in ids else (ids[0] if ids else None)
        if wanted is not None:
            # next turn of the event loop: the tree is drawn before the article is laid out
            QTimer.singleShot(0, lambda sid=wanted: self.select_story(sid))

    def _set_library(self, library: tasks.Library) -> None:
        self.library = library
        self.frame_names = library.frame_names
        self.library_panel.set_library(library)

    def select_story(self, story_id: str, article_id: str | None = None) -> None:
        if self.library is None:
            return
        arts = self.library.story_articles(story_id)
        if not arts:
            return
        if story_id != self.story_id:
            self.story_id = story_id
            self._stale.update(("compare", "dashboard"))
        self.article_id = (
            article_id
            if article_id in {a.id for a in arts}
            else (self.article_id if self.article_id in {a.id for a in arts} else arts[0].id)
        )
        self.library_panel.select(story_id, self.article_id, emit=False)
        label = next((s.label for s in self.library.stories if s.id == story_id), "")
        self.setWindowTitle(f"Parallax — {label}")
        missing = [a for a in arts if a.id not in self.analyses and (a.path or a.title or a.id) not in self.failed]
        if missing:
            self.jobs.start(
                "analysis",
                f"Analysing {len(missing)} article{'s' if len(missing) != 1 else ''}",
                tasks.analyse_articles,
                missing,
                self.prefs.core(),
                self.store_path,
                on_done=lambda res, sid=story_id: self._analysed(sid, res),
            )
            self._show_article()
        else:
            self._show_story()

    def select_article(self, story_id: str, article_id: str) -> None:
        if story_id != self.story_id:
            self.select_story(story_id, article_id)
            return
        self.article_id = article_id
        self._show_article()
        self._stale.add("compare")
        self._refresh_visible()

    def _analysed(self, story_id: str, results: tasks.AnalysisBatch) -> None:
        self.analyses.update(results)
        problems = getattr(results, "problems", [])
        if problems:
            self.failed.update(p.path for p in problems)
            self.show_message(
                "warning", "Some articles could not be analysed", "\n".join(f"{p.path}: {p.reason}" for p in problems)
            )
        for aid, an in results.items():
            self.library_panel.set_language(aid, an.language.language)
        if story_id == self.story_id:
            self._show_story()

    def story_analyses(self, story_id: str | None = None) -> list[Analysis]:
        if self.library is None:
            return []
        arts = self.library.story_articles(story_id or self.story_id or "")
        return [self.analyses[a.id] for a in arts if a.id in self.analyses]

    def _show_article(self) -> None:
        an = self.analyses.get(self.article_id or "")
        if an is None:
            self.article_view.set_analysis(None)
            art = self.library.articles.get(self.article_id or "") if self.library else None
            failed = art is not None and (art.path or art.title or art.id) in self.failed
            self.article_view.title.setText(
                "This article could not be analysed (see the message)" if failed else "Analysing…"
            )
            return
        if self.article_view.analysis is not an:
            self.article_view.set_analysis(an, self.frame_names)

    def _show_story(self) -> None:
        self._show_article()
        sid = self.story_id
        if sid is None:
            return
        if sid in self.comparisons:
            self._show_comparison()
            return
        analyses = self.story_analyses(sid)
        self._stale.update(("compare", "dashboard"))
        self._refresh_visible()
        self.jobs.start(
            "compare",
            "Comparing the coverage",
            tasks.compare_analyses,
            analyses,
            on_done=lambda res, sid=sid: self._compared(sid, res),
            on_error=lambda reason, sid=sid: self._compared(
                sid, tasks.ComparisonResult(None, f"the comparison failed: {reason}")
            ),
        )

    def _compared(self, story_id: str, result: tasks.ComparisonResult) -> None:
        self.comparisons[story_id] = result
        if not self._warmed:
            # the models load after the first comparison is on screen, not beside it:
            # both want the interpreter, and the researcher is waiting for the comparison
            self._warmed = True
            self.jobs.start("warmup", "Preparing the models", tasks.warm_up, self.prefs.core())
        if story_id == self.story_id:
            self._show_comparison()

    def _show_comparison(self) -> None:
        """Mark the comparison and dashboard out of date and redraw the one on screen;
        the other is drawn when its tab is opened (a 200-article story would otherwise
        hold the event loop while two hidden views rebuild)."""
        self._stale.update(("compare", "dashboard"))
        self._refresh_visible()
        self.storyShown.emit(self.story_id or "")

    def _refresh_visible(self, *_args) -> None:
        view = VIEWS[self.tabs.currentIndex()]
        if view not in self._stale:
            return
        self._stale.discard(view)
        sid = self.story_id or ""
        res = self.comparisons.get(sid)
        analyses = self.story_analyses(sid)
        comparison = res.comparison if res else None
        if view == "compare":
            reason = res.reason if res else ("Comparing the coverage…" if analyses else "")
            self.compare_view.set_story(analyses, comparison, self.article_id, reason)
        elif view == "dashboard":
            self.dashboard.set_story(analyses, comparison, self.frame_names, self.with_inserts, self._story_label(sid))

    def _story_label(self, sid: str) -> str:
        if self.library is None:
            return ""
        return next((s.label for s in self.library.stories if s.id == sid), "")

    def _inserts_changed(self, on: bool) -> None:
        self.with_inserts = on
        self._stale.add("dashboard")
        self._refresh_visible()

    def reanalyse(self) -> None:
        self.analyses.clear()
        self.failed.clear()
        self.comparisons.clear()
        if self.story_id:
            sid, self.story_id = self.story_id, None
            self.select_story(sid, self.article_id)

    # screenshot mode and tests: show a story without the store -------------------------------
    def present(
        self, analyses: list[Analysis], comparison: tasks.ComparisonResult, frame_names: dict[str, str], label: str
    ) -> None:
        sid = "presented"
        arts = {a.id: a.article for a in analyses}
        from analysis.store import Story

        self._set_library(tasks.Library((Story(sid, label, tuple(arts)),), arts, frame_names))
        self.analyses.update({a.id: a for a in analyses})
        self.comparisons[sid] = comparison
        self.story_id = sid
        self.article_id = analyses[0].id if analyses else None
        self.library_panel.select(sid, self.article_id or "", emit=False)
        self.setWindowTitle(f"Parallax — {label}")
        self._show_story()

    # import -----------------------------------------------------------------------------
    def open_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Open articles",
            "",
            "Articles and tables (*.txt *.md *.html *.htm *.csv *.jsonl *.json *.xlsx);;All files (*)",
        )
        if paths:
            self.import_paths(paths)

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of articles")
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> int | None:
        if self.store_path is None:
            return None
        return self.jobs.start(
            "import", f"Importing {len(paths)} input{'s' if len(paths) != 1 else ''}", tasks.import_inputs,
            self.store_path, list(paths), self.prefs.core(), on_done=self._imported,
        )  # fmt: skip

    def import_articles(self, articles: list[Article], label: str | None = None) -> int | None:
        if self.store_path is None:
            return None
        return self.jobs.start(
            "import", "Importing the pasted article", tasks.import_inputs, self.store_path, (), self.prefs.core(), list(articles), label,
            on_done=self._imported,
        )  # fmt: skip

    def paste_article(self, text: str = "") -> None:
        dlg = PasteDialog(self)
        dlg.text.setPlainText(text)
        if dlg.exec() != PasteDialog.DialogCode.Accepted:
            return
        v = dlg.value()
        try:
            art = tasks.pasted_article(v.text, v.title, v.outlet, v.date)
        except ValueError as exc:
            self.show_message("warning", "Nothing to import", str(exc))
            return
        self.import_articles([art])

    def import_url(self) -> None:
        dlg = UrlDialog(self)
        if dlg.exec() != UrlDialog.DialogCode.Accepted or not dlg.url.text().strip():
            return
        self.start_url_import(dlg.url.text().strip(), float(dlg.timeout.value()))

    def start_url_import(self, url: str, timeout: float = 15.0) -> int | None:
        if self.store_path is None:
            return None
        return self.jobs.start(
            "import", f"Fetching {url}", tasks.import_url, self.store_path, url, timeout, self.prefs.core(),
            on_done=self._imported, on_error=lambda reason: self.show_message("warning", "Could not import the URL", reason),
        )  # fmt: skip

    def _imported(self, report: tasks.ImportReport) -> None:
        self.analyses.update(report.analyses)
        self.importFinished.emit(report)
        if report.problems:
            dlg = ProblemsDialog(list(report.problems), report.summary(), self)
            dlg.setModal(False)
            dlg.show()
            self._dialogs.append(dlg)
        self.statusBar().showMessage(report.summary(), 10000)
        if report.story_id:
            self.start(select_story=report.story_id)
        elif not report.problems:
            self.show_message("warning", "Nothing imported", "no article text was found")

    def dragEnterEvent(self, event) -> None:
        md = event.mimeData()
        if md.hasUrls() and any(u.isLocalFile() for u in md.urls()) or md.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        md = event.mimeData()
        paths = [u.toLocalFile() for u in md.urls() if u.isLocalFile()] if md.hasUrls() else []
        if paths:
            self.import_paths(paths)
            event.acceptProposedAction()
        elif md.hasText():
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda t=md.text(): self.paste_article(t))

    # stories ------------------------------------------------------------------------------
    def group_stories(self) -> None:
        if self.store_path is None or self.library is None:
            return
        arts = list(self.library.articles.values())
        self.jobs.start(
            "stories",
            "Grouping articles into stories",
            tasks.analyse_and_group,
            self.store_path,
            arts,
            self.prefs.core(),
            on_done=self._grouped,
        )

    def _grouped(self, result) -> None:
        library, analyses = result
        self.analyses.update(analyses)
        self.comparisons.clear()
        self._set_library(library)
        if library.stories:
            self.story_id = None
            self.select_story(library.stories[0].id)

    def merge_stories(self, keep: str, other: str) -> None:
        if self.store_path is None:
            return
        self.comparisons.pop(keep, None)
        self.jobs.start(
            "stories",
            "Merging stories",
            tasks.merge_stories,
            self.store_path,
            keep,
            other,
            self.prefs.codebook,
            on_done=self._restructured,
        )

    def split_story(self, story_id: str, article_ids: list, label: str) -> None:
        if self.store_path is None:
            return
        self.comparisons.pop(story_id, None)
        self.jobs.start(
            "stories", "Splitting the story", tasks.split_story, self.store_path, story_id, list(article_ids), label, self.prefs.codebook,
            on_done=self._restructured,
        )  # fmt: skip

    def _restructured(self, library: tasks.Library) -> None:
        self._set_library(library)
        sid = (
            self.story_id
            if any(s.id == self.story_id for s in library.stories)
            else (library.stories[0].id if library.stories else None)
        )
        self.story_id = None
        if sid:
            self.select_story(sid)

    # export and settings --------------------------------------------------------------------
    def export_story(self) -> None:
        analyses = self.story_analyses()
        if not analyses:
            self.show_message("info", "Nothing to export", "select an analysed story first")
            return
        name = str(Path.home() / f"parallax-{(self.story_id or 'story')[:24]}")
        dlg = ExportDialog(tasks.export_formats(), name, self)
        if dlg.exec() != ExportDialog.DialogCode.Accepted:
            return
        self.start_export(dlg.choice())

    def start_export(self, choice) -> int:
        res = self.comparisons.get(self.story_id or "")
        return self.jobs.start(
            "export", "Exporting", tasks.export_story, choice.path, self.story_analyses(), res.comparison if res else None,
            choice.fmt, choice.include_comparison, choice.excel_safe, self._export_settings(),
            on_done=lambda path: self.statusBar().showMessage(f"Exported to {path}", 10000),
        )  # fmt: skip

    def open_training(self) -> None:
        dlg = TrainDialog(tasks.TRAIN_TASKS, self)
        if dlg.exec() == TrainDialog.DialogCode.Accepted and dlg.data.text().strip():
            self.start_training(dlg.task.currentData(), dlg.data.text().strip())

    def start_training(self, task: str, data: str, out_root: str | None = None) -> int:
        return self.jobs.start(
            "training", f"Training the {task} model", tasks.train_model, task, data, out_root,
            on_done=self._trained, on_error=lambda reason: self.show_message("warning", "Training failed", reason),
        )  # fmt: skip

    def _trained(self, result) -> None:
        folder, card = result
        from dataclasses import replace

        self.apply_preferences(replace(self.prefs, model_dir=folder))
        metrics = (card.get("cv") or {}).get("metrics") or {}
        shown = ", ".join(f"{k} {v:.2f}" for k, v in metrics.items() if isinstance(v, (int, float)))
        self.show_message(
            "info",
            "Model trained",
            f"Saved in {folder}; new analyses use it." + (f" Cross-validated: {shown}." if shown else ""),
        )

    def _export_settings(self) -> dict:
        p = self.prefs
        return {
            "offtopic_threshold": p.offtopic_threshold,
            "include_off_topic": p.include_off_topic,
            "codebook": p.codebook,
            "with_inserts_view": self.with_inserts,
        }

    def open_settings(self) -> None:
        dlg = SettingsDialog(self.prefs, tasks.available_codebooks(), self)
        if dlg.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_preferences(dlg.preferences())

    def apply_preferences(self, prefs: Preferences) -> None:
        old = self.prefs
        self.prefs = prefs
        self.settings.save_preferences(prefs)
        app = QApplication.instance()
        if isinstance(app, QApplication) and (prefs.theme != old.theme or prefs.font_size != old.font_size):
            apply_theme(app, prefs.theme, prefs.font_size)
            self.article_view.set_dark(prefs.theme == "dark")
        if prefs.core() != old.core():
            self.article_view.set_with_inserts(prefs.include_off_topic)
            if prefs.codebook != old.codebook:
                self.start(select_story=self.story_id)
            self.reanalyse()
