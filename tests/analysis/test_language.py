import pytest

from analysis.language import detect_language

CASES = [
    ("hi", "Devanagari", "सरकार ने सोमवार को कहा कि नई योजना से किसानों को फायदा होगा और यह अगले महीने से लागू की जाएगी। विपक्ष ने इसका विरोध किया है।"),
    ("en", "Latin", "The government said on Monday that the new scheme would help farmers and that it would start next month."),
    ("mr", "Devanagari", "सरकारने सोमवारी सांगितले की नवीन योजनेमुळे शेतकऱ्यांना फायदा होईल आणि ती पुढील महिन्यापासून लागू केली जाईल. विरोधकांनी याला विरोध केला आहे."),
    ("ne", "Devanagari", "सरकारले सोमबार भन्यो कि नयाँ योजनाले किसानलाई फाइदा हुनेछ र यो अर्को महिनादेखि लागू गरिनेछ। विपक्षले यसको विरोध गरेको छ।"),
]


@pytest.mark.parametrize("lang,script,text", CASES)
def test_language_and_script(lang, script, text):
    info = detect_language(text)
    assert (info.language, info.script) == (lang, script)


def test_legacy_font_hindi_is_reported():
    kruti = "Hkkjr ljdkj us lkseokj dks dgk fd ;g ;kstuk fdlkuksa ds fy, ykHkdkjh gksxh vkSj vxys eghus ls ykxw gksxhA foi{k us bldk fojks/k fd;k gSA"
    info = detect_language(kruti)
    assert info.legacy_font == "KrutiDev" and info.language == "hi"
    assert "legacy font" in info.note


def test_other_script_is_named_not_guessed():
    info = detect_language("அரசு திங்கள்கிழமை புதிய திட்டத்தை அறிவித்தது.")
    assert (info.language, info.script) == ("ta", "Tamil")


def test_deterministic():
    text = "Le gouvernement a annoncé lundi un nouveau plan pour les agriculteurs."
    assert {detect_language(text).language for _ in range(5)} == {"fr"}
