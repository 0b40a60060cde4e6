"""The Excel workbook read back with openpyxl: sheets, types, join keys, formatting,
hostile text, Hindi, provenance, limits, and atomic writing."""

from __future__ import annotations

import datetime as dt
import time
import zipfile

import pytest
from openpyxl import load_workbook

from analysis.export import ExportOptions, write_workbook
from analysis.export.columns import BOOLEAN, DATE, INTEGER, NUMBER, SCORE, SHARE, STRING, TEXT
from analysis.export.tables import ExportContext, build_tables
from analysis.model import Article
from analysis.pipeline import Cancelled, analyze_article
from analysis.serialize import analysis_dict
from tests.analysis.test_export_fixtures import (
    HI_TEXT,
    HOSTILE_LINES,
    HOSTILE_TEXT,
    MODEL_SHA,
    comparison,
    english_analysis,
    hindi_analysis,
)

SHEETS = [
    "Summary",
    "Segments",
    "Sentences",
    "Attributions",
    "Figures",
    "Dates",
    "Facts_compared",
    "Facts_matrix",
    "Alignment",
    "Contradictions",
    "Framing",
    "Frame_divergence",
    "Sourcing",
    "Entities",
    "Loaded_language",
    "Variables",
    "Provenance",
]
HOSTILE_HI_LINES = [
    "=सरकार ने कहा कि सब ठीक है",
    "+५०० लोग घायल हुए",
    "-सूत्रों के अनुसार हालात गंभीर हैं।",
    "@एजेंसी: =SUM(1,2)",
]
HOSTILE_HI_TEXT = "\n\n".join(HOSTILE_HI_LINES) + "\n"


@pytest.fixture
def filled():
    hi, en = hindi_analysis(), english_analysis()
    return [hi, en], comparison(hi, en)


def _sheet_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def _analyse(text: str, **meta) -> dict:
    return analysis_dict(analyze_article(Article(text=text, **meta)))


def test_every_sheet_present_with_headers_types_and_join_keys(filled, tmp_path):
    analyses, cmp = filled
    out = write_workbook(analyses, tmp_path / "story.xlsx", comparison=cmp)
    wb = load_workbook(out)
    assert wb.sheetnames == SHEETS
    tables = {t.sheet: t for t in build_tables(ExportContext(analyses, cmp))}
    checked = 0
    for name in SHEETS:
        ws = wb[name]
        table = tables[name]
        header = [c.value for c in ws[1]]
        assert header == table.names, name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert ws.freeze_panes in ("A2", "B2"), name
        if table.names[0] == "article_id":
            assert ws.freeze_panes == "B2"
        assert ws.column_dimensions["A"].width >= 6
        for row in ws.iter_rows(min_row=2):
            for col, cell in zip(table.columns, row):
                if cell.value is None:
                    continue
                checked += 1
                expected = {
                    INTEGER: int,
                    NUMBER: (int, float),
                    SHARE: (int, float),
                    SCORE: (int, float),
                    BOOLEAN: bool,
                    DATE: dt.datetime,
                    TEXT: str,
                    STRING: str,
                }.get(col.type)
                if expected:
                    assert isinstance(cell.value, expected), (name, col.name, cell.value)
                    if expected is int:
                        assert not isinstance(cell.value, bool), (name, col.name)
    assert checked > 500
    summary = _sheet_rows(wb["Summary"])
    assert [r["article_id"] for r in summary] == ["hi-border-1", "en-border-1"]
    ids = {r["article_id"] for r in summary}
    for name in ("Segments", "Sentences", "Attributions", "Figures", "Dates", "Framing", "Sourcing"):
        assert {r["article_id"] for r in _sheet_rows(wb[name])} == ids, name
    atts = _sheet_rows(wb["Attributions"])
    sents = {(r["article_id"], r["sentence_idx"]): r for r in _sheet_rows(wb["Sentences"])}
    for a in atts:
        s = sents[(a["article_id"], a["sentence_idx"])]
        assert s["start"] <= a["start"] < s["end"]  # the join key leads to the right sentence


