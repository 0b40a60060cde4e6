"""Hand-written analyses (Hindi and English) with every field filled, and a comparison
of the two, for the export tests.

The texts are written for these tests (fictional outlets, no real article).  Offsets
are found in the text, never typed, so the fixtures stay consistent when edited.  The
fields colleagues are still building (attributions, profile, frames, loaded language)
are filled here with realistic values, so the filled case is tested before the models
exist.
"""

from __future__ import annotations

import re

HI_LINES = [
    "सीमा पर तनाव: रक्षा मंत्रालय ने कहा, हालात नियंत्रण में",
    "नई दिल्ली: रक्षा मंत्रालय के प्रवक्ता ने मंगलवार को कहा कि सीमा पर हालात नियंत्रण में हैं। सरकारी समाचार एजेंसी के मुताबिक, करीब 1,200 सैनिक इलाके में तैनात किए गए हैं।",
    "देखें VIDEO: मुंबई में बारिश से जलभराव, कई उड़ानें रद्द",
    "सूत्रों के अनुसार, पिछले हफ्ते हुई झड़प में 3 जवान घायल हुए थे। विपक्ष ने सरकार पर सच छिपाने का शर्मनाक आरोप लगाया।",
    "एक वरिष्ठ अधिकारी ने नाम न छापने की शर्त पर बताया कि बातचीत 12 मार्च 2025 को फिर शुरू होगी।",
]
EN_LINES = [
    "Border tension: defence ministry says situation under control",
    "NEW DELHI: A defence ministry spokesperson said on Tuesday that the situation on the border was under control. About 1,500 troops have been deployed, the state news agency reported, citing army officials.",
    "Three soldiers were injured in last week's clash, according to sources. The opposition accused the government of a shameful cover-up.",
    "Talks will resume on March 12, 2025, a senior official said on condition of anonymity.",
]
HI_TEXT = "\n".join(HI_LINES) + "\n"
EN_TEXT = "\n".join(EN_LINES) + "\n"
FRAMES = ("security_defense", "political", "external_regulation", "health_safety")
MODEL_SHA = "a" * 64


def find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.index(needle, after)
    return i, i + len(needle)


def _segments(text: str, lines: list[str], insert_line: int | None) -> list[dict]:
    out, pos = [], 0
    for i, line in enumerate(lines):
        kind = "headline" if i == 0 else ("promo_headline" if i == insert_line else "paragraph")
        off = i == insert_line
        out.append(
            {
                "start": pos,
                "end": pos + len(line),
                "kind": kind,
                "off_topic": off,
                "off_topic_score": 0.93 if off else 0.04 + 0.01 * i,
            }
        )
        pos += len(line) + 1
    return out


def _sentences(text: str, segments: list[dict]) -> list[dict]:
    out = []
    for si, seg in enumerate(segments):
        chunk = text[seg["start"] : seg["end"]]
        for m in re.finditer(r"[^।.?!]+(?:[।.?!]+|$)", chunk):
            s = seg["start"] + m.start() + (len(m.group()) - len(m.group().lstrip()))
            e = seg["start"] + m.end()
            if text[s:e].strip():
                out.append({"start": s, "end": e, "segment": si})
    return out


def sentence_of(sentences: list[dict], offset: int) -> int:
    return next(i for i, s in enumerate(sentences) if s["start"] <= offset < s["end"])


def _attribution(
    text,
    sentences,
    cue,
    source,
    canonical,
    stype,
    subtype=None,
    country=None,
    via=(),
    confidence=0.9,
    content=None,
    resolved_from=None,
):
    cs, ce = find(text, cue)
    ss, se = find(text, source) if source else (None, None)
    ks, ke = find(text, content) if content else (None, None)
    return {
        "start": cs,
        "end": ce,
        "cue": cue,
        "source": source,
        "source_start": ss,
        "source_end": se,
        "canonical_source": canonical,
        "resolved_from": resolved_from,
        "source_type": stype,
        "source_subtype": subtype,
        "country": country,
        "content_start": ks,
        "content_end": ke,
        "via": [
            {
                "source": v[0],
                "canonical_source": v[1],
                "source_type": v[2],
                "start": find(text, v[0])[0],
                "end": find(text, v[0])[1],
            }
            for v in via
        ],
        "confidence": confidence,
        "sentence": sentence_of(sentences, cs),
    }


