"""Codings as training data, ``parallax agree`` (two coders, or the model as one),
retraining from codings, and the least-certain queue."""

from __future__ import annotations

import json

import pytest

from analysis.cli import main
from analysis.coding.active import least_certain, uncertainty
from analysis.coding.codings import CodingError, new_coding
from analysis.coding.retrain import RetrainError, compare_figures, retrain
from analysis.coding.train_export import coder_rows, write_rows
from analysis.training.data import read_examples


@pytest.fixture(scope="module")
def sample():
    from analysis.ingest import read_inputs
    from analysis.models import ModelSet
    from analysis.pipeline import analyze_article
    from analysis.samples import sample_paths

    arts = {a.id: a for a in read_inputs([str(p) for p in sample_paths()])}
    models = ModelSet.load()
    keep = ("sample-hi-main", "sample-hi-second", "sample-en-wire")
    return arts, {k: analyze_article(arts[k], models=models) for k in keep}, models


def span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


LOADED = {
    "sample-hi-main": ["बिना शर्त", "हर रुख"],
    "sample-hi-second": ["तबाह", "जूझ रहे"],
    "sample-en-wire": ["unconditionally", "faithfully"],
}


def loaded_codings(coder, arts, keys, flip=()):
    out = []
    for k in keys:
        for needle in LOADED[k]:
            out.append(
                new_coding(coder, arts[k], "loaded", *span(arts[k].text, needle), {"loaded": needle not in flip})
            )
    return out


def test_framing_and_loaded_rows_are_segment_and_sentence_units(sample):
    arts, analyses, _ = sample
    a = arts["sample-hi-main"]
    an = analyses["sample-hi-main"]
    seg = next(s for s in an.segments if s.kind == "paragraph")
    frames = [new_coding("रीना", a, "framing", seg.start, seg.end, {"frames": ["security_defense"]})]
    ex = coder_rows("framing", frames, arts, analyses)
    framed = [s for s in an.segments if s.kind in ("headline", "paragraph", "crosshead") and not s.off_topic]
    assert len(ex.rows) == len(framed) and ex.articles == 1  # every framed segment of a coded article
    coded = [r for r in ex.rows if r["labels"]]
    assert [(r["start"], r["end"], r["labels"]) for r in coded] == [(seg.start, seg.end, ["security_defense"])]
    assert all(r["group"] == a.id and r["lang"] == "hi" for r in ex.rows)
    ex = coder_rows("loaded", loaded_codings("रीना", arts, ["sample-hi-main"]), arts, analyses)
    pos = [r for r in ex.rows if r["labels"] == ["loaded"]]
    assert len(pos) == 2 and all("बिना शर्त" in r["text"] or "हर रुख" in r["text"] for r in pos)
    with pytest.raises(CodingError, match="several coders"):
        coder_rows(
            "loaded",
            loaded_codings("A", arts, ["sample-hi-main"]) + loaded_codings("B", arts, ["sample-hi-main"]),
            arts,
        )


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".xlsx"])
def test_span_rows_round_trip_through_every_format(sample, tmp_path, ext):
    arts, analyses, _ = sample
    a = arts["sample-hi-main"]
    promo = next(o for o in analyses[a.id].off_topic if o.kind == "promo_headline")
    cs = [
        new_coding("रीना", a, "offtopic", promo.start, promo.end, {"off_topic": True, "kind": "promo_headline"}),
        new_coding("रीना", arts["sample-en-wire"], "offtopic", value={"reviewed": True}),  # coded clean
    ]
    ex = coder_rows("offtopic", cs, arts)
    assert [len(r["off_topic"]) for r in ex.rows] == [0, 1]
    back, _ = read_examples(write_rows(ex.rows, tmp_path / f"coder{ext}"))
    assert [r["text"] for r in back] == [r["text"] for r in ex.rows]  # Devanagari and newlines intact
    assert [r["off_topic"] for r in back] == [r["off_topic"] for r in ex.rows]
    att = [new_coding("Ana", arts["sample-en-wire"], "attribution", *span(arts["sample-en-wire"].text, "according to"),
                      {"source_type": "state_media"})]  # fmt: skip
    back, _ = read_examples(write_rows(coder_rows("attribution", att, arts).rows, tmp_path / f"att{ext}"))
    assert back[0]["attributions"][0]["source_type"] == "state_media"


def test_formula_like_text_stays_text_in_xlsx(tmp_path):
    from openpyxl import load_workbook

    rows = [
        {"id": "x", "text": '=HYPERLINK("http://evil")', "labels": ["loaded"]},
        {"id": "y", "text": "+91 देखें", "labels": []},
    ]
    p = write_rows(rows, tmp_path / "d.xlsx")
    ws = load_workbook(p).active
    assert ws["B2"].data_type == "s" and ws["B2"].value.startswith("=HYPERLINK")
    assert read_examples(p)[0][1]["text"] == "+91 देखें"


