"""The export's tables: one row per thing, join keys, filled and empty analyses, and the
CSV / JSON writers that share them with the workbook."""

from __future__ import annotations

import csv
import json

import pytest

from analysis.export import ExportOptions, SpooledAnalyses, write_csv, write_json
from analysis.export.cells import CellPolicy, cut_utf16, utf16_len
from analysis.export.columns import COLUMN_TYPES, Column, article_column
from analysis.export.tables import ExportContext, build_tables
from tests.analysis.test_export_fixtures import (
    EN_TEXT,
    HI_TEXT,
    MODEL_SHA,
    comparison,
    english_analysis,
    hindi_analysis,
)

JOIN_KEYS = {
    "segments": ("article_id", "segment_idx"),
    "sentences": ("article_id", "sentence_idx", "segment_idx"),
    "attributions": ("article_id", "attribution_idx", "sentence_idx"),
    "figures": ("article_id", "figure_idx", "sentence_idx", "attribution_idx"),
    "dates": ("article_id", "date_idx", "sentence_idx"),
}


def tables_of(analyses, cmp=None, stories=None, **opts):
    ctx = ExportContext(analyses, cmp, stories, ExportOptions(**opts))
    return {t.key: t for t in build_tables(ctx)}


def rows_of(table) -> list[dict]:
    return [dict(zip(table.names, r)) for r in table.rows()]


@pytest.fixture
def filled():
    hi, en = hindi_analysis(), english_analysis()
    return [hi, en], comparison(hi, en)


def test_every_table_has_ascii_snake_case_columns_and_known_types(filled):
    analyses, cmp = filled
    for t in tables_of(analyses, cmp).values():
        assert t.names and len(set(t.names)) == len(t.names), t.key
        for c in t.columns:
            assert c.name.isascii() and c.name == c.name.lower() and " " not in c.name
            assert c.type in COLUMN_TYPES and c.meaning
        for r in t.rows():
            assert len(r) == len(t.columns), t.key


def test_column_names_are_checked():
    with pytest.raises(ValueError):
        Column("Article ID", "string", "bad name")
    with pytest.raises(ValueError):
        Column("x", "float", "bad type")
    assert article_column(0, "sample-hi-main") == "a1_sample_hi_main"
    assert article_column(2, "उत्तर-कोरिया") == "a3"  # Devanagari id: position only


def test_row_per_thing_with_join_keys_hindi(filled):
    analyses, cmp = filled
    hi = analyses[0]
    t = tables_of(analyses, cmp)
    for key, keys in JOIN_KEYS.items():
        for r in rows_of(t[key]):
            for k in keys[:2]:
                assert r[k] is not None, (key, k)
    sents = [r for r in rows_of(t["sentences"]) if r["article_id"] == hi["id"]]
    assert len(sents) == len(hi["sentences"])
    for r, s in zip(sents, hi["sentences"]):
        assert r["text"] == HI_TEXT[s["start"] : s["end"]] and r["segment_idx"] == s["segment"]
    atts = [r for r in rows_of(t["attributions"]) if r["article_id"] == hi["id"]]
    assert [r["source_type"] for r in atts] == ["government", "state_media", "anonymous_official", "anonymous_official"]
    assert atts[0]["source"] == "रक्षा मंत्रालय के प्रवक्ता" and atts[0]["content"] == "सीमा पर हालात नियंत्रण में हैं"
    figs = [r for r in rows_of(t["figures"]) if r["article_id"] == hi["id"]]
    assert figs[0]["value"] == 1200.0 and figs[0]["text"] == "1,200" and figs[0]["source"] == "State news agency"
    assert figs[0]["sentence_idx"] == 2 and figs[0]["attribution_idx"] == 1


