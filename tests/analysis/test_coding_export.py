"""Codings, coded items, agreement and disagreements in the workbook, CSV and JSON."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from analysis.coding.agree_tasks import agree
from analysis.coding.codings import new_coding
from analysis.coding.overrides import apply_codings, coded_dict
from analysis.export import write_csv, write_json, write_workbook
from analysis.export.coding_tables import CodingExport
from analysis.serialize import analysis_dict

CODING_SHEETS = ["Codings", "Coded items", "Agreement", "Disagreements"]


@pytest.fixture(scope="module")
def story():
    from analysis.ingest import read_inputs
    from analysis.models import ModelSet
    from analysis.pipeline import analyze_article
    from analysis.samples import sample_paths

    arts = {a.id: a for a in read_inputs([str(p) for p in sample_paths()])}
    models = ModelSet.load()
    hi = analyze_article(arts["sample-hi-main"], models=models)
    en = analyze_article(arts["sample-en-wire"], models=models)
    cue = hi.scores.attributions[0]
    codings = [
        new_coding(
            "रीना",
            hi.article,
            "attribution",
            cue.start,
            cue.end,
            {"source_type": "state_media"},
            memo="=SUM(A1) नहीं, टिप्पणी",
        ),
        new_coding("रीना", hi.article, "memo", memo="शीर्षक में दावा बढ़ा-चढ़ाकर"),
        new_coding("रीना", en.article, "loaded", *_span(en.text, "unconditionally"), {"loaded": True}),
        new_coding("रीना", arts["sample-en-rerun"], "loaded", 0, 5, {"loaded": False}),  # not in this export
    ]
    dicts = [
        coded_dict(apply_codings(hi, codings, models=models)),
        coded_dict(apply_codings(en, codings, models=models)),
    ]
    rows_a = [{"id": str(i), "text": f"वाक्य {i}", "labels": ["loaded"] if i % 2 else []} for i in range(6)]
    rows_b = [{"id": str(i), "text": f"वाक्य {i}", "labels": ["loaded"] if i % 3 else []} for i in range(6)]
    report = agree("loaded", rows_a, rows_b, "रीना", "model", n_boot=100, seed=2)
    return dicts, codings, report, [analysis_dict(hi), analysis_dict(en)]


def _span(text, needle):
    i = text.index(needle)
    return i, i + len(needle)


def _rows(ws):
    it = ws.iter_rows(values_only=True)
    head = next(it)
    return [dict(zip(head, r)) for r in it]


def test_workbook_has_the_coding_sheets(story, tmp_path):
    dicts, codings, report, _ = story
    path = write_workbook(dicts, tmp_path / "coded.xlsx", coding=CodingExport(codings, [report]))
    wb = load_workbook(path)
    assert [s for s in wb.sheetnames if s in CODING_SHEETS] == CODING_SHEETS
    rows = _rows(wb["Codings"])
    assert len(rows) == len(codings)
    att = next(r for r in rows if r["task"] == "attribution")
    assert att["coder"] == "रीना" and att["source_type"] == "state_media" and att["stale"] is False
    assert att["coded_text"] == dicts[0]["text"][att["start"] : att["end"]]
    assert att["memo"].startswith("=SUM")  # stays text
    assert wb["Codings"].cell(row=2 + rows.index(att), column=20).data_type in ("s", "inlineStr")
    assert att["created_at"].endswith("+00:00")
    memo = next(r for r in rows if r["task"] == "memo")
    assert memo["start"] is None and memo["value"] == "memo" and "बढ़ा-चढ़ाकर" in memo["memo"]
    outside = next(r for r in rows if r["article_id"] == "sample-en-rerun")
    assert outside["coded_text"] is None and outside["stale"] is None and outside["loaded"] is False
    items = _rows(wb["Coded items"])
    assert {(r["article_id"], r["item"], r["coded_by"]) for r in items if r["view"] == "scores"} == {
        ("sample-hi-main", "attribution", "रीना"),
        ("sample-en-wire", "loaded_language", "रीना"),
    }
    agr = _rows(wb["Agreement"])
    overall = next(r for r in agr if r["scope"] == "overall")
    assert overall["cohen_kappa"] == report["overall"]["cohen_kappa"]["value"]
    assert overall["cohen_kappa_low"] == report["overall"]["cohen_kappa"]["ci95"][0]
    assert {r["scope"] for r in agr} == {"overall", "per_label", "macro"}
    dis = _rows(wb["Disagreements"])
    assert len(dis) == len(report["disagreements"]) and dis[0]["coding_a"] in ("loaded", "(none)")
    variables = {(r["sheet"], r["column"]) for r in _rows(wb["Variables"])}
    assert ("Codings", "coder") in variables and ("Agreement", "krippendorff_alpha_high") in variables


def test_without_codings_the_workbook_is_unchanged(story, tmp_path):
    _, _, _, plain = story
    wb = load_workbook(write_workbook(plain, tmp_path / "plain.xlsx"))
    assert not set(CODING_SHEETS) & set(wb.sheetnames)


def test_agreement_alone_exports_to_excel(story, tmp_path):
    _, _, report, _ = story
    wb = load_workbook(write_workbook([], tmp_path / "agreement.xlsx", coding=CodingExport(agreements=[report])))
    assert len(_rows(wb["Disagreements"])) == len(report["disagreements"])
    assert _rows(wb["Codings"]) == []


def test_csv_and_json_carry_the_same_tables(story, tmp_path):
    dicts, codings, report, _ = story
    files = write_csv(dicts, tmp_path / "csv", coding=CodingExport(codings, [report]))
    names = {p.name for p in files}
    assert {"codings.csv", "coded_items.csv", "agreement.csv", "disagreements.csv"} <= names
    text = (tmp_path / "csv" / "codings.csv").read_text(encoding="utf-8-sig")
    assert "रीना" in text
    doc = json.loads(
        write_json(dicts, tmp_path / "e.json", coding=CodingExport(codings, [report])).read_text(encoding="utf-8")
    )
    assert len(doc["tables"]["codings"]["rows"]) == len(codings)
    assert doc["tables"]["agreement"]["rows"][0]["task"] == "loaded"
