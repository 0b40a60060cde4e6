from analysis.segment import split_sentences, structure


def sents(text):
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


def test_english_abbreviations_numbers_and_initials():
    text = "Dr. Smith met U.S. officials on Monday. The talks lasted 4.5 hours. J. K. Rowling was not there."
    assert sents(text) == [
        "Dr. Smith met U.S. officials on Monday.",
        "The talks lasted 4.5 hours.",
        "J. K. Rowling was not there.",
    ]


def test_hindi_danda_numbers_and_abbreviations():
    text = "डॉ. ए. के. सिंह ने बताया कि 4.5 प्रतिशत वृद्धि हुई। उन्होंने कहा, \"हम तैयार हैं।\" फिर वे चले गए।"
    assert sents(text) == [
        "डॉ. ए. के. सिंह ने बताया कि 4.5 प्रतिशत वृद्धि हुई।",
        "उन्होंने कहा, \"हम तैयार हैं।\"",
        "फिर वे चले गए।",
    ]


def test_glued_sentences_are_split_hindi_and_english():
    assert sents("यह सही है।लेकिन विपक्ष नहीं माना।") == ["यह सही है।", "लेकिन विपक्ष नहीं माना।"]
    assert sents("सरकार ने फैसला किया है.(जब यह लागू होगा) तब देखेंगे।") == [
        "सरकार ने फैसला किया है.",
        "(जब यह लागू होगा) तब देखेंगे।",
    ]
    assert sents("He said.The minister left.") == ["He said.", "The minister left."]


def test_quotes_and_brackets_stay_with_their_sentence():
    assert sents('"Why?" he asked. She replied "Never!" Then left.') == ['"Why?" he asked.', 'She replied "Never!"', "Then left."]
    assert sents("उन्होंने कहा, ‘हम लड़ेंगे।’ बैठक खत्म हुई।") == ["उन्होंने कहा, ‘हम लड़ेंगे।’", "बैठक खत्म हुई।"]
    assert sents("The vote passed (by 52 to 48). Critics objected.") == ["The vote passed (by 52 to 48).", "Critics objected."]


def test_double_danda_and_pipe_danda():
    assert sents("पहला वाक्य॥ दूसरा वाक्य|तीसरा") == ["पहला वाक्य॥", "दूसरा वाक्य|", "तीसरा"]


def test_offsets_survive_crlf_and_emoji():
    text = "Headline here\r\n😀 First sentence. Second one.\r\nनया पैराग्राफ है। अंत।"
    blocks = structure(text)
    assert [b.kind for b in blocks] == ["headline", "paragraph", "paragraph"]
    got = [text[s:e] for b in blocks for s, e in split_sentences(text, b.start, b.end)]
    assert got == ["Headline here", "😀 First sentence.", "Second one.", "नया पैराग्राफ है।", "अंत।"]


def test_trailing_photo_credit_is_its_own_block_english():
    text = "Floods hit the valley, Photo: Reuters\nThe river rose overnight. Officials said more rain was due."
    blocks = structure(text)
    assert [(b.kind, text[b.start:b.end]) for b in blocks][:2] == [
        ("headline", "Floods hit the valley"),
        ("caption_credit", "Photo: Reuters"),
    ]


def test_seed_segmentation(seed_text):
    blocks = structure(seed_text)
    assert blocks[0].kind == "headline"
    assert seed_text[blocks[1].start : blocks[1].end] == "फोटो (सो. सोशल मीडिया)"
    assert blocks[1].kind == "caption_credit"
    sentences = [seed_text[s:e] for b in blocks for s, e in split_sentences(seed_text, b.start, b.end)]
    assert 22 <= len(sentences) <= 32
    for s in sentences:
        assert "।" not in s[:-1], s
    # no sentence starts or ends inside a word
    for b in blocks:
        for s, e in split_sentences(seed_text, b.start, b.end):
            assert s == 0 or not seed_text[s - 1].isalnum()
            assert e == len(seed_text) or not seed_text[e].isalnum() or seed_text[e - 1] in "।."