def _provenance(codebook: str = "policy_frames") -> dict:
    return {
        "app_version": "0.1.0",
        "models": {
            "offtopic": {"id": "offtopic-aaaaaaaaaaaa", "sha256": MODEL_SHA, "training_data_sha256": "b" * 64},
            "attribution": {"id": "attribution-cccccccccccc", "sha256": "c" * 64, "training_data_sha256": "d" * 64},
        },
        "codebook": codebook,
        "settings": {
            "include_off_topic": False,
            "offtopic_threshold": 0.5,
            "codebook": codebook,
            "model_dir": "shipped",
        },
        "libraries": {"scikit-learn": "1.5.0", "openpyxl": "3.1.5"},
    }


def _base(aid, text, lines, lang, script, outlet, title, insert_line, date="2025-03-04", path=None) -> dict:
    segs = _segments(text, lines, insert_line)
    sents = _sentences(text, segs)
    return {
        "schema": "parallax.analysis/1",
        "id": aid,
        "path": path,
        "title": title,
        "outlet": outlet,
        "date": date,
        "url": None,
        "language": lang,
        "script": script,
        "sample": False,
        "text": text,
        "segments": segs,
        "sentences": sents,
        "off_topic": [],
        "attributions": [],
        "attribution_profile": None,
        "frames": None,
        "loaded_language": [],
        "loaded_language_rate": 0.0,
        "readability": {},
        "figures": [],
        "dates": [],
        "entities": [],
        "inconsistencies": [],
        "with_inserts": None,
        "include_off_topic": False,
        "skipped": [],
        "provenance": _provenance(),
        "timing_ms": 12.5,
    }


def _frames(segments, dist: dict, article: dict) -> dict:
    segs = []
    for i, s in enumerate(segments):
        if s["off_topic"]:
            continue
        segs.append(
            {
                "segment": i,
                "frames": {f: round(v * (0.8 if i % 2 else 1.0), 3) for f, v in article.items()},
                "evidence": {},
            }
        )
    return {"codebook": "policy_frames", "article": article, "distribution": dist, "segments": segs}


