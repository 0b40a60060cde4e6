"""Agreement statistics checked against values computed by hand.

Notation for two coders and binary codes: (1,1)=both present, (1,0)=A only, (0,1)=B
only, (0,0)=both absent; N units.  p_o = agreements / N; p_e = pA1*pB1 + pA0*pB0;
kappa = (p_o - p_e) / (1 - p_e).  Krippendorff's alpha (nominal, two coders, no
missing values): n = 2N pairable values, n_c = how often category c was used by
either coder, alpha = 1 - (n - 1) * (disagreeing values) / (n^2 - sum n_c^2), where
disagreeing values = 2 * (units the coders disagree on).
"""

from __future__ import annotations

import pytest
from sklearn.metrics import cohen_kappa_score

from analysis.coding.agree_tasks import AgreementError, agree, pair_rows
from analysis.coding.agreement import Units, bootstrap, cohen_kappa, krippendorff_alpha, measures, percent_agreement


def units(a, b, clusters=None):
    return Units.from_pairs([(clusters[i] if clusters else i, x, y) for i, (x, y) in enumerate(zip(a, b))])


# 10 items, A = 1111100000, B = 1111000001: (1,1)=4 (1,0)=1 (0,1)=1 (0,0)=4
#   p_o = 8/10 = 0.8;  pA1 = pB1 = 0.5 -> p_e = 0.25 + 0.25 = 0.5;  kappa = 0.3/0.5 = 0.6
#   n = 20, n_1 = 10, n_0 = 10; disagreeing values = 2*2 = 4
#   alpha = 1 - 19*4 / (400 - 100 - 100) = 1 - 76/200 = 0.62
MODERATE_A = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
MODERATE_B = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]

# chance level: (1,1)=3 (1,0)=3 (0,1)=2 (0,0)=2
#   p_o = 5/10 = 0.5;  pA1 = 0.6, pB1 = 0.5 -> p_e = 0.3 + 0.2 = 0.5;  kappa = 0/0.5 = 0
#   n = 20, n_1 = 6 + 5 = 11, n_0 = 4 + 5 = 9; disagreeing values = 2*5 = 10
#   alpha = 1 - 19*10 / (400 - 121 - 81) = 1 - 190/198 = 0.0404
CHANCE_A = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
CHANCE_B = [1, 1, 1, 0, 0, 0, 1, 1, 0, 0]

# perfect agreement with both categories: p_o = 1, kappa = 1, alpha = 1
PERFECT = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]


def test_moderate_agreement_matches_hand_computation():
    u = units(MODERATE_A, MODERATE_B)
    assert percent_agreement(u) == 0.8
    assert cohen_kappa(u) == 0.6
    assert krippendorff_alpha(u) == 0.62
    assert cohen_kappa(u) == pytest.approx(cohen_kappa_score(MODERATE_A, MODERATE_B), abs=1e-4)


def test_chance_level_agreement_gives_kappa_zero():
    u = units(CHANCE_A, CHANCE_B)
    assert percent_agreement(u) == 0.5
    assert cohen_kappa(u) == 0.0
    assert krippendorff_alpha(u) == 0.0404


def test_perfect_agreement_gives_one():
    u = units(PERFECT, PERFECT)
    assert (percent_agreement(u), cohen_kappa(u), krippendorff_alpha(u)) == (1.0, 1.0, 1.0)
    ci = bootstrap(u, 500, seed=3)
    # every resample agrees perfectly; resamples with a single category are undefined and skipped
    assert ci["cohen_kappa"] == (1.0, 1.0) and ci["krippendorff_alpha"] == (1.0, 1.0)


def test_one_category_only_is_undefined_not_a_crash():
    u = units([0] * 10, [0] * 10)
    m = measures(u, 100, 0)
    assert m["percent_agreement"]["value"] == 1.0
    assert m["cohen_kappa"]["value"] is None and m["krippendorff_alpha"]["value"] is None
    assert "undefined" in m["note"]


def test_three_categories_match_hand_computation():
    # A = x x x y y y z z z z, B = x x y y y z z z z x
    # pairs: xx xx xy yy yy yz zz zz zz zx -> agreements 7 -> p_o = 0.7
    # A: x3 y3 z4, B: x3 y3 z4 -> p_e = (9 + 9 + 16)/100 = 0.34 -> kappa = 0.36/0.66 = 0.5455
    # n = 20, n_x = 6, n_y = 6, n_z = 8; disagreeing values = 2*3 = 6
    # alpha = 1 - 19*6 / (400 - 36 - 36 - 64) = 1 - 114/264 = 0.5682
    a = list("xxxyyyzzzz")
    b = list("xxyyyzzzzx")
    u = units(a, b)
    assert percent_agreement(u) == 0.7
    assert cohen_kappa(u) == 0.5455
    assert krippendorff_alpha(u) == 0.5682
    assert cohen_kappa(u) == pytest.approx(cohen_kappa_score(a, b), abs=1e-4)


