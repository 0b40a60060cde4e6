from analysis.readability import count_aksharas, readability


def test_english_uses_textstat_offline_and_records_the_backend():
    r = readability("en", ["The quick brown fox jumps over the lazy dog.", "It was an unconditional pledge of support, officials said on Thursday."])
    assert r["available"] and r["method"] == "textstat"
    assert 0 < r["flesch_reading_ease"] < 100
    assert "pyphen" in r["backend"]


def test_hindi_components_are_our_own_and_labelled_uncalibrated():
    r = readability("hi", ["उत्तर कोरिया के सर्वोच्च नेता किम जोंग-उन ने स्पष्ट किया है।", "यह बयान जारी किया गया।"])
    assert r["method"] == "parallax-hindi-components"
    assert r["words_per_sentence"] == 8.0
    assert "uncalibrated" in r["note"] and "flesch_reading_ease" not in r


def test_akshara_counting():
    assert count_aksharas("प्योंगयांग") == 4
    assert count_aksharas("किम") == 2
    assert count_aksharas("स्पष्ट") == 2


def test_unsupported_language_is_not_garbage():
    r = readability("ta", ["வணக்கம் உலகம்"])
    assert r["available"] is False and "not supported" in r["reason"]