def test_row_per_thing_with_join_keys_english(filled):
    analyses, cmp = filled
    en = analyses[1]
    t = tables_of(analyses, cmp)
    atts = [r for r in rows_of(t["attributions"]) if r["article_id"] == en["id"]]
    assert atts[1]["relay_chain"] == "State news agency > Indian Army" and atts[1]["relays"] == 1
    assert atts[1]["sentence_idx"] == 2
    sents = [r for r in rows_of(t["sentences"]) if r["article_id"] == en["id"]]
    assert [r["is_claim"] for r in sents] == [False, True, True, True, True, True]
    shameful = next(r for r in sents if "shameful" in r["text"])
    assert shameful["loaded_score"] == pytest.approx(0.81) and shameful["loaded_spans"] == 1
    assert shameful["frame_security_defense"] is not None
    dates = [r for r in rows_of(t["dates"]) if r["article_id"] == en["id"]]
    assert dates[1]["text"] == "March 12, 2025" and str(dates[1]["date"]) == "2025-03-12"


def test_summary_of_filled_analyses(filled):
    analyses, cmp = filled
    stories = {
        "stories": [{"id": "s1", "label": "सीमा पर तनाव", "articles": [{"id": "hi-border-1"}, {"id": "en-border-1"}]}]
    }
    s = {r["article_id"]: r for r in rows_of(tables_of(analyses, cmp, stories)["summary"])}
    hi, en = s["hi-border-1"], s["en-border-1"]
    assert hi["story_label"] == "सीमा पर तनाव" and hi["outlet"] == "सीमा समाचार (काल्पनिक)"
    assert hi["off_topic_count"] == 1 and hi["attributed_share"] == 0.8 and hi["state_media_share"] == 0.25
    assert (
        hi["top_frame_1"] == "security_defense" and hi["top_frame_1_share"] == 0.62 and hi["top_frame_2"] == "political"
    )
    assert hi["readability_aksharas_per_word"] == 2.3 and hi["readability_flesch_reading_ease"] is None
    assert hi["attributed_share_with_inserts"] == 0.667 and hi["words_with_inserts"] == 71
    assert en["readability_flesch_reading_ease"] == 48.2 and en["inconsistencies"] == 1
    assert str(en["date"]) == "2025-03-04" and en["date_text"] == "2025-03-04"
    assert hi["provenance_id"] == en["provenance_id"]


def test_empty_fields_give_columns_and_no_values():
    """What the pipeline gives today: attributions, profile, frames, loaded language
    empty or null with a skipped entry."""
    a = hindi_analysis()
    a.update(
        attributions=[],
        attribution_profile=None,
        frames=None,
        loaded_language=[],
        loaded_language_rate=0.0,
        with_inserts=None,
    )
    a["skipped"] = [
        {"feature": "attribution", "reason": "not in this build"},
        {"feature": "loaded_language", "reason": "not in this build"},
    ]
    t = tables_of([a])
    assert rows_of(t["attributions"]) == []
    s = rows_of(t["summary"])[0]
    assert s["attributed_share"] is None and s["top_frame_1"] is None and s["skipped"] == "attribution; loaded_language"
    assert "frame_security_defense" in t["sentences"].names  # the codebook in force still gives the columns
    sent = rows_of(t["sentences"])[1]
    assert sent["is_claim"] is None and sent["loaded_score"] is None and sent["frame_security_defense"] is None
    src = rows_of(t["sourcing"])[0]
    assert src["n_state_media"] is None and src["attributions"] == 0
    for key in ("facts_matrix", "facts_compared", "alignment", "frame_divergence"):
        assert rows_of(t[key]) == [], key  # headers only without a comparison


