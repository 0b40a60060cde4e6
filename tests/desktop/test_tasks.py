"""The work behind the GUI actions, without a window: import, cancel, library,
URL import offline, export, and the cache round trip (Hindi and English)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.pipeline import Cancelled, Settings
from analysis.serialize import analysis_dict, analysis_from_dict
from analysis.store import Store
from desktop import tasks


def _snapshot(path: Path) -> tuple:
    with Store(path) as s:
        return (
            sorted((a.id, a.text) for a in s.articles()),
            sorted((st.id, st.label, st.article_ids) for st in s.stories()),
        )


@pytest.fixture
def store_path(tmp_path) -> Path:
    p = tmp_path / "project.sqlite"
    tasks.open_library(p)
    return p


@pytest.fixture
def inputs(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "en.txt").write_text(
        "Officials said on Monday that 40 people were hurt in the floods.\nThe minister visited the area.",
        encoding="utf-8",
    )
    (d / "hi.txt").write_text(
        "अधिकारियों ने सोमवार को बताया कि बाढ़ में 40 लोग घायल हुए।\nमंत्री ने इलाके का दौरा किया।", encoding="utf-8"
    )
    (d / "broken.txt").write_bytes(b"%PDF-1.4 binary")
    (d / "empty.md").write_text("   \n", encoding="utf-8")
    return d


def test_new_store_gets_the_sample_story(store_path):
    lib = tasks.open_library(store_path)
    sample = [s for s in lib.stories if s.id == tasks.SAMPLE_STORY_ID]
    assert len(sample) == 1 and len(sample[0].article_ids) == 5
    assert all(lib.articles[i].sample for i in sample[0].article_ids)
    assert "SAMPLE" in sample[0].label
    # opening again does not add it twice
    assert len(tasks.open_library(store_path).articles) == 5


def test_bad_file_is_reported_and_the_rest_imported(store_path, inputs):
    report = tasks.import_inputs(store_path, [str(inputs)], Settings())
    reasons = {Path(p.path).name: p.reason for p in report.problems}
    assert set(reasons) == {"broken.txt", "empty.md"}
    assert "PDF" in reasons["broken.txt"] and "empty" in reasons["empty.md"]
    assert len(report.article_ids) == 2
    langs = {report.analyses[i].language.language for i in report.article_ids}
    assert langs == {"en", "hi"}
    lib = tasks.open_library(store_path)
    story = next(s for s in lib.stories if s.id == report.story_id)
    assert set(story.article_ids) == set(report.article_ids)
    assert story.label == "Folder: in"


def test_cancelled_import_leaves_the_store_unchanged(store_path, inputs):
    before = _snapshot(store_path)
    calls = []

    def progress(fraction, message=""):
        calls.append(message)
        if "analysing 2/" in message:
            raise Cancelled()

    with pytest.raises(Cancelled):
        tasks.import_inputs(store_path, [str(inputs)], Settings(), progress=progress)
    assert calls  # it got as far as analysing
    assert _snapshot(store_path) == before


def test_cancel_at_the_last_moment_still_leaves_the_store_unchanged(store_path, inputs):
    before = _snapshot(store_path)

    def progress(fraction, message=""):
        if message == "saving":
            raise Cancelled()

    with pytest.raises(Cancelled):
        tasks.import_inputs(store_path, [str(inputs / "en.txt")], Settings(), progress=progress)
    assert _snapshot(store_path) == before


def test_pasted_article_keeps_text_exactly():
    text = "  पहली पंक्ति\r\nSecond line 😀  "
    a = tasks.pasted_article(text, "शीर्षक", " Outlet ", "2025-06-05")
    assert a.text == text and a.title == "शीर्षक" and a.outlet == "Outlet" and a.id
    with pytest.raises(ValueError, match="empty"):
        tasks.pasted_article("  \n ")


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_url_import_offline_says_so_quickly():
    import time

    t0 = time.monotonic()
    with pytest.raises(tasks.FetchError) as exc:
        tasks.fetch_url("https://example.org/news/1", timeout=2)
    assert time.monotonic() - t0 < 3
    assert "example.org" in str(exc.value) and "online" in str(exc.value)
    with pytest.raises(tasks.FetchError, match="not a web address"):
        tasks.fetch_url("ftp:/nothing")


def test_merge_and_split_stories(store_path, inputs):
    report = tasks.import_inputs(store_path, [str(inputs)], Settings())
    lib = tasks.merge_stories(store_path, tasks.SAMPLE_STORY_ID, report.story_id)
    merged = next(s for s in lib.stories if s.id == tasks.SAMPLE_STORY_ID)
    assert len(merged.article_ids) == 7 and report.story_id not in {s.id for s in lib.stories}
    lib = tasks.split_story(store_path, tasks.SAMPLE_STORY_ID, list(report.article_ids), "Floods")
    new = next(s for s in lib.stories if s.label == "Floods")
    assert set(new.article_ids) == set(report.article_ids)
    assert len(next(s for s in lib.stories if s.id == tasks.SAMPLE_STORY_ID).article_ids) == 5


def test_analyses_come_from_the_cache_the_second_time(store_path, sample_analyses):
    arts = [a.article for a in sample_analyses[:2]]
    first = tasks.analyse_articles(arts, Settings(), store_path)
    second = tasks.analyse_articles(arts, Settings(), store_path)
    for a in arts:
        d1, d2 = analysis_dict(first[a.id]), analysis_dict(second[a.id])
        d1.pop("timing_ms"), d2.pop("timing_ms")
        assert d1 == d2


@pytest.mark.parametrize("which", ["hindi", "english"])
def test_restore_round_trip_with_every_field_filled(request, which):
    an = request.getfixturevalue(which)
    d = analysis_dict(an)
    assert analysis_dict(analysis_from_dict(json.loads(json.dumps(d)))) == d


def test_restore_round_trip_of_the_seed(seed_analysis):
    d = analysis_dict(seed_analysis)
    back = analysis_from_dict(json.loads(json.dumps(d)))
    assert analysis_dict(back) == d
    assert back.off_topic == seed_analysis.off_topic


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_writes_the_story(tmp_path, hindi, english, comparison, fmt):
    if fmt not in tasks.export_formats():
        pytest.skip(f"{fmt} export is not in this build")
    out = tasks.export_story(
        tmp_path / f"story.{fmt}", [hindi, english], None, fmt, settings={"codebook": "policy_frames"}
    )
    assert out.exists() and out.stat().st_size > 1000
    assert not list(tmp_path.glob("*.part"))
    if fmt == "json":
        body = json.loads(out.read_text(encoding="utf-8"))
        blob = json.dumps(body, ensure_ascii=False)
        assert "केसीएनए" in blob and "Yonhap" in blob


def test_export_xlsx_opens_with_openpyxl(tmp_path, hindi, english):
    if "xlsx" not in tasks.export_formats():
        pytest.skip("Excel export is not in this build")
    import openpyxl

    out = tasks.export_story(tmp_path / "story.xlsx", [hindi, english], None, "xlsx")
    wb = openpyxl.load_workbook(out, read_only=True)
    assert len(wb.sheetnames) >= 2


def test_comparison_is_none_with_a_reason_for_one_article(sample_analyses):
    res = tasks.compare_analyses(sample_analyses[:1])
    assert res.comparison is None and "two articles" in res.reason


def test_frame_names_of_the_default_codebook():
    names = tasks.frame_names("policy_frames")
    assert len(names) == 15 and all(isinstance(v, str) and v for v in names.values())
    assert tasks.frame_names("no-such-codebook") == {}