def hindi_analysis(aid: str = "hi-border-1", path: str | None = None) -> dict:
    a = _base(
        aid, HI_TEXT, HI_LINES, "hi", "Devanagari", "सीमा समाचार (काल्पनिक)", HI_LINES[0], insert_line=2, path=path
    )
    t, sents, segs = HI_TEXT, a["sentences"], a["segments"]
    ins = segs[2]
    a["off_topic"] = [
        {
            "start": ins["start"],
            "end": ins["end"],
            "kind": "promo_headline",
            "score": 0.93,
            "reasons": ["promo cue 'देखें VIDEO'", "no shared entities with the story"],
        }
    ]
    a["attributions"] = [
        _attribution(
            t,
            sents,
            "ने मंगलवार को कहा",
            "रक्षा मंत्रालय के प्रवक्ता",
            "Ministry of Defence (India)",
            "government",
            "executive",
            "IN",
            content="सीमा पर हालात नियंत्रण में हैं",
        ),
        _attribution(
            t, sents, "के मुताबिक", "सरकारी समाचार एजेंसी", "State news agency", "state_media", None, "IN", confidence=0.72
        ),
        _attribution(t, sents, "के अनुसार", "सूत्रों", None, "anonymous_official", confidence=0.66),
        _attribution(
            t, sents, "ने नाम न छापने की शर्त पर बताया", "एक वरिष्ठ अधिकारी", None, "anonymous_official", confidence=0.81
        ),
    ]
    a["attribution_profile"] = {
        "claims": 5,
        "attributed_share": 0.8,
        "by_type": {"government": 1, "state_media": 1, "anonymous_official": 2},
        "distinct_sources": 3,
        "source_evenness": 0.946,
        "state_media_share": 0.25,
        "anonymous_share": 0.5,
        "unattributed_estimates": 0,
        "countries": ["IN"],
        "claims_list": [
            {"sentence": 1, "attributions": [0]},
            {"sentence": 2, "attributions": [1]},
            {"sentence": 4, "attributions": [2]},
            {"sentence": 5, "attributions": []},
            {"sentence": 6, "attributions": [3]},
        ],
    }
    a["frames"] = _frames(
        segs,
        {"security_defense": 0.62, "political": 0.28, "external_regulation": 0.1},
        {"security_defense": 0.91, "political": 0.55, "external_regulation": 0.2, "health_safety": 0.05},
    )
    ls, le = find(t, "शर्मनाक")
    a["loaded_language"] = [{"start": ls, "end": le, "score": 0.87, "category": "judgement"}]
    a["loaded_language_rate"] = 0.02
    a["readability"] = {
        "available": True,
        "language": "hi",
        "method": "parallax-hindi-components",
        "sentences": 5,
        "words": 62,
        "words_per_sentence": 12.4,
        "aksharas_per_word": 2.3,
        "conjuncts_per_word": 0.15,
    }
    fs, fe = find(t, "1,200")
    gs, ge = find(t, "3 जवान")
    a["figures"] = [
        {
            "start": fs,
            "end": fe,
            "value": 1200.0,
            "unit": "सैनिक",
            "qualifier": "करीब",
            "qualifier_kind": "about",
            "about": "troops",
            "estimated": False,
            "attribution": 1,
        },
        {
            "start": gs,
            "end": gs + 1,
            "value": 3.0,
            "unit": "जवान",
            "qualifier": None,
            "qualifier_kind": None,
            "about": "injured",
            "estimated": False,
            "attribution": 2,
        },
    ]
    ds, de = find(t, "मंगलवार")
    es, ee = find(t, "12 मार्च 2025")
    hs, he = find(t, "पिछले हफ्ते")
    a["dates"] = [
        {"start": ds, "end": de, "value": "2025-03-04", "resolved": True},
        {"start": hs, "end": he, "value": "2025-W09", "resolved": True},
        {"start": es, "end": ee, "value": "2025-03-12", "resolved": False},
    ]
    ms, me = find(t, "रक्षा मंत्रालय", 10)
    a["entities"] = [
        {
            "start": ms,
            "end": me,
            "canonical": "Ministry of Defence (India)",
            "type": "government_body",
            "country": "IN",
        },
        {"start": find(t, "नई दिल्ली")[0], "end": find(t, "नई दिल्ली")[1], "canonical": "New Delhi", "type": "place"},
    ]
    a["with_inserts"] = {
        "attributions": a["attributions"],
        "attribution_profile": dict(a["attribution_profile"], attributed_share=0.667),
        "frames": a["frames"],
        "loaded_language": a["loaded_language"],
        "loaded_language_rate": 0.018,
        "readability": dict(a["readability"], words=71),
        "figures": a["figures"],
    }
    return a


