"""parallax train / evaluate on small files in each format; codebooks; model round trip."""

import csv
import io
import json
from contextlib import redirect_stdout

import pytest
from openpyxl import Workbook

from analysis.cli import main
from analysis.framing.codebook import CodebookError, codebook_from_dict, load_codebook
from analysis.resources import resource_path
from analysis.textutil import TOKEN_PATTERN


def rows(path, n, keep=None):
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if keep:
            r["labels"] = [x for x in r["labels"] if x in keep]
        out.append(r)
    # half Hindi, half English
    hi = [r for r in out if r["lang"] == "hi"][: n // 2]
    en = [r for r in out if r["lang"] == "en"][: n // 2]
    return hi + en


def run(argv):
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(argv)
    return code, buf.getvalue()


@pytest.fixture(scope="module")
def framing_rows():
    return rows(resource_path("training", "framing", "policy_frames.jsonl"), 120, keep={"security_defense", "economic", "political"})


def write_jsonl(path, data):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data), encoding="utf-8")
    return path


def test_framing_train_and_evaluate_jsonl_csv_xlsx(tmp_path, framing_rows):
    train = write_jsonl(tmp_path / "train.jsonl", framing_rows)
    code, out = run(["train", "framing", "--data", str(train), "--out", str(tmp_path / "m"), "--quick"])
    assert code == 0 and json.loads(out)["cv"]["micro_f1"] > 0.3
    card = json.loads((tmp_path / "m" / "framing" / "card.json").read_text())
    assert card["codebook"] == "policy_frames" and card["training_unit"] == "passage"
    # CSV: labels as a ;-separated cell
    with open(tmp_path / "test.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["text", "labels"])
        w.writeheader()
        for r in framing_rows[:40]:
            w.writerow({"text": r["text"], "labels": ";".join(r["labels"])})
    wb = Workbook()
    ws = wb.active
    ws.append(["text", "labels"])
    for r in framing_rows[:40]:
        ws.append([r["text"], ";".join(r["labels"])])
    wb.save(tmp_path / "test.xlsx")
    for f in ("test.csv", "test.xlsx"):
        code, out = run(["evaluate", "framing", "--data", str(tmp_path / f), "--model-dir", str(tmp_path / "m")])
        m = json.loads(out)
        assert code == 0 and m["n"] == 40
        for key in ("precision", "recall", "f1", "micro_f1", "macro_f1", "per_label"):
            assert key in m
        assert set(m["per_label"]) == {"security_defense", "economic", "political"}


def test_any_label_set_trains_a_custom_codebook(tmp_path):
    data = [{"text": t, "labels": [lab]} for lab, ts in {"calm": ["The river was quiet today.", "नदी आज शांत रही।"] * 10, "storm": ["A violent storm hit the coast.", "तट पर भीषण तूफान आया।"] * 10}.items() for t in ts]
    train = write_jsonl(tmp_path / "t.jsonl", data)
    code, _ = run(["train", "framing", "--data", str(train), "--out", str(tmp_path / "m"), "--quick"])
    assert code == 0
    assert json.loads((tmp_path / "m" / "framing" / "card.json").read_text())["codebook"] == "custom"


def test_loaded_train_and_evaluate(tmp_path):
    data = rows(resource_path("training", "loaded", "en-01.jsonl"), 60) + rows(resource_path("training", "loaded", "hi-01.jsonl"), 60)
    train = write_jsonl(tmp_path / "l.jsonl", data)
    code, _ = run(["train", "loaded", "--data", str(train), "--out", str(tmp_path / "m"), "--quick"])
    assert code == 0
    code, out = run(["evaluate", "loaded", "--data", str(train), "--model-dir", str(tmp_path / "m")])
    m = json.loads(out)
    assert {"macro_f1", "micro_f1", "per_label"} <= set(m) and m["macro_f1"] > 0.6


def test_offtopic_and_attribution_train_and_evaluate(tmp_path):
    ot = []
    for f in sorted(resource_path("training", "offtopic").glob("*.jsonl")):
        ot += [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines()[:12]]
    write_jsonl(tmp_path / "ot.jsonl", ot)
    code, _ = run(["train", "offtopic", "--data", str(tmp_path / "ot.jsonl"), "--out", str(tmp_path / "m"), "--quick"])
    assert code == 0
    code, out = run(["evaluate", "offtopic", "--data", str(tmp_path / "ot.jsonl"), "--model-dir", str(tmp_path / "m")])
    m = json.loads(out)
    assert {"precision", "recall", "f1", "char_f1", "clean_false_flag_rate"} <= set(m)
    at = []
    for f in sorted(resource_path("training", "attribution", "jsonl").glob("*.jsonl")):
        at += [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines()[:12]]
    write_jsonl(tmp_path / "at.jsonl", at)
    code, _ = run(["train", "attribution", "--data", str(tmp_path / "at.jsonl"), "--out", str(tmp_path / "m"), "--quick"])
    assert code == 0
    code, out = run(["evaluate", "attribution", "--data", str(tmp_path / "at.jsonl"), "--model-dir", str(tmp_path / "m")])
    m = json.loads(out)
    assert {"cue_f1", "type_accuracy", "typed_f1", "source_span_accuracy"} <= set(m) and m["cue_f1"] > 0.8


def test_model_dir_round_trip_is_used_by_analyze(tmp_path, framing_rows):
    write_jsonl(tmp_path / "f.jsonl", framing_rows)
    assert run(["train", "framing", "--data", str(tmp_path / "f.jsonl"), "--out", str(tmp_path / "m"), "--quick"])[0] == 0
    art = tmp_path / "a.txt"
    art.write_text("सेना ने सीमा पर मिसाइल तैनात की। विपक्ष ने सरकार की आलोचना की।", encoding="utf-8")
    code, out = run(["analyze", str(art), "--format", "json", "--model-dir", str(tmp_path / "m"), "--no-cache"])
    d = json.loads(out)
    card = json.loads((tmp_path / "m" / "framing" / "card.json").read_text())
    assert d["provenance"]["models"]["framing"]["id"] == card["id"]
    assert set(d["frames"]["distribution"]) == {"security_defense", "economic", "political"}


def test_bad_training_data_is_one_line_and_status_2(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "labels": ["a"]}\nnot json\n', encoding="utf-8")
    assert main(["train", "framing", "--data", str(bad), "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.jsonl:2" in err[0]


def test_codebooks_load_and_validate(tmp_path):
    cb = load_codebook(resource_path("codebooks", "policy_frames.json"))
    assert len(cb.frames) == 15 and cb.frame("security_defense").name_hi
    sv = load_codebook(resource_path("codebooks", "semetko_valkenburg.json"))
    assert sv.frame_ids == ("conflict", "human_interest", "economic_consequences", "morality", "responsibility")
    with pytest.raises(CodebookError, match="frames"):
        codebook_from_dict({"id": "x", "frames": []})
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CodebookError, match="not valid JSON"):
        load_codebook(bad)
    with pytest.raises(CodebookError, match="duplicate"):
        codebook_from_dict({"id": "x", "frames": [{"id": "a", "name_en": "A"}, {"id": "a", "name_en": "B"}]})


def test_hindi_tokenisation_keeps_words_whole():
    import re

    assert re.findall(TOKEN_PATTERN, "उत्तर कोरिया के सर्वोच्च नेता") == ["उत्तर", "कोरिया", "के", "सर्वोच्च", "नेता"]