def test_comparison_tables(filled):
    analyses, cmp = filled
    t = tables_of(analyses, cmp)
    matrix = rows_of(t["facts_matrix"])
    troops = next(r for r in matrix if r["about"] == "troops")
    assert troops["disagree"] is True and troops["a1_hi_border_1"] == 1200.0 and troops["a2_en_border_1"] == 1500.0
    talks = next(r for r in matrix if r["kind"] == "date")
    assert talks["a1_hi_border_1"] == "2025-03-12" and talks["disagree"] is False
    long = rows_of(t["facts_compared"])
    assert {r["article_id"] for r in long} == {"hi-border-1", "en-border-1"}
    assert next(r for r in long if r["article_id"] == "hi-border-1" and r["about"] == "troops")["text"] == "1,200"
    claims = rows_of(t["alignment"])
    second = [r for r in claims if r["claim_idx"] == 1 and r["claim_kind"] == "shared"]
    assert [(r["article_id"], r["present"]) for r in second] == [("hi-border-1", True), ("en-border-1", False)]
    assert second[0]["text"].startswith("बातचीत") and second[0]["source_type"] == "anonymous_official"
    unique = [r for r in claims if r["claim_kind"] == "unique"]
    assert unique[0]["text"].startswith("The opposition") and unique[0]["best_score"] == 0.31
    con = rows_of(t["contradictions"])
    across = [r for r in con if r["found_by"] == "comparison"]
    assert [r["text"] for r in across] == ["1,200", "1,500"] and across[0]["scope"] == "across_articles"
    within = [r for r in con if r["found_by"] == "analysis"]
    assert within and within[0]["article_id"] == "en-border-1" and within[0]["scope"] == "within_article"
    div = rows_of(t["frame_divergence"])
    assert div[0]["a2_en_border_1"] == 0.08


def test_framing_and_sourcing_side_by_side(filled):
    analyses, cmp = filled
    t = tables_of(analyses, cmp)
    fr = {r["article_id"]: r for r in rows_of(t["framing"])}
    assert fr["hi-border-1"]["share_security_defense"] == 0.62 and fr["en-border-1"]["prob_health_safety"] == 0.3
    shares = [v for k, v in fr["hi-border-1"].items() if k.startswith("share_") and v]
    assert sum(shares) == pytest.approx(1.0)
    src = {r["article_id"]: r for r in rows_of(t["sourcing"])}
    assert src["hi-border-1"]["n_state_media"] == 1 and src["en-border-1"]["n_state_media"] == 0
    assert src["en-border-1"]["n_government"] == 2 and src["hi-border-1"]["countries"] == "IN"
    assert t["framing"].chart and t["sourcing"].chart


def test_variables_describe_every_column_of_every_sheet(filled):
    analyses, cmp = filled
    t = tables_of(analyses, cmp)
    described = {(r["table"], r["column"]) for r in rows_of(t["variables"])}
    for table in t.values():
        for name in table.names:
            assert (table.key, name) in described, (table.key, name)
    v = {(r["table"], r["column"]): r for r in rows_of(t["variables"])}
    assert v[("summary", "attributed_share")]["unit"] == "share (0-1)"
    assert "state_media" in v[("attributions", "source_type")]["allowed_values"]
    assert (
        "hi_border_1" in v[("facts_matrix", "a1_hi_border_1")]["column"]
        and "hi-border-1" in v[("facts_matrix", "a1_hi_border_1")]["meaning"]
    )


