"""Frames and loaded language on articles, Hindi next to English."""

import pytest

from analysis.compare.story import js_divergence
from analysis.ingest import read_inputs
from analysis.model import Article
from analysis.pipeline import analyze_article
from analysis.samples import sample_paths

EN = (
    "Border tension rises after missile test\n"
    "The army moved two brigades and air-defence batteries to the border after the neighbouring country tested a ballistic missile on Monday.\n"
    "Defence officials said troops were on high alert and fighter jets flew patrols through the night."
)
HI = (
    "मिसाइल परीक्षण के बाद सीमा पर तनाव\n"
    "पड़ोसी देश के बैलिस्टिक मिसाइल परीक्षण के बाद सेना ने दो ब्रिगेड और वायु रक्षा प्रणाली सीमा पर तैनात कर दी।\n"
    "रक्षा अधिकारियों ने बताया कि जवान हाई अलर्ट पर हैं और लड़ाकू विमानों ने रात भर गश्त की।"
)


@pytest.mark.parametrize("text", [EN, HI])
def test_security_story_is_framed_as_security_with_word_evidence(text):
    r = analyze_article(Article(text=text))
    f = r.scores.frames
    assert f.codebook == "policy_frames"
    top = max(f.distribution, key=f.distribution.get)
    assert top == "security_defense"
    assert abs(sum(f.distribution.values()) - 1) < 1e-6
    evidence = [e for s in f.segments for e in s.evidence.get("security_defense", ())]
    assert evidence
    for e in evidence:
        assert text[e.start : e.end] == e.term  # whole words at their offsets
        assert not text[e.start - 1 : e.start].isalnum() or e.start == 0


def test_hindi_and_english_samples_framed_alike_stay_close():
    by_name = {p.stem: analyze_article(next(read_inputs([str(p)]))) for p in sample_paths()}
    hi = by_name["04-hindi-second"].scores.frames.distribution
    en = by_name["02-english-wire"].scores.frames.distribution
    assert js_divergence(hi, en) <= 0.15


@pytest.mark.parametrize(
    "text,words",
    [
        ("Senator slams 'disgraceful' bill\nThe senator slammed the disgraceful bill as a reckless power grab by the regime on Tuesday.", {"slammed", "disgraceful"}),
        ("शर्मनाक घटना\nगांव में युवक की सरेआम पिटाई का शर्मनाक वीडियो सामने आया, परिवार रहम की भीख मांगता रहा।", {"सरेआम पिटाई", "शर्मनाक"}),
    ],
)
def test_loaded_language_is_highlighted(text, words):
    r = analyze_article(Article(text=text))
    found = {text[x.start : x.end] for x in r.scores.loaded_language}
    assert words <= found, found
    assert r.scores.loaded_language_rate > 0


@pytest.mark.parametrize(
    "text",
    [
        "Council approves budget\nThe city council approved the annual budget on Tuesday after a two-hour debate. The budget allocates funds to schools and roads.",
        "परिषद ने बजट पास किया\nनगर परिषद ने मंगलवार को दो घंटे की बहस के बाद वार्षिक बजट पास किया। बजट में स्कूलों और सड़कों के लिए धन रखा गया है।",
    ],
)
def test_neutral_text_has_no_loaded_language(text):
    r = analyze_article(Article(text=text))
    assert r.scores.loaded_language == ()