def test_bootstrap_is_reproducible_with_a_seed():
    u = units(MODERATE_A * 3, MODERATE_B * 3)
    one = bootstrap(u, 400, seed=11)
    two = bootstrap(u, 400, seed=11)
    other = bootstrap(u, 400, seed=12)
    assert one == two
    assert one != other
    lo, hi = one["cohen_kappa"]
    assert lo < 0.6 < hi  # the interval holds the estimate
    assert 0.0 <= one["percent_agreement"][0] <= 0.8 <= one["percent_agreement"][1] <= 1.0


def test_bootstrap_resamples_texts_not_units():
    # two texts; within each, the coders agree perfectly, so any resample of whole
    # texts still agrees perfectly: the interval for p_o is [1, 1]
    u = units([1, 0, 1, 0], [1, 0, 1, 0], clusters=["t1", "t1", "t2", "t2"])
    assert bootstrap(u, 200, seed=0)["percent_agreement"] == (1.0, 1.0)


# --- tasks -------------------------------------------------------------------------------


def _label_rows(values, label, other=None, lang="en"):
    text = "Passage number {} about the budget." if lang == "en" else "बजट के बारे में अंश संख्या {}।"
    rows = []
    for i, v in enumerate(values):
        labs = [label] if v else []
        if other is not None and other[i]:
            labs.append("security_defense")
        rows.append({"id": f"p{i}", "text": text.format(i), "labels": labs})
    return rows


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_framing_per_label_and_pooled_overall(lang):
    a = _label_rows(MODERATE_A, "economic", CHANCE_A, lang)
    b = _label_rows(MODERATE_B, "economic", CHANCE_B, lang)
    r = agree("framing", a, b, "ana", "ben", n_boot=200, seed=1)
    assert r["per_label"]["economic"]["cohen_kappa"]["value"] == 0.6
    assert r["per_label"]["security_defense"]["cohen_kappa"]["value"] == 0.0
    assert r["per_label"]["security_defense"]["krippendorff_alpha"]["value"] == 0.0404
    # pooled over 20 text x label units: (1,1)=4+3 (1,0)=1+3 (0,1)=1+2 (0,0)=4+2
    # p_o = 13/20 = 0.65; pA1 = 11/20, pB1 = 10/20 -> p_e = 0.275 + 0.225 = 0.5 -> kappa = 0.3
    # n = 40, n_1 = 21, n_0 = 19, disagreeing = 14 -> alpha = 1 - 39*14/(1600-441-361) = 0.3158
    assert r["overall"]["units"] == 20
    assert r["overall"]["percent_agreement"]["value"] == 0.65
    assert r["overall"]["cohen_kappa"]["value"] == 0.3
    assert r["overall"]["krippendorff_alpha"]["value"] == 0.3158
    assert r["macro"]["cohen_kappa"] == 0.3
    assert len(r["disagreements"]) == sum(
        1 for i in range(10) if (MODERATE_A[i], CHANCE_A[i]) != (MODERATE_B[i], CHANCE_B[i])
    )
    assert r["n"] == 10 and r["paired_by"] == "id"


def _offtopic(lang):
    ch = "x" if lang == "en" else "क"
    a = [
        {
            "id": "t1",
            "text": ch * 100,
            "off_topic": [
                {"start": 10, "end": 30, "kind": "promo_headline"},
                {"start": 50, "end": 60, "kind": "caption_credit"},
            ],
        },
        {
            "id": "t2",
            "text": ch * 80,
            "off_topic": [
                {"start": 0, "end": 10, "kind": "boilerplate"},
                {"start": 40, "end": 50, "kind": "promo_headline"},
            ],
        },
    ]
    b = [
        {
            "id": "t1",
            "text": ch * 100,
            "off_topic": [
                {"start": 12, "end": 30, "kind": "promo_headline"},
                {"start": 70, "end": 80, "kind": "read_also"},
            ],
        },
        {
            "id": "t2",
            "text": ch * 80,
            "off_topic": [
                {"start": 0, "end": 10, "kind": "boilerplate"},
                {"start": 45, "end": 70, "kind": "promo_headline"},
            ],
        },
    ]
    return a, b


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_offtopic_span_units_follow_the_stated_rule(lang):
    # t1: [10,30) vs [12,30): overlap 18 >= half of 20 and of 18 -> matched (promo, promo)
    #     [50,60) unmatched -> (caption, none); [70,80) -> (none, read_also)
    # t2: [0,10) both -> (boilerplate, boilerplate); [40,50) vs [45,70): overlap 5 is half
    #     of 10 but not of 25 -> unmatched: (promo, none) and (none, promo)
    # 6 units, 2 agree -> p_o = 1/3
    # A uses boil 1, caption 1, promo 2, none 2; B boil 1, promo 2, read 1, none 2
    # p_e = (1*1 + 2*2 + 2*2)/36 = 9/36 -> kappa = (1/3 - 1/4)/(3/4) = 1/9 = 0.1111
    # n = 12, n_c: boil 2, caption 1, promo 4, read 1, none 4 -> sum n_c^2 = 38
    # alpha = 1 - 11*(12 - 4)/(144 - 38) = 1 - 88/106 = 0.1698
    a, b = _offtopic(lang)
    r = agree("offtopic", a, b, n_boot=100)
    assert "half of each" in r["matching_rule"]
    assert r["spans"] == {"a": 4, "b": 4, "matched": 2}
    assert r["overall"]["units"] == 6
    assert r["overall"]["percent_agreement"]["value"] == 0.3333
    assert r["overall"]["cohen_kappa"]["value"] == 0.1111
    assert r["overall"]["krippendorff_alpha"]["value"] == 0.1698
    # presence: (p,p)=2 (p,n)=2 (n,p)=2: p_e = (4*4 + 2*2)/36 -> kappa = (1/3 - 5/9)/(4/9) = -0.5
    assert r["presence"]["cohen_kappa"]["value"] == -0.5