def run(capsys, *argv) -> tuple[int, dict | None, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_agree_two_coders_and_the_model_on_hindi_and_english(sample, tmp_path, capsys):
    arts, analyses, _ = sample
    keys = list(LOADED)
    a = write_rows(
        coder_rows("loaded", loaded_codings("asha", arts, keys), arts, analyses).rows, tmp_path / "asha.jsonl"
    )
    b = write_rows(
        coder_rows("loaded", loaded_codings("ben", arts, keys, flip=("तबाह",)), arts, analyses).rows,
        tmp_path / "ben.csv",
    )
    code, r, err = run(capsys, "agree", "loaded", str(a), str(b), "--seed", "4")
    assert code == 0, err
    assert r["schema"] == "parallax.agreement/1" and r["coder_a"] == "asha" and r["coder_b"] == "ben"
    assert r["paired_by"] == "id"
    assert len(r["disagreements"]) == 1 and "तबाह" in r["disagreements"][0]["text"]
    assert r["per_label"]["loaded"]["positives_a"] == 6 and r["per_label"]["loaded"]["positives_b"] == 5
    code, again, _ = run(capsys, "agree", "loaded", str(a), str(b), "--seed", "4")
    assert again["overall"] == r["overall"]  # seeded: same intervals
    code, m, err = run(capsys, "agree", "loaded", "model", str(a))
    assert code == 0, err
    assert m["coder_a"] == "model" and m["n"] == r["n"] and m["model"]["id"]
    assert m["overall"]["percent_agreement"]["value"] is not None


def test_agree_model_on_spans_and_frames(sample, tmp_path, capsys):
    arts, analyses, _ = sample
    hi = arts["sample-hi-main"]
    promo = next(o for o in analyses[hi.id].off_topic if o.kind == "promo_headline")
    cs = [new_coding("rina", hi, "offtopic", promo.start, promo.end, {"off_topic": True, "kind": "promo_headline"})]
    f = write_rows(coder_rows("offtopic", cs, arts).rows, tmp_path / "rina.jsonl")
    code, r, err = run(capsys, "agree", "offtopic", str(f), "model")
    assert code == 0, err
    assert r["spans"]["a"] == 1 and r["spans"]["matched"] >= 1  # the model finds the same promo
    assert "half of each" in r["matching_rule"] and r["characters"]["units"] == len(hi.text)
    seg = next(s for s in analyses[hi.id].segments if s.kind == "paragraph")
    fr = [
        new_coding("rina", hi, "framing", seg.start, seg.end, {"frames": ["security_defense", "external_regulation"]})
    ]
    f = write_rows(coder_rows("framing", fr, arts, analyses).rows, tmp_path / "frames.jsonl")
    code, r, err = run(capsys, "agree", "framing", "model", str(f))
    assert code == 0, err
    assert r["model"]["codebook"] == "policy_frames"
    assert "security_defense" in r["per_label"]


def test_agree_errors_are_one_line_and_exit_2(tmp_path, capsys):
    good = tmp_path / "g.jsonl"
    good.write_text('{"text": "एक", "labels": ["loaded"]}\n', encoding="utf-8")
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"text": "एक", "labels": ["angry"]}\n', encoding="utf-8")
    other = tmp_path / "o.jsonl"
    other.write_text('{"text": "दो", "labels": []}\n', encoding="utf-8")
    for argv, msg in (
        (["agree", "loaded", "model", "MODEL"], "at most one"),
        (["agree", "loaded", str(good), str(tmp_path / "none.jsonl")], "no such file"),
        (["agree", "loaded", str(good), str(bad)], 'must be ["loaded"] or []'),
        (["agree", "loaded", str(good), str(other)], "share no text"),
        (["agree", "loaded", str(good), "model", "--model-dir", str(tmp_path / "nope")], "not a folder"),
    ):
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 2 and msg in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, (argv, err)


def test_retrain_from_codings_writes_outside_resources(sample, tmp_path):
    arts, analyses, _ = sample
    keys = list(LOADED)
    rows = coder_rows("loaded", loaded_codings("asha", arts, keys), arts, analyses).rows
    res = retrain("loaded", rows, include_shipped=False, out_root=tmp_path / "m", quick=True)
    assert (res.model_dir / "loaded" / "model.skops").is_file()
    assert res.n_coded == len(rows) and res.n_shipped == 0
    names = [n for n, _, _ in res.figures()]
    assert "macro_f1" in names and all(new is not None for _, _, new in res.figures())
    assert res.old_card and res.old_card["sha256"] != res.card["sha256"]
    from analysis.resources import resource_path

    with pytest.raises(RetrainError, match="never written into resources"):
        retrain("loaded", rows, include_shipped=False, out_root=resource_path("models", "x"), quick=True)
    with pytest.raises(RetrainError, match="no coded examples"):
        retrain("loaded", [], out_root=tmp_path / "e")
    assert compare_figures({"cv": {"metrics": {"all": {"f1": 0.5}}}}, None) == [("f1", 0.5, None)]


def test_least_certain_queue(sample):
    arts, analyses, models = sample
    assert uncertainty(0.5, 0.5) == 1.0 and uncertainty(1.0, 0.5) == 0.0 and uncertainty(0.3, 0.3) == 1.0
    items = least_certain(list(analyses.values()), models=models, limit=200)
    assert items and [s.uncertainty for s in items] == sorted((s.uncertainty for s in items), reverse=True)
    assert {s.task for s in items} >= {"offtopic", "framing", "attribution", "loaded"}
    top = items[0]
    art = arts[top.article_id]
    done = new_coding("ana", art, top.task, top.start, top.end, {"frames": []} if top.task == "framing" else None)
    again = least_certain(list(analyses.values()), codings=[done], models=models, limit=200)
    assert not any((s.article_id, s.task, s.start) == (top.article_id, top.task, top.start) for s in again)


def test_whole_article_frames_code_no_passage_but_a_review_codes_all(sample):
    arts, analyses, _ = sample
    a = arts["sample-en-wire"]
    whole = new_coding("Ana", a, "framing", value={"frames": ["political"]})
    assert coder_rows("framing", [whole], arts, analyses).rows == []
    review = new_coding("Ana", a, "framing", value={"reviewed": True})
    rows = coder_rows("framing", [whole, review], arts, analyses).rows
    assert rows and all(r["labels"] == [] for r in rows)  # reviewed: every passage has no frame