def english_analysis(aid: str = "en-border-1", path: str | None = None) -> dict:
    a = _base(
        aid, EN_TEXT, EN_LINES, "en", "Latin", "Frontier Daily (fictional)", EN_LINES[0], insert_line=None, path=path
    )
    t, sents, segs = EN_TEXT, a["sentences"], a["segments"]
    a["attributions"] = [
        _attribution(
            t,
            sents,
            "said",
            "A defence ministry spokesperson",
            "Ministry of Defence (India)",
            "government",
            "executive",
            "IN",
            content="the situation on the border was under control",
        ),
        _attribution(
            t,
            sents,
            "reported",
            "army officials",
            "Indian Army",
            "government",
            "military",
            "IN",
            via=[("the state news agency", "State news agency", "state_media")],
            confidence=0.77,
        ),
        _attribution(t, sents, "according to", "sources", None, "anonymous_official", confidence=0.7),
        _attribution(
            t, sents, "said on condition of anonymity", "a senior official", None, "anonymous_official", confidence=0.83
        ),
    ]
    a["attribution_profile"] = {
        "claims": 5,
        "attributed_share": 0.8,
        "by_type": {"government": 2, "anonymous_official": 2},
        "distinct_sources": 3,
        "source_evenness": 0.96,
        "state_media_share": 0.0,
        "anonymous_share": 0.5,
        "unattributed_estimates": 0,
        "countries": ["IN"],
        "claims_list": [
            {"sentence": 1, "attributions": [0]},
            {"sentence": 2, "attributions": [1]},
            {"sentence": 3, "attributions": [2]},
            {"sentence": 4, "attributions": []},
            {"sentence": 5, "attributions": [3]},
        ],
    }
    a["frames"] = _frames(
        segs,
        {"security_defense": 0.55, "political": 0.35, "health_safety": 0.1},
        {"security_defense": 0.88, "political": 0.61, "external_regulation": 0.1, "health_safety": 0.3},
    )
    ls, le = find(t, "shameful")
    a["loaded_language"] = [{"start": ls, "end": le, "score": 0.81}]
    a["loaded_language_rate"] = 0.016
    a["readability"] = {
        "available": True,
        "language": "en",
        "method": "textstat",
        "sentences": 5,
        "words": 63,
        "words_per_sentence": 12.6,
        "flesch_reading_ease": 48.2,
        "flesch_kincaid_grade": 10.9,
    }
    fs, fe = find(t, "1,500")
    gs, ge = find(t, "Three")
    a["figures"] = [
        {
            "start": fs,
            "end": fe,
            "value": 1500.0,
            "unit": "troops",
            "qualifier": "About",
            "qualifier_kind": "about",
            "about": "troops",
            "estimated": False,
            "attribution": 1,
        },
        {
            "start": gs,
            "end": ge,
            "value": 3.0,
            "unit": "soldiers",
            "qualifier": None,
            "qualifier_kind": None,
            "about": "injured",
            "estimated": False,
            "attribution": 2,
        },
    ]
    ds, de = find(t, "Tuesday")
    es, ee = find(t, "March 12, 2025")
    a["dates"] = [
        {"start": ds, "end": de, "value": "2025-03-04", "resolved": True},
        {"start": es, "end": ee, "value": "2025-03-12", "resolved": False},
    ]
    ms, me = find(t, "defence ministry", 70)
    a["entities"] = [
        {"start": ms, "end": me, "canonical": "Ministry of Defence (India)", "type": "government_body", "country": "IN"}
    ]
    a["inconsistencies"] = [
        {
            "kind": "figure",
            "entity": None,
            "spans": [list(find(t, "1,500")), list(find(t, "Three"))],
            "explanation": "Test fixture: two figures said to disagree.",
        }
    ]
    return a


