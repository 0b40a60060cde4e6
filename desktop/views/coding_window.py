"""The coding workbench: a window beside the main one with the Code, Agreement and
Retrain tabs, the coder's name, the codebook editor and the coding export.

It follows the article selected in the main window.  Every store read and write,
agreement, retraining and export runs as a job of the main window's
:class:`~desktop.jobs.JobManager` (the same progress bar and Cancel); slots only
update widgets.  Changes autosave half a second after the last edit, one save in
flight at a time, and a failed save is queued again.

With "Apply my codings in all views" on, the main window shows the coder's coded
analysis of the article (``coded_by`` decides every value the coder touched); the
model's own analysis is kept here, so undoing a coding brings the model's value back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QFileDialog, QMainWindow, QTabWidget, QWidget

from analysis.coding import workflow
from analysis.coding.codings import CodingSession
from analysis.framing.codebook import Codebook
from analysis.model import Analysis
from desktop.views.coding_agreement import AgreementView
from desktop.views.coding_codebook import CodebookEditor
from desktop.views.coding_dialogs import CoderDialog
from desktop.views.coding_retrain import RetrainView
from desktop.views.coding_view import CodingView

AUTOSAVE_MS = 500
CODER_KEY = "coding/coder"
MODEL_DIR_KEY = "coding/model_dir"


def _load_codebook(ref: str, progress=None) -> Codebook:
    from analysis.coding.qdc import find_codebook

    return find_codebook(ref)


def _apply(analysis: Analysis, codings, model_dir: str | None, codebook: str, progress=None) -> Analysis:
    from analysis.coding.overrides import apply_codings
    from analysis.models import ModelSet

    needs_models = any(c.task == "offtopic" for c in codings)
    models = ModelSet.load(model_dir, codebook) if needs_models else None
    return apply_codings(analysis, codings, models=models).analysis


class CodingWindow(QMainWindow):
    articleRequested = Signal(str, int, int)  # a queue suggestion: article id, span
    codedAnalysis = Signal(object)  # the coder's coded analysis of the current article
    saved = Signal(int)  # number of changes written
    modelDirChanged = Signal(str)  # the user switched models ("" = the shipped ones)

    def __init__(
        self,
        store_path: str | Path,
        jobs,
        settings=None,
        codebook: str = "policy_frames",
        coder: str | None = None,
        story_analyses: Callable[[], Sequence[Analysis]] | None = None,
        parent: QWidget | None = None,
        model_dir: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Parallax — coding")
        self.resize(1200, 820)
        self.store_path = Path(store_path)
        self.jobs = jobs
        self.settings = settings
        self.codebook_ref = codebook
        self.story_analyses = story_analyses or (lambda: [])
        self.coder: str | None = None
        remembered = settings.text(MODEL_DIR_KEY, "") if settings and model_dir is None else ""
        self.model_dir: str | None = model_dir or remembered or None
        self.original: Analysis | None = None  # the model's analysis of the article on screen
        self.originals: dict[str, Analysis] = {}
        self.session: CodingSession | None = None
        self._produced: dict[str, Analysis] = {}  # the coded analysis last handed out, per article
        self._saving = False
        self._save_n = 0
        self._load_n = 0

        self.view = CodingView()
        self.agreement = AgreementView()
        self.retrain = RetrainView()
        self.retrain.set_active_model(self.model_dir)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.view, "Code")
        self.tabs.addTab(self.agreement, "Agreement")
        self.tabs.addTab(self.retrain, "Retrain and queue")
        self.setCentralWidget(self.tabs)
        self.apply_box = QCheckBox("Apply my codings in all views")
        self.apply_box.setChecked(True)
        self.apply_box.toggled.connect(lambda _on: self._push_coded())
        self.statusBar().addPermanentWidget(self.apply_box)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)
        self.view.edited.connect(self.timer.start)
        self.view.messaged.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.agreement.computeRequested.connect(self.compute_agreement)
        self.agreement.exportRequested.connect(self.export_agreement)
        self.retrain.retrainRequested.connect(self.start_retrain)
        self.retrain.modelChosen.connect(self.use_model)
        self.retrain.exportRequested.connect(self.export_training_data)
        self.retrain.queueRequested.connect(self.start_queue)
        self.retrain.suggestionChosen.connect(self.articleRequested.emit)
        self._menus()
        self.jobs.start(
            "coding-codebook",
            "Loading the codebook",
            _load_codebook,
            codebook,
            on_done=self._codebook_loaded,
            on_error=lambda r: self.say(f"codebook: {r}"),
        )
        if coder:
            self.set_coder(coder)
        self.refresh_coders()

    def _menus(self) -> None:
        m = self.menuBar().addMenu("&Coding")
        for text, slot, key in (
            ("Change coder…", self.choose_coder, None),
            ("Edit codebooks…", self.edit_codebooks, None),
            ("Export codings and agreement to Excel…", self.export_workbook, "Ctrl+Shift+E"),
            ("Close", self.close, "Ctrl+W"),
        ):
            act = QAction(text, self)
            if key:
                act.setShortcut(key)
            act.triggered.connect(lambda _c=False, s=slot: s())
            m.addAction(act)

    def say(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    # coder and codebook ---------------------------------------------------------------
    def choose_coder(self) -> None:
        self.jobs.start(
            "coding-coders", "Reading the coders", workflow.coders, self.store_path, on_done=self._ask_coder
        )

    def _ask_coder(self, names: list[str]) -> None:
        remembered = self.settings.text(CODER_KEY, "") if self.settings else ""
        dlg = CoderDialog(names, self.coder or remembered or None, self)
        if dlg.exec() == CoderDialog.DialogCode.Accepted:
            self.set_coder(dlg.value())

    def set_coder(self, name: str) -> None:
        self.flush()
        self.coder = name
        if self.settings:
            self.settings.set_text(CODER_KEY, name)
        self.setWindowTitle(f"Parallax — coding as {name}")
        self._reload()
        self.refresh_coders()

    def refresh_coders(self) -> None:
        def got(names: list[str]) -> None:
            if self.coder and self.coder not in names:
                names = sorted([*names, self.coder])
            self.agreement.set_coders(names)

        self.jobs.start("coding-coders", "Reading the coders", workflow.coders, self.store_path, on_done=got)

    def _codebook_loaded(self, cb: Codebook) -> None:
        self.view.set_codebook(cb)

    def edit_codebooks(self) -> CodebookEditor:
        dlg = CodebookEditor(self.view.codebook, self.jobs, self)
        dlg.saved.connect(lambda p: self.say(f"Codebook saved: {p}"))
        dlg.setModal(False)
        dlg.show()
        return dlg

    # the article -----------------------------------------------------------------------
    def set_article(self, analysis: Analysis | None) -> None:
        """Code ``analysis`` (the main window's; a coded analysis this window produced is
        swapped back for the model's own)."""
        if analysis is not None and self.produced(analysis):
            analysis = self.originals.get(analysis.id, analysis)
        if analysis is not None:
            self.originals[analysis.id] = analysis
        if self.original is not None and analysis is not None and analysis is self.original:
            return
        self.flush()
        self.original = analysis
        self.session = None
        self.view.set_session(None, analysis)
        self._reload()

    def produced(self, analysis: Analysis) -> bool:
        """Is this the coded analysis this window handed to the main window?"""
        return self._produced.get(analysis.id) is analysis

    def _reload(self) -> None:
        a = self.original
        if a is None or not self.coder:
            return
        self._load_n += 1
        n = self._load_n
        coder = self.coder
        self.jobs.start(
            "coding-load", "Reading codings", workflow.load_codings, self.store_path, a.id, coder,
            on_done=lambda cs, n=n, a=a, coder=coder: self._loaded(n, a, coder, cs),
            on_error=lambda r: self.say(f"Could not read the codings: {r}"),
        )  # fmt: skip

    def _loaded(self, n: int, analysis: Analysis, coder: str, codings) -> None:
        if n != self._load_n or analysis is not self.original:
            return  # the coder moved on
        self.session = CodingSession(coder, analysis.article, codings)
        self.view.set_session(self.session, analysis)
        self._push_coded()

    # autosave ----------------------------------------------------------------------------
    def flush(self) -> None:
        """Write the session's changes now (one save in flight; later ones wait)."""
        self.timer.stop()
        s = self.session
        if s is None or not s.dirty:
            return
        if self._saving:
            self.timer.start()
            return
        ops = s.take_pending()
        self._saving = True
        self._save_n += 1

        def done(count: int) -> None:
            self._saving = False
            self.saved.emit(count)
            self.refresh_coders()
            self._push_coded()

        def failed(reason: str) -> None:
            self._saving = False
            s.requeue(ops)
            self.say(f"Codings not saved yet ({reason}); will retry")
            self.timer.start()

        self.jobs.start(
            f"coding-save-{self._save_n}",
            "Saving codings",
            workflow.save_codings,
            self.store_path,
            ops,
            on_done=done,
            on_error=failed,
        )

    def _push_coded(self) -> None:
        """Hand the main window the coded analysis (or the model's, when switched off)."""
        a, s = self.original, self.session
        if a is None or s is None:
            return
        if not self.apply_box.isChecked() or not s.codings():
            self.codedAnalysis.emit(a)
            return
        codings = [c for c in s.codings() if c.task != "memo"]
        self.jobs.start(
            "coding-apply", "Applying the codings", _apply, a, codings, self.model_dir, self.codebook_ref,
            on_done=self._coded, on_error=lambda r: self.say(f"Could not apply the codings: {r}"),
        )  # fmt: skip

    def _coded(self, coded: Analysis) -> None:
        if self.original is None or coded.id != self.original.id:
            return
        self._produced[coded.id] = coded
        self.codedAnalysis.emit(coded)

    def closeEvent(self, event) -> None:
        self.flush()
        super().closeEvent(event)

    # agreement ------------------------------------------------------------------------------
    def compute_agreement(self, task: str, coder_a: str, coder_b: str, seed: int) -> None:
        self.flush()
        self.jobs.start(
            "agreement", "Computing agreement", workflow.agreement_report, self.store_path, task, coder_a, coder_b,
            dict(self.originals), self.model_dir, seed,
            on_done=self.agreement.set_report, on_error=lambda r: self.agreement.set_report(None, f"Agreement not computed: {r}"),
        )  # fmt: skip

    def export_agreement(self, path: str) -> None:
        report = self.agreement.report
        if report is None:
            return
        self.jobs.start(
            "coding-export", "Exporting the agreement", workflow.export_coding_workbook, path, [], [], [report],
            on_done=lambda p: self.say(f"Exported to {p}"), on_error=lambda r: self.say(f"Export failed: {r}"),
        )  # fmt: skip

    def export_workbook(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export codings", "parallax-codings.xlsx", "Excel workbook (*.xlsx)"
            )
        if not path:
            return
        self.flush()
        analyses = [self.originals.get(a.id, a) for a in self.story_analyses()]
        report = [self.agreement.report] if self.agreement.report else []

        def run(progress):
            codings = workflow.load_codings(self.store_path, coder=self.coder)
            return workflow.export_coding_workbook(path, analyses, codings, report, self.coder, progress=progress)

        self.jobs.start(
            "coding-export",
            "Exporting codings",
            run,
            on_done=lambda p: self.say(f"Exported to {p}"),
            on_error=lambda r: self.say(f"Export failed: {r}"),
        )

    # retraining and the queue -------------------------------------------------------------------
    def start_retrain(self, task: str, include_shipped: bool, quick: bool) -> None:
        if not self.coder:
            self.retrain.set_result(None, "Choose a coder first.")
            return
        self.flush()
        self.retrain.set_busy("Training… (progress in the main window; Cancel stops it)")
        self.jobs.start(
            "retrain", f"Retraining {task} from {self.coder}'s codings", workflow.retrain_from_codings, self.store_path, task, self.coder,
            dict(self.originals), include_shipped, quick, self.model_dir,
            on_done=self.retrain.set_result, on_error=lambda r: self.retrain.set_result(None, f"Not retrained: {r}"),
        )  # fmt: skip

    def use_model(self, model_dir: str) -> None:
        self.model_dir = model_dir or None
        if self.settings:
            self.settings.set_text(MODEL_DIR_KEY, model_dir)
        self.retrain.set_active_model(self.model_dir)
        self.modelDirChanged.emit(model_dir or "")
        self.say(
            f"Using {'the models in ' + model_dir if model_dir else 'the shipped models'} for coding, agreement and the queue"
        )

    def export_training_data(self, task: str, path: str) -> None:
        if not self.coder:
            return
        self.flush()
        self.jobs.start(
            "coding-export", "Exporting training data", workflow.write_coder_data, self.store_path, task, self.coder, path, dict(self.originals),
            on_done=lambda p: self.say(f"Wrote {p}"), on_error=lambda r: self.say(f"Export failed: {r}"),
        )  # fmt: skip

    def start_queue(self) -> None:
        analyses = [self.originals.get(a.id, a) for a in self.story_analyses()]
        if not analyses or not self.coder:
            self.retrain.set_queue([])
            return
        self.flush()
        self.jobs.start(
            "coding-queue", "Finding uncertain segments", workflow.suggestion_queue, analyses, self.store_path, self.coder, self.model_dir, self.codebook_ref,
            on_done=self.retrain.set_queue, on_error=lambda r: self.say(f"No suggestions: {r}"),
        )  # fmt: skip

    def show_span(self, start: int, end: int) -> None:
        self.tabs.setCurrentWidget(self.view)
        self.view.show_span(start, end)


def install_coding(window) -> Callable[[], CodingWindow | None]:
    """Add the Coding menu to the main window; the workbench opens on first use.

    Uses the main window's public parts only: ``store_path``, ``jobs``, ``settings``,
    ``prefs.codebook``, ``analyses``, ``article_id``, ``story_analyses()``,
    ``select_article()``, ``apply_preferences()``, ``library``, ``article_view``,
    ``frame_names``, ``comparisons`` and the library panel's ``articleSelected`` and
    the window's ``storyShown`` signals."""
    holder: dict[str, CodingWindow] = {}

    def current() -> Analysis | None:
        return window.analyses.get(window.article_id or "")

    def follow(*_args) -> None:
        cw = holder.get("w")
        if cw is None or not cw.isVisible():
            return
        a = current()
        if a is None or cw.produced(a) or a is cw.original:
            return
        cw.set_article(a)

    # the main window changes its article without a signal when the code does it (a
    # queue suggestion, a story change): look twice a second while the workbench is open
    poll = QTimer(window)
    poll.setInterval(300)
    poll.timeout.connect(follow)

    def coded(an: Analysis) -> None:
        window.analyses[an.id] = an
        if window.article_id == an.id:
            window.article_view.set_analysis(an, window.frame_names)
        if getattr(window, "story_id", None):
            window.comparisons.pop(window.story_id, None)

    def use_models(folder: str) -> None:
        """The whole app switches to the retrained models (or back to the shipped ones)."""
        from dataclasses import replace

        if hasattr(window.prefs, "model_dir") and window.prefs.model_dir != folder:
            window.apply_preferences(replace(window.prefs, model_dir=folder))

    def go_to(article_id: str, start: int, end: int) -> None:
        lib = window.library
        story = lib.story_of(article_id) if lib is not None else None
        if story is not None:
            window.select_article(story, article_id)
        cw = holder["w"]
        QTimer.singleShot(0, lambda: (cw.set_article(current()), cw.show_span(start, end)))

    def open_workbench() -> CodingWindow | None:
        if window.store_path is None:
            return None
        cw = holder.get("w")
        if cw is None:
            remembered = window.settings.text(CODER_KEY, "") or None
            cw = CodingWindow(
                window.store_path,
                window.jobs,
                window.settings,
                window.prefs.codebook,
                remembered,
                window.story_analyses,
                window,
                model_dir=getattr(window.prefs, "model_dir", "") or "",
            )
            cw.setWindowFlag(Qt.WindowType.Window, True)
            cw.codedAnalysis.connect(coded)
            cw.modelDirChanged.connect(use_models)
            cw.articleRequested.connect(go_to)
            holder["w"] = cw
            if not remembered:
                QTimer.singleShot(0, cw.choose_coder)
        cw.show()
        cw.raise_()
        cw.set_article(current())
        poll.start()
        return cw

    menu = window.menuBar().addMenu("C&oding")
    act = QAction("Coding workbench…", window)
    act.setShortcut("Ctrl+K")
    act.triggered.connect(lambda _c=False: open_workbench())
    menu.addAction(act)
    window.addAction(act)

    def open_editor() -> None:
        cw = open_workbench()
        if cw is not None:
            cw.edit_codebooks()

    edit = QAction("Codebook editor…", window)
    edit.triggered.connect(lambda _c=False: open_editor())
    menu.addAction(edit)
    window.library_panel.articleSelected.connect(lambda *_a: QTimer.singleShot(0, follow))
    window.storyShown.connect(lambda *_a: QTimer.singleShot(0, follow))
    return open_workbench
