"""``parallax export`` and the ``compare --xlsx`` hook as researchers script them:
files written, exit statuses, one line per problem, no traceback."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.export.cli import export_comparison
from tests.analysis.test_export_fixtures import comparison, english_analysis, hindi_analysis

HI = "सरकार ने सोमवार को कहा कि लगभग 1,500 किसानों को मुआवजा मिलेगा। विपक्ष ने इसका विरोध किया।\n"
EN = "The ministry said on Monday that about 1,500 farmers would be paid. The opposition objected.\n"


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "hi.txt").write_text(HI, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    return tmp_path / "hi.txt", tmp_path / "en.txt"


def run(args, capsys):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_writes_xlsx_csv_and_json(inputs, tmp_path, capsys):
    x, c, j = tmp_path / "out.xlsx", tmp_path / "csv", tmp_path / "out.json"
    code, out, err = run(["export", *inputs, "--xlsx", x, "--csv", c, "--json", j], capsys)
    assert code == 0, err
    assert out.splitlines() == [str(x), str(c), str(j)]
    wb = load_workbook(x)
    ids = [r[0] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)]
    assert len(ids) == 2
    rows = list(wb["Summary"].iter_rows(values_only=True))
    langs = {r[rows[0].index("language")] for r in rows[1:]}
    assert langs == {"hi", "en"}
    with open(c / "sentences.csv", encoding="utf-8-sig", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    assert "विपक्ष ने इसका विरोध किया।" in texts and "The opposition objected." in texts
    doc = json.loads(j.read_text(encoding="utf-8"))
    assert len(doc["tables"]["summary"]["rows"]) == 2
    prov = {(r["section"], r["name"]): r["value"] for r in doc["tables"]["provenance"]["rows"]}
    assert prov[("export", "settings.command")] == "export"
    assert prov[("writer", "format")] == "json"


def test_export_excel_safe_prefixes_csv_only(tmp_path, capsys):
    p = tmp_path / "hostile.txt"
    p.write_text(
        "=1+1 headline\n\n-5 degrees overnight, the office said.\n\n@सूत्रों के अनुसार हालात गंभीर हैं।\n", encoding="utf-8"
    )
    x, c = tmp_path / "o.xlsx", tmp_path / "csv"
    code, _, err = run(["export", p, "--xlsx", x, "--csv", c, "--excel-safe"], capsys)
    assert code == 0, err
    with open(c / "segments.csv", encoding="utf-8-sig", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    assert texts[0] == "'=1+1 headline" and texts[1].startswith("'-5 degrees")
    assert any(t.startswith("'@सूत्रों") for t in texts)
    segs = list(load_workbook(x)["Segments"].iter_rows(min_row=2, values_only=True))
    header = [h.value for h in load_workbook(x)["Segments"][1]]
    assert segs[0][header.index("text")] == "=1+1 headline"  # the workbook keeps the text as it was


def test_export_with_a_failed_input_exits_1_and_names_it(inputs, tmp_path, capsys):
    code, _, err = run(["export", inputs[0], tmp_path / "missing.txt", "--xlsx", tmp_path / "o.xlsx"], capsys)
    assert code == 1
    assert "missing.txt" in err and "Traceback" not in err
    assert (tmp_path / "o.xlsx").exists()


def test_export_without_readable_input_exits_2(tmp_path, capsys):
    code, _, err = run(["export", tmp_path / "missing.txt", "--xlsx", tmp_path / "o.xlsx"], capsys)
    assert code == 2 and "missing.txt" in err
    assert not (tmp_path / "o.xlsx").exists()


@pytest.mark.parametrize(
    "xlsx, message",
    [("nofolder/o.xlsx", "does not exist"), ("o.csv", "must name an .xlsx file"), (".", "folder")],
)
def test_export_bad_output_is_usage_error(inputs, tmp_path, capsys, monkeypatch, xlsx, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["export", *inputs, "--xlsx", xlsx], capsys)
    assert code == 2 and message in err and "Traceback" not in err


def test_export_requires_xlsx(inputs, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", str(inputs[0])])
    assert exc.value.code == 2


def test_export_comparison_hook_writes_the_story_workbook(tmp_path):
    hi, en = hindi_analysis(), english_analysis()
    target = tmp_path / "story.xlsx"
    assert export_comparison([hi, en], comparison(hi, en), target) == 0
    wb = load_workbook(target)
    rows = list(wb["Alignment"].iter_rows(values_only=True))
    assert len(rows) > 1 and rows[0][:3] == ("claim_idx", "claim_kind", "article_id")


def test_export_comparison_hook_reports_an_unwritable_file(tmp_path, capsys):
    hi, en = hindi_analysis(), english_analysis()
    (tmp_path / "taken.xlsx").mkdir()
    assert export_comparison([hi, en], comparison(hi, en), tmp_path / "taken.xlsx") == 2
    err = capsys.readouterr().err
    assert "taken.xlsx" in err and "cannot write" in err and len(err.strip().splitlines()) == 1