def comparison(hi: dict, en: dict) -> dict:
    """A ``parallax.comparison/1`` dict for [hi, en], written from the contract's field list."""
    th, te = hi["text"], en["text"]
    hf, ef = hi["figures"][0], en["figures"][0]
    return {
        "schema": "parallax.comparison/1",
        "articles": [
            {"id": a["id"], "path": a["path"], "outlet": a["outlet"], "language": a["language"], "title": a["title"]}
            for a in (hi, en)
        ],
        "alignments": [
            {
                "a": 0,
                "a_start": hi["sentences"][1]["start"],
                "a_end": hi["sentences"][1]["end"],
                "b": 1,
                "b_start": en["sentences"][1]["start"],
                "b_end": en["sentences"][1]["end"],
                "score": 0.81,
            }
        ],
        "unique": [
            {"article": 1, "start": find(te, "The opposition")[0], "end": en["sentences"][4]["end"], "best_score": 0.31}
        ],
        "duplicates": [],
        "figures": [
            {
                "about": "troops",
                "unit": "troops",
                "disagree": True,
                "values": [
                    {
                        "article": 0,
                        "start": hf["start"],
                        "end": hf["end"],
                        "value": 1200.0,
                        "qualifier_kind": "about",
                        "source": "State news agency",
                    },
                    {
                        "article": 1,
                        "start": ef["start"],
                        "end": ef["end"],
                        "value": 1500.0,
                        "qualifier_kind": "about",
                        "source": "Indian Army",
                    },
                ],
            },
            {
                "about": "injured",
                "unit": None,
                "disagree": False,
                "values": [
                    {
                        "article": 0,
                        "start": hi["figures"][1]["start"],
                        "end": hi["figures"][1]["end"],
                        "value": 3.0,
                        "qualifier_kind": None,
                        "source": None,
                    },
                    {
                        "article": 1,
                        "start": en["figures"][1]["start"],
                        "end": en["figures"][1]["end"],
                        "value": 3.0,
                        "qualifier_kind": None,
                        "source": None,
                    },
                ],
            },
        ],
        "dates": [
            {
                "about": "talks resume",
                "disagree": False,
                "values": [
                    {
                        "article": 0,
                        "start": hi["dates"][2]["start"],
                        "end": hi["dates"][2]["end"],
                        "value": "2025-03-12",
                    },
                    {
                        "article": 1,
                        "start": en["dates"][1]["start"],
                        "end": en["dates"][1]["end"],
                        "value": "2025-03-12",
                    },
                ],
            }
        ],
        "contradictions": [
            {
                "kind": "figure",
                "explanation": "1,200 troops (Hindi) against about 1,500 (English): the intervals do not overlap.",
                "spans": [
                    {"article": 0, "start": hf["start"], "end": hf["end"]},
                    {"article": 1, "start": ef["start"], "end": ef["end"]},
                ],
            }
        ],
        "frames": [
            {"article": 0, "distribution": hi["frames"]["distribution"]},
            {"article": 1, "distribution": en["frames"]["distribution"]},
        ],
        "frame_divergence": [[0.0, 0.08], [0.08, 0.0]],
        "attribution": [
            {"article": 0, "profile": hi["attribution_profile"]},
            {"article": 1, "profile": en["attribution_profile"]},
        ],
        "shared_claims": [
            {
                "spans": [
                    {
                        "article": 0,
                        "start": hi["sentences"][1]["start"],
                        "end": hi["sentences"][1]["end"],
                        "source_type": "government",
                        "source": "Ministry of Defence (India)",
                    },
                    {
                        "article": 1,
                        "start": en["sentences"][1]["start"],
                        "end": en["sentences"][1]["end"],
                        "source_type": "government",
                        "source": "Ministry of Defence (India)",
                    },
                ]
            },
            {
                "spans": [
                    {
                        "article": 0,
                        "start": find(th, "बातचीत")[0],
                        "end": hi["sentences"][-1]["end"],
                        "source_type": "anonymous_official",
                        "source": None,
                    }
                ]
            },
        ],
    }


HOSTILE_LINES = [
    '=HYPERLINK("http://example.invalid/x","click me")',
    "+91 98765 43210 पर कॉल करें",
    "-5 degrees overnight, said the weather office.",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "#N/A",
    "\t=tab first",
]
HOSTILE_TEXT = "\n\n".join(HOSTILE_LINES) + "\n"


def test_fixtures_are_consistent():
    """The builders find every span in their text (a typo in a needle would fail here)."""
    for a in (hindi_analysis(), english_analysis()):
        t = a["text"]
        for s in a["sentences"]:
            assert t[s["start"] : s["end"]].strip() == t[s["start"] : s["end"]]
        for at in a["attributions"]:
            assert t[at["start"] : at["end"]] == at["cue"]
            assert at["source"] is None or t[at["source_start"] : at["source_end"]] == at["source"]
            assert a["sentences"][at["sentence"]]["start"] <= at["start"] < a["sentences"][at["sentence"]]["end"]
    cmp = comparison(hindi_analysis(), english_analysis())
    assert [a["id"] for a in cmp["articles"]] == ["hi-border-1", "en-border-1"]