def test_formatting_number_formats_bars_and_charts(filled, tmp_path):
    analyses, cmp = filled
    out = write_workbook(analyses, tmp_path / "story.xlsx", comparison=cmp)
    wb = load_workbook(out)
    summary = wb["Summary"]
    col = [c.value for c in summary[1]].index("attributed_share") + 1
    assert summary.cell(row=2, column=col).number_format == "0.0%"
    date_col = [c.value for c in summary[1]].index("date") + 1
    assert summary.cell(row=2, column=date_col).is_date
    assert wb["Sentences"].conditional_formatting, "scores get data bars"
    assert wb["Framing"].conditional_formatting, "frame shares get a colour scale"
    matrix = wb["Facts_matrix"]
    troops = next(r for r in matrix.iter_rows(min_row=2) if r[2].value == "troops")
    assert troops[0].fill.fgColor.rgb.endswith("F8CBAD"), "disagreements are shaded"
    injured = next(r for r in matrix.iter_rows(min_row=2) if r[2].value == "injured")
    assert injured[0].fill.fill_type is None
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        xml = "".join(z.read(n).decode() for n in charts)
    assert "percentStacked" in xml and "Security and defense" in xml and "'Framing'!" in xml
    assert "stacked" in xml and "'Sourcing'!" in xml and "anonymous official" in xml


