"""The coding view (offscreen): code spans and segments, undo/redo, blind coding, the
codings table; and the table models of the coding views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from analysis.coding.codings import CodingSession
from analysis.framing.codebook import load_codebook
from analysis.resources import resource_path
from desktop.views.coding_models import AgreementModel, CodingsModel, DisagreementsModel, FiguresCompareModel
from desktop.views.coding_view import CodingView


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.index(needle, after)
    return i, i + len(needle)


@pytest.fixture
def view(qtbot):
    v = CodingView()
    v.set_codebook(load_codebook(resource_path("codebooks", "policy_frames.json")))
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    return v


def start(view, analysis, coder="रीना"):
    s = CodingSession(coder, analysis.article)
    view.set_session(s, analysis)
    return s


@pytest.mark.parametrize("which", ["hi", "en"])
def test_code_a_selection_then_undo_and_redo(view, qtbot, sample_analyses, which):
    an = sample_analyses[0] if which == "hi" else sample_analyses[1]
    s = start(view, an)
    needle = "बिना शर्त" if which == "hi" else "unconditionally"
    a, b = span(an.text, needle, an.text.index("\n"))
    view.text.select_span(a - 1, b + 1)  # a sloppy selection with the spaces around
    edited = []
    view.edited.connect(lambda: edited.append(1))
    qtbot.mouseClick(view.buttons["loaded"], Qt.MouseButton.LeftButton)
    [c] = s.codings()
    assert (c.start, c.end, c.value) == (a, b, {"loaded": True})  # trimmed to the words
    assert an.text[c.start : c.end] == needle and edited == [1]
    assert view.model.rowCount() == 1 and "Coded by रीना: loaded" in view.text.tips_at(a)
    view.text.select_span(a, b)
    view.code_loaded(False)  # same span: the coding is changed, not doubled
    assert [x.value for x in s.codings()] == [{"loaded": False}]
    assert view.undo_btn.isEnabled()
    view.undo()
    assert [x.value for x in s.codings()] == [{"loaded": True}]
    view.undo()
    assert s.codings() == [] and view.model.rowCount() == 0 and not view.undo_btn.isEnabled()
    view.redo()
    assert [x.value for x in s.codings()] == [{"loaded": True}]
    view.text.setFocus()
    qtbot.keyClick(view.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    assert s.codings() == []


def test_segment_under_the_cursor_off_topic_and_not(view, sample_analyses):
    an = sample_analyses[0]  # Hindi main: the model flags the promo
    s = start(view, an)
    promo = next(o for o in an.off_topic if o.kind == "promo_headline")
    seg = next(x for x in an.segments if x.start == promo.start)
    view.text.setTextCursor(view.text.cursor_for(seg.start + 3, seg.start + 3))  # no selection
    assert view.current_span() == (seg.start, seg.end)
    view.code_not_offtopic()
    [c] = s.codings()
    assert c.value == {"off_topic": False, "kind": None} and c.label() == "not off-topic"
    para = next(x for x in an.segments if x.kind == "paragraph")
    view.text.setTextCursor(view.text.cursor_for(para.start, para.start))
    view.kind.setCurrentIndex(view.kind.findData("unrelated_passage"))
    view.buttons["offtopic"].click()
    assert s.codings("offtopic")[0].value == {"off_topic": True, "kind": "unrelated_passage"}


def test_attribution_with_source_frames_memo_and_review(view, sample_analyses):
    an = sample_analyses[1]  # English wire
    s = start(view, an, "Ana")
    src = span(an.text, "the Korean Central News Agency")
    cue = span(an.text, "according to")
    view.text.select_span(*src)
    view.buttons["source"].click()
    asked = []
    view.ask_attribution = lambda c, so, init: (
        asked.append((c, so)) or {"present": True, "source_type": "state_media", "use_source": True}
    )
    view.text.select_span(*cue)
    view.buttons["attribution"].click()
    assert asked == [("according to", "the Korean Central News Agency")]
    att = s.codings("attribution")[0]
    assert (att.value["source_start"], att.value["source_end"], att.value["source_type"]) == (*src, "state_media")
    view.ask_frames = lambda checked: ["security_defense", "political"]
    para = next(x for x in an.segments if x.kind == "paragraph")
    view.text.setTextCursor(view.text.cursor_for(para.start + 1, para.start + 1))
    view.buttons["frames"].click()
    fr = s.codings("framing")[0]
    assert fr.value == {"frames": ["political", "security_defense"], "codebook": "policy_frames"} and fr.span == (
        para.start,
        para.end,
    )
    view.ask_memo = lambda text, about: "Headline overstates the pledge"
    view.text.setTextCursor(view.text.cursor_for(0, 0))
    view.buttons["memo"].click()
    memo = s.codings("memo")[0]
    assert memo.span is None and memo.memo == "Headline overstates the pledge"  # no selection: about the article
    view.mark_reviewed("offtopic")
    view.mark_reviewed("offtopic")  # once is enough
    assert [c.is_review for c in s.codings("offtopic")] == [True]
    assert view.select_coding(memo.uid) and view.selected_coding() == memo
    view.remove_selected()
    assert not s.codings("memo")


def test_blind_coding_hides_the_model(view, sample_analyses):
    an = sample_analyses[0]
    start(view, an)
    promo = next(o for o in an.off_topic if o.kind == "promo_headline")
    assert any(t.startswith("Model: Off-topic") for t in view.text.tips_at(promo.start))
    view.blind_box.setChecked(True)
    assert view.blind and not view.text.tips_at(promo.start)
    view.text.select_span(promo.start, promo.end)
    view.code_offtopic("promo_headline")
    assert [t.split(":")[0] for t in view.text.tips_at(promo.start)] == ["Coded by रीना"]


def test_without_a_session_nothing_can_be_coded(view, sample_analyses):
    view.set_session(None, sample_analyses[0])
    assert not view.buttons["loaded"].isEnabled()
    assert view.code_loaded() is None


def test_table_models_pass_the_model_tester(qtmodeltester, sample_analyses):
    an = sample_analyses[0]
    s = CodingSession("रीना", an.article)
    s.add("loaded", *span(an.text, "बिना शर्त"), {"loaded": True}, memo="तीखा")
    s.add("memo", memo="लेख पर टिप्पणी")
    m = CodingsModel()
    m.set_codings(s.codings(), an.text)
    qtmodeltester.check(m)
    report = {
        "task": "loaded", "overall": {"units": 4, "percent_agreement": {"value": 0.5, "ci95": [0.0, 1.0]},
                                      "cohen_kappa": {"value": None, "ci95": [None, None]}, "krippendorff_alpha": {"value": 0.1, "ci95": [-0.5, 0.8]}},
        "per_label": {"loaded": {"units": 4, "positives_a": 2, "positives_b": 1, "percent_agreement": {"value": 0.5, "ci95": [0, 1]}}},
        "disagreements": [{"id": "x", "text": "वाक्य", "a": ["loaded"], "b": [], "labels": ["loaded"]}],
    }  # fmt: skip
    am = AgreementModel()
    am.set_report(report)
    qtmodeltester.check(am)
    assert am.rowCount() == 2 and am.data(am.index(0, 4)) == "undefined"
    assert am.data(am.index(0, 5)) == "0.10  [-0.50, 0.80]"
    dm = DisagreementsModel()
    dm.set_report(report)
    qtmodeltester.check(dm)
    assert dm.data(dm.index(0, 3)) == "(none)"
    fm = FiguresCompareModel()
    fm.set_figures([("macro_f1", 0.5, 0.61), ("n", None, 30)])
    qtmodeltester.check(fm)
    assert fm.data(fm.index(0, 3)) == "+0.11"
