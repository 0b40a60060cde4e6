"""A coder's codings override the model everywhere, and every item says who made it."""

from __future__ import annotations

import pytest

from analysis.coding.codings import CodingError, new_coding
from analysis.coding.overrides import apply_codings, coded_dict
from analysis.model import Article
from analysis.serialize import analysis_from_dict


@pytest.fixture(scope="module")
def sample():
    from analysis.ingest import read_inputs
    from analysis.models import ModelSet
    from analysis.pipeline import analyze_article
    from analysis.samples import sample_paths

    arts = {a.id: a for a in read_inputs([str(p) for p in sample_paths()])}
    models = ModelSet.load()
    return {k: analyze_article(arts[k], models=models) for k in ("sample-hi-main", "sample-en-wire")}, models


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.index(needle, after)
    return i, i + len(needle)


def test_not_off_topic_coding_reanalyses_the_hindi_article(sample):
    analyses, models = sample
    an = analyses["sample-hi-main"]
    promo = next(o for o in an.off_topic if o.kind == "promo_headline")
    c = new_coding("रीना", an.article, "offtopic", promo.start, promo.end, {"off_topic": False})
    coded = apply_codings(an, [c], models=models)
    assert coded.reanalysed
    assert [o.kind for o in coded.analysis.off_topic] == ["caption_credit"]
    assert not any(s.off_topic for s in coded.analysis.segments if s.start <= promo.start < s.end)
    who = [coded.who("segments", i) for i, s in enumerate(coded.analysis.segments) if s.start <= promo.start < s.end]
    assert who == ["रीना"]
    assert coded.who("off_topic", 0) == "model"  # the caption stays the model's
    # the text the coder brought back now counts: the scores' view has more words
    assert coded.analysis.scores.readability != an.scores.readability


def test_off_topic_coding_in_english_moves_attributions_out_of_the_scores(sample):
    analyses, models = sample
    an = analyses["sample-en-wire"]
    para = next(s for s in an.segments if an.text[s.start : s.end].startswith("South Korea's Ministry"))
    c = new_coding(
        "Ana", an.article, "offtopic", para.start, para.end, {"off_topic": True, "kind": "unrelated_passage"}
    )
    coded = apply_codings(an, [c], models=models)
    got = coded.analysis
    assert [(o.start, o.end, o.kind) for o in got.off_topic] == [(para.start, para.end, "unrelated_passage")]
    assert coded.who("off_topic", 0) == "Ana" and got.off_topic[0].reasons == ("coded by Ana",)
    inside = [a for a in an.scores.attributions if para.start <= a.start < para.end]
    assert inside and not any(para.start <= a.start < para.end for a in got.scores.attributions)
    assert got.with_inserts is not None
    assert any(para.start <= a.start < para.end for a in got.with_inserts.attributions)


def test_attribution_codings_replace_remove_and_recount(sample):
    analyses, models = sample
    an = analyses["sample-en-wire"]
    text = an.text
    said = span(text, "said", text.index("The two sides"))  # "..., KCNA said."
    told = span(text, "told")
    ministry = span(text, "Ministry of Unification")
    retype = new_coding("Ana", an.article, "attribution", *said, {"source_type": "independent_media"})
    drop = new_coding("Ana", an.article, "attribution", *told, {"present": False})
    add = new_coding(
        "Ana", an.article, "attribution", ministry[1] + 1, ministry[1] + 5,
        {"source_type": "government", "source_subtype": "executive", "source_start": ministry[0], "source_end": ministry[1]},
    )  # fmt: skip
    coded = apply_codings(an, [retype, drop, add], models=models)
    atts = coded.analysis.scores.attributions
    by_start = {a.start: (a, coded.who("attributions", i)) for i, a in enumerate(atts)}
    assert told[0] not in by_start
    a, who = by_start[said[0]]
    assert (a.source_type, who, a.confidence) == ("independent_media", "Ana", 1.0)
    assert a.canonical_source is not None  # fields the coder left open come from the model
    a, who = by_start[ministry[1] + 1]
    assert (a.source, a.source_type, who) == ("Ministry of Unification", "government", "Ana")
    # 'told' removed; the two 'said' cues replaced one for one (the model found the ministry's too)
    assert len(atts) == len(an.scores.attributions) - 1
    before = an.scores.attribution_profile.by_type
    after = coded.analysis.scores.attribution_profile.by_type
    assert after.get("independent_media", 0) == before.get("independent_media", 0) + 1
    assert coded.analysis.scores.attribution_profile.claims == an.scores.attribution_profile.claims
    assert all(
        w == "model"
        for i, w in enumerate(coded.coded_by["attributions"])
        if atts[i].start not in (said[0], ministry[1] + 1)
    )