def _no_formula_anywhere(path) -> None:
    wb = load_workbook(path)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (ws.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(n) and b"<f " not in z.read(n), n


@pytest.mark.parametrize("text", [HOSTILE_TEXT, HOSTILE_HI_TEXT], ids=["english", "hindi"])
def test_hostile_article_never_becomes_a_formula_and_stays_verbatim(text, tmp_path):
    a = _analyse(text, title="=cmd|' /C calc'!A0", outlet="@Outlet", id="=HYPERLINK(1)")
    a["title"] = "=cmd|' /C calc'!A0"
    out = write_workbook([a], tmp_path / "hostile.xlsx")
    _no_formula_anywhere(out)
    wb = load_workbook(out)
    summary = _sheet_rows(wb["Summary"])[0]
    assert summary["title"] == "=cmd|' /C calc'!A0" and summary["outlet"] == "@Outlet"
    assert summary["article_id"] == "=HYPERLINK(1)"
    segs = _sheet_rows(wb["Segments"])
    assert len(segs) == len(a["segments"]) > 0
    for row, seg in zip(segs, a["segments"]):
        assert row["text"] == text[seg["start"] : seg["end"]]
    texts = [r["text"] for r in segs]
    lines = HOSTILE_LINES if text == HOSTILE_TEXT else HOSTILE_HI_LINES
    for line in lines:  # each line starts a segment (the segmenter may split a line further)
        assert any(t and line.strip().startswith(t) for t in texts), line
    first = [r["text"] for r in _sheet_rows(wb["Sentences"])]
    assert any(t.startswith(("=", "+", "-", "@")) for t in first)


@pytest.mark.parametrize("make", [english_analysis, hindi_analysis], ids=["english", "hindi"])
def test_error_lookalikes_stay_strings(make, tmp_path):
    a = make()
    a["outlet"] = "#N/A"
    a["title"] = "#DIV/0!"
    out = write_workbook([a], tmp_path / "e.xlsx")
    _no_formula_anywhere(out)
    row = _sheet_rows(load_workbook(out)["Summary"])[0]
    assert row["outlet"] == "#N/A" and row["title"] == "#DIV/0!"


def test_hindi_round_trips(filled, tmp_path):
    analyses, cmp = filled
    out = write_workbook(analyses, tmp_path / "hi.xlsx", comparison=cmp)
    wb = load_workbook(out)
    hi = analyses[0]
    sents = [r for r in _sheet_rows(wb["Sentences"]) if r["article_id"] == "hi-border-1"]
    assert [r["text"] for r in sents] == [HI_TEXT[s["start"] : s["end"]] for s in hi["sentences"]]
    atts = [r for r in _sheet_rows(wb["Attributions"]) if r["article_id"] == "hi-border-1"]
    assert atts[1]["cue"] == "के मुताबिक" and atts[1]["source"] == "सरकारी समाचार एजेंसी"
    assert _sheet_rows(wb["Summary"])[0]["outlet"] == "सीमा समाचार (काल्पनिक)"


def test_english_round_trips(filled, tmp_path):
    analyses, cmp = filled
    wb = load_workbook(write_workbook(analyses, tmp_path / "en.xlsx", comparison=cmp))
    atts = [r for r in _sheet_rows(wb["Attributions"]) if r["article_id"] == "en-border-1"]
    assert atts[0]["cue"] == "said" and atts[0]["content"] == "the situation on the border was under control"
    assert atts[1]["relay_chain"] == "State news agency > Indian Army"


def test_provenance_sheet_lists_model_hashes_and_reproducibility_facts(filled, tmp_path):
    analyses, cmp = filled
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    out = write_workbook(
        analyses,
        tmp_path / "p.xlsx",
        comparison=cmp,
        options=ExportOptions(exported_at=when, settings={"command": "test"}),
    )
    rows = _sheet_rows(load_workbook(out)["Provenance"])
    by = {(r["section"], r["name"]): r["value"] for r in rows}
    assert by[("model", "offtopic.sha256")] == MODEL_SHA
    assert by[("model", "attribution.sha256")] == "c" * 64
    assert by[("export", "exported_at")] == "2026-01-02T03:04:05+00:00"
    assert by[("export", "settings.command")] == "test" and by[("export", "articles")] == 2
    assert by[("writer", "format")] == "xlsx" and by[("writer", "cells_truncated")] == 0
    assert by[("codebook", "policy_frames.name")].startswith("Policy Frames")


def test_real_provenance_of_the_pipeline_is_listed(tmp_path):
    """A real analysis (today's pipeline): its model entries, whatever they hold, appear."""
    a = _analyse("The ministry said on Monday that about 1,500 farmers would be paid.\n")
    out = write_workbook([a], tmp_path / "real.xlsx")
    rows = _sheet_rows(load_workbook(out)["Provenance"])
    models = a["provenance"]["models"]
    names = {r["name"] for r in rows if r["section"] == "model"}
    for task, card in models.items():
        for key in card:
            assert any(n.startswith(f"{task}.{key}") for n in names), (task, key)
    from analysis.export.meta_tables import model_card

    for task, m in models.items():  # a shipped model's card metrics are listed with it
        if model_card(task, m.get("sha256"), None):
            assert any(n.startswith(f"{task}.cv.") or n.startswith(f"{task}.metrics") for n in names), task
    assert any(r["section"] == "input_file" and r["name"] == "text_sha256" for r in rows)


@pytest.mark.parametrize("ch", ["क", "x"], ids=["hindi", "english"])
def test_long_text_is_cut_at_the_excel_limit_and_flagged(ch, tmp_path):
    para = (ch * 9 + " ") * 4000  # 40,000 characters, one paragraph
    a = _analyse("शीर्षक / headline\n" + para + "\n")
    out = write_workbook([a], tmp_path / "long.xlsx")
    wb = load_workbook(out)
    segs = _sheet_rows(wb["Segments"])
    long = max(segs, key=lambda r: len(r["text"]))
    assert len(long["text"]) == 32767 and long["truncated"] is True
    assert para.startswith(long["text"])
    assert all(r["truncated"] is False for r in segs if r is not long)
    assert _sheet_rows(wb["Summary"])[0]["chars"] > 40000
    prov = {(r["section"], r["name"]): r["value"] for r in _sheet_rows(wb["Provenance"])}
    assert prov[("writer", "cells_truncated")] >= 1


@pytest.mark.parametrize(
    "text, word",
    [
        ("Headline\nThe official said\x0b the talks\x0c would resume on Monday.\n", "talks"),
        ("शीर्षक\nअधिकारी ने कहा\x0b कि बातचीत\x0c सोमवार को फिर शुरू होगी।\n", "बातचीत"),
    ],
    ids=["english", "hindi"],
)
def test_control_characters_are_replaced_one_for_one(text, word, tmp_path):
    a = _analyse(text)
    out = write_workbook([a], tmp_path / "ctl.xlsx")
    segs = _sheet_rows(load_workbook(out)["Segments"])
    body = next(r for r in segs if word in r["text"])
    assert body["text"].count("\ufffd") == 2
    assert len(body["text"]) == body["end"] - body["start"]  # offsets still index the cell text
    assert body["text"].replace("\ufffd", "") == text[body["start"] : body["end"]].replace("\x0b", "").replace(
        "\x0c", ""
    )


def test_sheet_past_the_row_limit_continues_on_a_second_sheet(filled, tmp_path):
    analyses, cmp = filled
    n_sent = sum(len(a["sentences"]) for a in analyses)
    out = write_workbook(analyses, tmp_path / "rows.xlsx", comparison=cmp, options=ExportOptions(max_rows_per_sheet=5))
    wb = load_workbook(out)
    parts = [n for n in wb.sheetnames if n == "Sentences" or n.startswith("Sentences_")]
    assert parts == ["Sentences"] + [f"Sentences_{i}" for i in range(2, len(parts) + 1)]
    assert len(parts) == -(-n_sent // 5)
    got = []
    for p in parts:
        rows = list(wb[p].iter_rows(values_only=True))
        assert rows[0][0] == "article_id" and len(rows) - 1 <= 5
        got += rows[1:]
    assert len(got) == n_sent
    prov = [r for n in wb.sheetnames if n.startswith("Provenance") for r in _sheet_rows(wb[n])]
    assert any(r["name"] == "sheet_continued.Sentences" and r["value"] == "Sentences_2" for r in prov)


def test_cancelled_export_leaves_the_old_file_intact(filled, tmp_path):
    analyses, cmp = filled
    target = tmp_path / "keep.xlsx"
    write_workbook(analyses[:1], target)
    before = target.read_bytes()

    def cancel(fraction, message):
        if fraction > 0.4:
            raise Cancelled()

    with pytest.raises(Cancelled):
        write_workbook(analyses, target, comparison=cmp, progress=cancel)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"], "no temporary file left behind"


def test_failed_export_leaves_the_old_file_intact(tmp_path):
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"the researcher's old workbook")

    def analyses():
        yield hindi_analysis()
        raise RuntimeError("disk vanished")

    class Broken:
        def __iter__(self):
            return analyses()

    with pytest.raises(RuntimeError):
        write_workbook(Broken(), target)
    assert target.read_bytes() == b"the researcher's old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.xlsx"]


