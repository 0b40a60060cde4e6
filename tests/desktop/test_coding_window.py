"""The coding workbench end to end (offscreen): autosave into the project store, the
Agreement view and its Excel export, retraining and the queue, the codebook editor,
and a Hindi coding session that round-trips through export, train, evaluate and
agreement of the model with the coder."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.coding.codings import CodingStore, new_coding
from analysis.framing.codebook import load_codebook
from analysis.resources import resource_path
from analysis.store import Store
from analysis.training.data import read_examples
from desktop.jobs import JobManager
from desktop.views.coding_codebook import CodebookEditor
from desktop.views.coding_window import CodingWindow

WAIT = 60000
LOADED = {
    "sample-hi-main": ["बिना शर्त", "हर रुख"],
    "sample-hi-second": ["तबाह", "जूझ रहे"],
    "sample-en-wire": ["unconditionally", "faithfully"],
}


def span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


@pytest.fixture
def project(tmp_path, sample_analyses):
    path = tmp_path / "project.sqlite"
    with Store(path) as st:
        st.add_articles([a.article for a in sample_analyses])
    return path


@pytest.fixture
def bench(qtbot, project, sample_analyses):
    jobs = JobManager()
    cw = CodingWindow(project, jobs, None, "policy_frames", "रीना", story_analyses=lambda: list(sample_analyses))
    qtbot.addWidget(cw)
    cw.show()
    qtbot.waitUntil(lambda: cw.view.codebook is not None, timeout=WAIT)
    yield cw
    jobs.cancel_all()
    jobs.wait(10000)


def by_id(analyses, aid):
    return next(a for a in analyses if a.id == aid)


def open_article(qtbot, cw, an):
    cw.set_article(an)
    qtbot.waitUntil(lambda: cw.session is not None and cw.session.article.id == an.id, timeout=WAIT)


def code_loaded(qtbot, cw, an, needles, flag=True):
    open_article(qtbot, cw, an)
    for needle in needles:
        cw.view.text.select_span(*span(an.text, needle))
        cw.view.buttons["loaded" if flag else "not_loaded"].click()
    with qtbot.waitSignal(cw.saved, timeout=WAIT):
        pass  # autosave after the last edit


def test_codings_autosave_and_come_back(qtbot, bench, project, sample_analyses):
    an = by_id(sample_analyses, "sample-hi-main")
    code_loaded(qtbot, bench, an, LOADED[an.id])
    with CodingStore.open(project) as cs:
        stored = cs.codings(coder="रीना")
    assert [an.text[c.start : c.end] for c in stored] == LOADED[an.id]
    # the main window gets the coded analysis: the coder's spans with coded_by
    got = []
    bench.codedAnalysis.connect(got.append)
    bench.view.undo()
    qtbot.waitUntil(lambda: bool(got) and len(got[-1].scores.loaded_language) == 1, timeout=WAIT)
    assert [an.text[x.start : x.end] for x in got[-1].scores.loaded_language] == LOADED[an.id][:1]
    assert got[-1].scores.loaded_language_rate > 0 and got[-1].id == an.id
    qtbot.waitUntil(lambda: not bench.session.dirty and not bench._saving, timeout=WAIT)
    with CodingStore.open(project) as cs:
        assert len(cs.codings(coder="रीना")) == 1  # the undo was saved too
    # a new workbench (say, tomorrow) reads them back; another coder starts empty
    other = CodingWindow(project, bench.jobs, None, "policy_frames", "रीना")
    qtbot.addWidget(other)
    open_article(qtbot, other, an)
    assert [c.value for c in other.session.codings()] == [{"loaded": True}]
    other.set_coder("Ben")
    qtbot.waitUntil(lambda: other.session is not None and other.session.coder == "Ben", timeout=WAIT)
    assert other.session.codings() == []


def test_agreement_view_two_coders_and_excel(qtbot, bench, project, sample_analyses, tmp_path):
    for aid, needles in LOADED.items():
        code_loaded(qtbot, bench, by_id(sample_analyses, aid), needles)
    with CodingStore.open(project) as cs:  # a second coder, who disagrees once
        ops = []
        for aid, needles in LOADED.items():
            art = by_id(sample_analyses, aid).article
            for n in needles:
                ops.append(("put", new_coding("Ben", art, "loaded", *span(art.text, n), {"loaded": n != "तबाह"})))
        cs.save(ops)
    bench.refresh_coders()
    qtbot.waitUntil(lambda: bench.agreement.coder_b.findText("Ben") >= 0, timeout=WAIT)
    view = bench.agreement
    view.choose("loaded", "रीना", "Ben", seed=7)
    view.compute_btn.click()
    qtbot.waitUntil(lambda: view.report is not None, timeout=WAIT)
    r = view.report
    assert r["coder_a"] == "रीना" and r["coder_b"] == "Ben" and r["bootstrap"]["seed"] == 7
    assert view.dis_model.rowCount() == 1 and "तबाह" in view.dis_model.row_record(0)["text"]
    assert view.model.rowCount() == 2  # overall and the label
    assert "Cohen's κ" in view.summary.text()
    out = tmp_path / "agreement.xlsx"
    view.ask_path = lambda: str(out)
    view.export_btn.click()
    qtbot.waitUntil(out.exists, timeout=WAIT)
    wb = load_workbook(out)
    assert wb["Disagreements"].max_row == 2 and wb["Agreement"]["A2"].value == "loaded"
    view.choose("loaded", "model", "Ben")
    view.compute()
    qtbot.waitUntil(lambda: view.report is not None and view.report["coder_a"] == "model", timeout=WAIT)
    assert view.report["model"]["id"]


def test_retrain_and_queue(qtbot, bench, project, sample_analyses):
    for aid, needles in LOADED.items():
        code_loaded(qtbot, bench, by_id(sample_analyses, aid), needles)
    rv = bench.retrain
    bench.start_retrain("loaded", False, True)
    qtbot.waitUntil(lambda: rv.result is not None or "Not retrained" in rv.info.text(), timeout=120000)
    assert rv.result is not None, rv.info.text()
    assert "resources" not in rv.result.model_dir.parts
    assert rv.figures.rowCount() >= 3 and rv.use_btn.isEnabled()
    rv.use_btn.click()
    assert bench.model_dir == str(rv.result.model_dir) and str(rv.result.model_dir) in rv.active.text()
    rv.shipped_btn.click()
    assert bench.model_dir is None
    rv.queue_btn.click()
    qtbot.waitUntil(lambda: rv.suggestions.rowCount() > 0, timeout=WAIT)
    first = rv.suggestions.row_record(0)
    assert first.uncertainty == max(rv.suggestions.row_record(i).uncertainty for i in range(rv.suggestions.rowCount()))
    with qtbot.waitSignal(bench.articleRequested, timeout=5000) as sig:
        rv._chosen(rv.queue_table.model().index(0, 0))
    assert sig.args[0] in LOADED or sig.args[0].startswith("sample-")


def test_codebook_editor_round_trips_qdc_and_reports_errors(qtbot, qtmodeltester, tmp_path):
    ed = CodebookEditor(load_codebook(resource_path("codebooks", "semetko_valkenburg.json")))
    qtbot.addWidget(ed)
    qtmodeltester.check(ed.frames)
    m = ed.frames
    m.setData(m.index(0, 2), "टकराव")
    m.setData(m.index(0, 6), "विवाद; झड़प ;")
    m.add_frame(
        {"id": "sampradayik", "name_en": "Communal", "name_hi": "सांप्रदायिक", "definition_hi": "धर्म के आधार पर बंटवारा।"}
    )
    edited = ed.codebook()
    assert edited.frame("conflict").name_hi == "टकराव" and edited.frame("conflict").cues_hi == ("विवाद", "झड़प")
    path = tmp_path / "mine.qdc"
    ed.export_file(str(path))
    assert path.exists() and "Exported" in ed.status.text()
    again = CodebookEditor()
    qtbot.addWidget(again)
    again.import_file(str(path))
    assert again.codebook() == edited
    bad = tmp_path / "bad.qdc"
    bad.write_text("<CodeBook><Codes>", encoding="utf-8")
    again.import_file(str(bad))
    assert "Import failed" in again.status.text() and "not well-formed" in again.status.text()
    assert again.codebook() == edited  # a failed import changes nothing
    ed.id.setText("Not An Id")
    ed.export_file(str(tmp_path / "x.qdc"))
    assert "lower-case" in ed.status.text() and not (tmp_path / "x.qdc").exists()
    ed.id.setText("my_frames")
    with qtbot.waitSignal(ed.saved, timeout=5000) as sig:
        ed.save_user(tmp_path / "codebooks")
    assert sig.args[0].endswith("my_frames.json")


def test_codebook_editor_through_jobs(qtbot, bench, tmp_path):
    ed = bench.edit_codebooks()
    assert ed.codebook().id == "policy_frames"
    path = tmp_path / "pf.qdc"
    ed.export_file(str(path))
    qtbot.waitUntil(path.exists, timeout=WAIT)
    ed.id.setText("changed")
    ed.import_file(str(path))
    qtbot.waitUntil(lambda: ed.id.text() == "policy_frames", timeout=WAIT)


def test_hindi_coding_session_round_trips(qtbot, bench, project, sample_analyses, tmp_path, capsys):
    """Code two Hindi articles in the GUI, export the codings in the train format,
    train and evaluate a model on them, and measure the model against the coder."""
    hindi = [a for a in sample_analyses if a.language.language == "hi"]
    assert len(hindi) == 2
    for an in hindi:
        code_loaded(qtbot, bench, an, LOADED[an.id])
    data = tmp_path / "rina-loaded.jsonl"
    bench.export_training_data("loaded", str(data))
    qtbot.waitUntil(data.exists, timeout=WAIT)
    rows, _ = read_examples(data)
    assert sum(r["labels"] == ["loaded"] for r in rows) == 4 and {r["lang"] for r in rows} == {"hi"}
    assert {r["group"] for r in rows} == {a.id for a in hindi}
    out = tmp_path / "models"
    assert main(["train", "loaded", "--data", str(data), "--out", str(out), "--quick"]) == 0
    capsys.readouterr()
    assert main(["evaluate", "loaded", "--data", str(data), "--model-dir", str(out)]) == 0
    ev = json.loads(capsys.readouterr().out)
    assert ev["task"] == "loaded" and ev["n"] == len(rows) and 0.0 <= ev["macro_f1"] <= 1.0
    assert main(["agree", "loaded", "model", str(data), "--model-dir", str(out), "--seed", "1"]) == 0
    ag = json.loads(capsys.readouterr().out)
    assert ag["coder_a"] == "model" and ag["coder_b"] == "rina-loaded" and ag["n"] == len(rows)
    assert ag["model"]["sha256"] == json.loads((out / "loaded" / "card.json").read_text())["sha256"]
    # and the same comparison in the Agreement view, with the retrained model in use
    bench.use_model(str(out))
    bench.agreement.choose("loaded", "model", "रीना", seed=1)
    bench.agreement.compute()
    qtbot.waitUntil(lambda: bench.agreement.report is not None, timeout=WAIT)
    assert bench.agreement.report["overall"] == ag["overall"]