def test_offtopic_character_alpha_matches_hand_computation():
    # characters (t1: 100, t2: 80 = 180). Agreements: none/none 60 + 40, promo/promo 18 + 5,
    # boilerplate 10 -> 133 -> p_o = 0.7389.
    # A: none 130, promo 30, caption 10, boil 10; B: none 117, promo 43, read 10, boil 10
    # p_e = (130*117 + 30*43 + 10*10)/180^2 = 16600/32400 -> kappa = 0.4646
    # n = 360; n_c: none 247, promo 73, caption 10, boil 20, read 10 -> sum n_c^2 = 66938
    # alpha = 1 - 359*(360 - 266)/(129600 - 66938) = 1 - 33746/62662 = 0.4615
    a, b = _offtopic("en")
    c = agree("offtopic", a, b, n_boot=50)["characters"]
    assert c["units"] == 180
    assert c["percent_agreement"]["value"] == 0.7389
    assert c["cohen_kappa"]["value"] == 0.4646
    assert c["krippendorff_alpha"]["value"] == 0.4615


def test_attribution_cues_match_on_any_overlap_and_types_are_compared():
    text = "Officials said the plan would work, according to KCNA. केसीएनए के अनुसार यह सही है।"
    i_said = text.index("said")
    i_acc = text.index("according to")
    i_hi = text.index("के अनुसार")
    a = [
        {
            "id": "d",
            "text": text,
            "attributions": [
                {"start": i_said, "end": i_said + 4, "source_type": "anonymous_official"},
                {"start": i_acc, "end": i_acc + 12, "source_type": "state_media"},
                {"start": i_hi, "end": i_hi + 9, "source_type": "state_media"},
            ],
        }
    ]
    b = [
        {
            "id": "d",
            "text": text,
            "attributions": [
                {"start": i_said, "end": i_said + 9, "source_type": "government"},
                {"start": i_acc + 10, "end": i_acc + 12, "source_type": "state_media"},
                {"start": i_hi, "end": i_hi + 9, "source_type": "state_media"},
            ],
        }
    ]
    r = agree("attribution", a, b, n_boot=50)
    assert r["spans"]["matched"] == 3  # "said" vs "said the" and "according to" vs "to" overlap
    assert r["overall"]["percent_agreement"]["value"] == 0.6667
    assert r["per_label"]["state_media"]["percent_agreement"]["value"] == 1.0
    assert [d["kind"] for d in r["disagreements"] if d["kind"] == "category"] == ["category"]


def test_rows_pair_by_id_else_by_text_and_conflicts_are_errors():
    a = [{"id": "1", "text": "one"}, {"text": "दो"}, {"id": "9", "text": "only a"}]
    b = [{"text": "दो"}, {"id": "1", "text": "one"}, {"text": "only b"}]
    pairs, only_a, only_b, how = pair_rows(a, b)
    assert [(x["text"], y["text"]) for x, y in pairs] == [("one", "one"), ("दो", "दो")]
    assert [r["text"] for r in only_a] == ["only a"] and [r["text"] for r in only_b] == ["only b"]
    assert how == "id, else text"
    with pytest.raises(AgreementError, match="different text"):
        pair_rows([{"id": "1", "text": "x"}], [{"id": "1", "text": "y"}])
    with pytest.raises(AgreementError, match="share no text"):
        agree("loaded", [{"text": "a", "labels": []}], [{"text": "b", "labels": []}])