def test_missing_folder_is_an_error_not_a_stray_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_workbook([english_analysis()], tmp_path / "nope" / "x.xlsx")


@pytest.fixture(scope="module")
def sample_story():
    from analysis.samples import sample_paths

    out = []
    for p in sample_paths():
        from analysis.ingest import read_inputs

        for art in read_inputs([str(p)]):
            out.append(analysis_dict(analyze_article(art)))
    return out


def test_sample_story_exports_in_under_a_second(sample_story, tmp_path):
    assert len(sample_story) == 5 and {a["language"] for a in sample_story} == {"hi", "en"}
    t0 = time.perf_counter()
    out = write_workbook(sample_story, tmp_path / "sample.xlsx")
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0, f"sample story export took {elapsed:.2f} s"
    wb = load_workbook(out)
    summary = _sheet_rows(wb["Summary"])
    assert [r["article_id"] for r in summary] == [a["id"] for a in sample_story]
    assert all(r["sample"] is True and "SAMPLE" in r["outlet"] for r in summary)
    hi = next(a for a in sample_story if a["id"] == "sample-hi-main")
    segs = [r for r in _sheet_rows(wb["Segments"]) if r["article_id"] == "sample-hi-main"]
    assert [r["text"] for r in segs] == [hi["text"][s["start"] : s["end"]] for s in hi["segments"]]


def test_every_string_is_an_inline_string_cell(filled, tmp_path):
    """The rows are written as SpreadsheetML text: every str becomes t="inlineStr",
    whatever it starts with, and numbers and booleans keep their types."""
    import re

    analyses, cmp = filled
    analyses[1]["title"] = "=1+1"
    out = write_workbook(analyses, tmp_path / "x.xlsx", comparison=cmp)
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert '<t xml:space="preserve">=1+1</t>' in xml
    types = re.findall(r'<c r="[A-Z]+\d+"(?: s="\d+")?(?: t="(\w+)")?>', xml)
    assert set(types) <= {"inlineStr", "b", ""} and "b" in types and "" in types
    assert "<f>" not in xml


PEAK_SCRIPT = """
import json, sys
from pathlib import Path
from analysis.export import SpooledAnalyses, write_workbook
from tests.analysis.test_export_fixtures import english_analysis, hindi_analysis
n = int(sys.argv[1])
base = [hindi_analysis(), english_analysis()]
with SpooledAnalyses(max_in_memory=0) as sp:
    for i in range(n):
        a = dict(base[i % 2]); a["id"] = f"{a['id']}-{i}"
        sp.add(a)
    write_workbook(sp, sys.argv[2])
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]) // 1024)
"""


@pytest.mark.slow
@pytest.mark.skipif(
    not __import__("pathlib").Path("/proc/self/status").exists(), reason="needs /proc to read peak memory"
)
def test_large_library_is_streamed_with_flat_memory(tmp_path):
    """2,000 articles take no more peak memory than 50 (write-only sheets, analyses
    on disk): building the cells in memory would add roughly 100 MB."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    peaks = []
    for n in (50, 2000):
        r = subprocess.run(
            [sys.executable, "-c", PEAK_SCRIPT, str(n), str(tmp_path / f"{n}.xlsx")],
            capture_output=True,
            text=True,
            cwd=root,
            timeout=300,
        )
        assert r.returncode == 0, r.stderr
        peaks.append(int(r.stdout.split()[-1]))
    wb = load_workbook(tmp_path / "2000.xlsx", read_only=True)
    assert sum(1 for _ in wb["Summary"].iter_rows()) == 2001
    assert peaks[1] - peaks[0] < 30, f"peak memory grew from {peaks[0]} MB to {peaks[1]} MB"