def test_provenance_lists_models_hashes_codebook_and_inputs(filled, tmp_path):
    analyses, cmp = filled
    src = tmp_path / "hi.txt"
    src.write_text(HI_TEXT, encoding="utf-8")
    analyses[0]["path"] = str(src)
    rows = rows_of(tables_of(analyses, cmp)["provenance"])
    by = {(r["section"], r["name"]): r for r in rows}
    assert by[("model", "offtopic.sha256")]["value"] == MODEL_SHA
    assert by[("model", "attribution.training_data_sha256")]["value"] == "d" * 64
    assert (
        by[("codebook", "policy_frames.sha256")]["value"]
        and len(by[("codebook", "policy_frames.sha256")]["value"]) == 64
    )
    assert by[("export", "app_version")]["value"] and by[("export", "platform")]["value"]
    assert by[("analysis", "settings.include_off_topic")]["value"] is False
    files = [r for r in rows if r["section"] == "input_file" and r["article_id"] == "hi-border-1"]
    import hashlib

    assert {r["name"]: r["value"] for r in files}["file_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert {r["name"]: r["value"] for r in files}["text_sha256"] == hashlib.sha256(HI_TEXT.encode()).hexdigest()


def test_provenance_reports_model_card_metrics_only_for_the_same_model(filled, tmp_path):
    analyses, _ = filled
    card = {
        "id": "offtopic-x",
        "sha256": MODEL_SHA,
        "metrics": {"f1": 0.91, "clean_false_flag_rate": 0.02},
        "n_train": 800,
    }
    (tmp_path / "offtopic").mkdir()
    (tmp_path / "offtopic" / "card.json").write_text(json.dumps(card), encoding="utf-8")
    other = dict(card, sha256="f" * 64, metrics={"f1": 0.5})
    (tmp_path / "attribution").mkdir()
    (tmp_path / "attribution" / "card.json").write_text(json.dumps(other), encoding="utf-8")
    rows = rows_of(tables_of(analyses, model_dir=str(tmp_path))["provenance"])
    by = {(r["section"], r["name"]): r["value"] for r in rows}
    assert by[("model", "offtopic.metrics.f1")] == 0.91 and by[("model", "offtopic.n_train")] == 800
    assert ("model", "attribution.metrics.f1") not in by  # a card for another model file is not reported


def test_provenance_reads_cross_validated_metrics_per_language(filled, tmp_path):
    """The shipped cards keep their metrics under cv.metrics, per language."""
    analyses, _ = filled
    card = {
        "sha256": MODEL_SHA,
        "n_examples": 900,
        "threshold": 0.8,
        "cv": {
            "folds": 5,
            "grid": [{"f1": 0.8}],
            "metrics": {"all": {"f1": 0.87}, "hi": {"f1": 0.88}, "en": {"f1": 0.86}},
        },
    }
    (tmp_path / "offtopic").mkdir()
    (tmp_path / "offtopic" / "card.json").write_text(json.dumps(card), encoding="utf-8")
    rows = rows_of(tables_of(analyses, model_dir=str(tmp_path))["provenance"])
    by = {(r["section"], r["name"]): r["value"] for r in rows}
    assert by[("model", "offtopic.cv.metrics.hi.f1")] == 0.88 and by[("model", "offtopic.cv.metrics.en.f1")] == 0.86
    assert by[("model", "offtopic.cv.folds")] == 5 and by[("model", "offtopic.n_examples")] == 900


def test_provenance_separates_analyses_from_different_models():
    hi, en = hindi_analysis(), english_analysis()
    en["provenance"] = dict(
        en["provenance"], models={"offtopic": {"id": "old", "sha256": "e" * 64, "training_data_sha256": None}}
    )
    t = tables_of([hi, en])
    ids = {r["article_id"]: r["provenance_id"] for r in rows_of(t["summary"])}
    assert ids["hi-border-1"] != ids["en-border-1"]
    rows = rows_of(t["provenance"])
    counts = {r["provenance_id"]: r["value"] for r in rows if r["section"] == "analysis" and r["name"] == "articles"}
    assert counts == {ids["hi-border-1"]: 1, ids["en-border-1"]: 1}


def test_cell_policy_cuts_at_the_excel_limit_counting_utf16():
    p = CellPolicy.for_format("xlsx", ExportOptions(max_cell_chars=10))
    row = p.row(["क" * 12, "ok", False], truncated_at=2)
    assert row == ["क" * 10, "ok", True] and p.cells_truncated == 1
    emoji = "😀" * 6  # 12 UTF-16 code units
    assert utf16_len(cut_utf16(emoji, 10)) == 10 and cut_utf16(emoji, 10) == "😀" * 5
    assert p.row([float("nan"), float("inf"), 1.5], None) == [None, None, 1.5]


def test_cell_policy_replaces_xml_illegal_characters_one_for_one():
    p = CellPolicy.for_format("xlsx", ExportOptions())
    v, cut = p.value("a\x0bb\x00c\ud800")
    assert v == "a\ufffdb\ufffdc\ufffd" and len(v) == 6 and not cut and p.characters_replaced == 3
    j = CellPolicy.for_format("json", ExportOptions())
    assert j.value("a\x0bb")[0] == "a\x0bb"  # JSON keeps the text verbatim


@pytest.mark.parametrize("text", ["=1+1", "+91 98765 43210 पर कॉल करें", "-5 degrees", "@SUM(A1)", "\t=x", "\r=x"])
def test_excel_safe_prefixes_risky_strings_only_when_asked(text):
    safe = CellPolicy.for_format("csv", ExportOptions(excel_safe=True))
    assert safe.value(text)[0] == "'" + text
    assert safe.value(-5.0)[0] == -5.0  # numbers are numbers
    assert safe.value("सामान्य पाठ")[0] == "सामान्य पाठ"
    assert CellPolicy.for_format("csv", ExportOptions()).value(text)[0] == text


def _read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV needs a BOM so Excel reads Hindi as UTF-8"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True)))


def test_csv_files_are_utf8_with_bom_and_verbatim(filled, tmp_path):
    analyses, cmp = filled
    written = write_csv(analyses, tmp_path / "csv", comparison=cmp)
    names = {p.name for p in written}
    assert {"summary.csv", "sentences.csv", "attributions.csv", "variables.csv", "provenance.csv"} <= names
    sents = _read_csv(tmp_path / "csv" / "sentences.csv")
    hi = [r for r in sents if r["article_id"] == "hi-border-1"]
    assert hi[1]["text"] == HI_TEXT[analyses[0]["sentences"][1]["start"] : analyses[0]["sentences"][1]["end"]]
    assert hi[1]["is_claim"] == "TRUE" and hi[0]["is_claim"] == "FALSE"
    en = [r for r in sents if r["article_id"] == "en-border-1"]
    assert en[2]["text"] in EN_TEXT
    summ = _read_csv(tmp_path / "csv" / "summary.csv")
    assert summ[0]["date"] == "2025-03-04" and float(summ[0]["attributed_share"]) == 0.8
    prov = _read_csv(tmp_path / "csv" / "provenance.csv")
    assert any(r["name"] == "excel_safe" and r["value"] == "FALSE" for r in prov if r["section"] == "writer")


def test_csv_excel_safe_option_prefixes_and_says_so(tmp_path):
    a = english_analysis()
    a["title"] = '=HYPERLINK("http://example.invalid")'
    a["outlet"] = "@समाचार"
    write_csv([a], tmp_path, options=ExportOptions(excel_safe=True))
    s = _read_csv(tmp_path / "summary.csv")[0]
    assert s["title"] == "'" + a["title"] and s["outlet"] == "'@समाचार"
    prov = {(r["section"], r["name"]): r["value"] for r in _read_csv(tmp_path / "provenance.csv")}
    assert prov[("writer", "excel_safe")] == "TRUE" and int(prov[("writer", "cells_prefixed")]) >= 2


def test_json_has_the_same_tables_and_round_trips_hindi(filled, tmp_path):
    analyses, cmp = filled
    out = write_json(analyses, tmp_path / "export.json", comparison=cmp)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "parallax.export/1"
    t = tables_of(analyses, cmp)
    assert set(doc["tables"]) == set(t)
    for key, table in t.items():
        assert [c["name"] for c in doc["tables"][key]["columns"]] == table.names
        got = [r for r in doc["tables"][key]["rows"] if r.get("section") != "writer"]  # the writer reports itself
        assert len(got) == len(list(table.rows())), key
    seg = doc["tables"]["segments"]["rows"][2]
    assert seg["text"] == "देखें VIDEO: मुंबई में बारिश से जलभराव, कई उड़ानें रद्द" and seg["off_topic"] is True
    assert doc["tables"]["summary"]["rows"][0]["date"] == "2025-03-04"


@pytest.mark.parametrize("max_in_memory", [10, 1], ids=["in_memory", "on_disk"])
def test_spooled_analyses_are_reiterable_and_removed(filled, max_in_memory):
    analyses, cmp = filled
    with SpooledAnalyses(analyses, max_in_memory=max_in_memory) as sp:
        assert sp.on_disk is (max_in_memory == 1)
        assert len(sp) == 2 and [a["id"] for a in sp] == [a["id"] for a in sp] == ["hi-border-1", "en-border-1"]
        nested = [(a["id"], b["id"]) for a in sp for b in sp]
        assert len(nested) == 4
        assert [r["article_id"] for r in rows_of(tables_of(sp, cmp)["summary"])] == ["hi-border-1", "en-border-1"]
        assert next(iter(sp))["text"] == HI_TEXT  # Hindi survives the round trip through the file
        path = sp.path
    assert path is None or not path.exists()