@pytest.mark.parametrize("key, needle", [("sample-hi-main", "बिना शर्त"), ("sample-en-wire", "unconditionally")])
def test_loaded_and_frame_codings(sample, key, needle):
    analyses, models = sample
    an = analyses[key]
    s, e = span(an.text, needle, an.text.index("\n"))
    loaded = new_coding("Ana", an.article, "loaded", s, e, {"loaded": True})
    seg_i = next(i for i, seg in enumerate(an.segments) if seg.start <= s < seg.end)
    seg = an.segments[seg_i]
    frame = new_coding(
        "Ana",
        an.article,
        "framing",
        seg.start,
        seg.end,
        {"frames": ["security_defense", "political"], "codebook": "policy_frames"},
    )
    coded = apply_codings(an, [loaded, frame], models=models)
    sc = coded.analysis.scores
    assert [(x.start, x.end) for x in sc.loaded_language] == [(s, e)]
    assert coded.coded_by["loaded_language"] == ("Ana",)
    assert sc.loaded_language_rate > 0
    sf = next(x for x in sc.frames.segments if x.segment == seg_i)
    assert sf.frames["security_defense"] == 1.0 and sf.frames["political"] == 1.0 and sf.frames["economic"] == 0.0
    k = [x.segment for x in sc.frames.segments].index(seg_i)
    assert coded.coded_by["frames"][k] == "Ana"
    assert sum(sc.frames.distribution.values()) == pytest.approx(1.0, abs=1e-4)
    assert sc.frames.article["political"] > an.scores.frames.article["political"]


def test_stale_and_mixed_codings(sample):
    analyses, models = sample
    an = analyses["sample-en-wire"]
    other = Article(an.text + " (corrected)", id=an.id)
    stale = new_coding("Ana", other, "loaded", 0, 3, {"loaded": True})
    coded = apply_codings(an, [stale], models=models)
    assert coded.stale == (stale,) and coded.analysis.scores.loaded_language == an.scores.loaded_language
    ben = new_coding("Ben", an.article, "loaded", 0, 3, {"loaded": True})
    with pytest.raises(CodingError, match="several coders"):
        apply_codings(an, [new_coding("Ana", an.article, "loaded", 0, 3), ben])
    assert apply_codings(an, [ben, stale], coder="Ben").coder == "Ben"


def test_coded_dict_says_who_and_stays_readable(sample):
    analyses, models = sample
    an = analyses["sample-hi-main"]
    cue = an.scores.attributions[0]
    c = new_coding("रीना", an.article, "attribution", cue.start, cue.end, {"source_type": "state_media"})
    d = coded_dict(apply_codings(an, [c], models=models))
    assert d["attributions"][0]["coded_by"] == "रीना"
    assert {x["coded_by"] for x in d["attributions"][1:]} == {"model"}
    assert {x["coded_by"] for x in d["segments"]} == {"model"}
    assert d["coding"] == {"coder": "रीना", "codings_applied": 1, "codings_stale": 0, "reanalysed": False}
    back = analysis_from_dict(d)  # the contract reader ignores the new fields
    assert back.scores.attributions[0].source_type == "state_media"
