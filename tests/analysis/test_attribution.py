"""Source attribution through the whole pipeline: every cue pattern, pronouns and
back-references, relay chains, hedges, sentences with no source, and the article's
attribution profile -- each in Hindi next to English (examples written for these tests).

What is asserted is what a correct extractor must give (contract.md "Attributions",
product.md "Source types"): the cue as written, the source mention as written, the
entity it resolves to, the source type and the relayers in ``via``.
"""

import pytest

from analysis.model import Article
from analysis.pipeline import analyze_article


@pytest.fixture(scope="module")
def analyse():
    from analysis.models import ModelSet

    models = ModelSet.load()

    def run(text: str, title: str | None = None):
        return analyze_article(Article(text=text, title=title), models=models)

    # without the shipped attribution model every "no attribution" test would pass vacuously
    probe = run("The Election Commission said polling would be held in seven phases.")
    assert not any(s.feature == "attribution" for s in probe.skipped), probe.skipped
    assert probe.scores.attributions
    return run


def well_formed(result):
    """Offsets and indices of every attribution agree with the text."""
    text = result.article.text
    for a in result.scores.attributions:
        assert text[a.start : a.end] == a.cue
        if a.source is None:
            assert a.source_start is None and a.source_end is None
        else:
            assert text[a.source_start : a.source_end] == a.source
        s = result.sentences[a.sentence]
        assert s.start <= a.start < a.end <= s.end
        for v in a.via:
            assert text[v.start : v.end] == v.source
        if a.resolved_from is not None:
            assert 0 <= a.resolved_from < len(result.scores.attributions)
    return result.scores.attributions


def profile_adds_up(result):
    """The profile is what its definition in contract.md makes of the attributions."""
    atts = result.scores.attributions
    p = result.scores.attribution_profile
    assert sum(p.by_type.values()) == len(atts)
    assert p.unattributed_estimates == p.by_type.get("unattributed_estimate", 0)
    assert p.claims == len(p.claims_list)
    claim_sentences = [s for s, _ in p.claims_list]
    for s, idx in p.claims_list:
        assert all(atts[i].sentence == s for i in idx)
    strong = {i for i, a in enumerate(atts) if a.source_type not in ("unattributed_estimate", "unspecified_report")}
    attributed = sum(1 for _, idx in p.claims_list if strong & set(idx))
    assert p.attributed_share == pytest.approx(attributed / len(claim_sentences) if claim_sentences else 0.0, abs=1e-4)
    sourced = [a for a in atts if a.source_type != "unattributed_estimate"]
    if sourced:
        assert p.state_media_share == pytest.approx(sum(a.source_type == "state_media" for a in sourced) / len(sourced), abs=1e-4)
        assert p.anonymous_share == pytest.approx(sum(a.source_type == "anonymous_official" for a in sourced) / len(sourced), abs=1e-4)
    else:
        assert p.state_media_share == 0.0 and p.anonymous_share == 0.0
    assert (p.source_evenness is None) == (p.distinct_sources < 2)
    return p


# --- 1. every cue pattern ----------------------------------------------------------


def case(text, cue, source, canonical, stype, content, id, via=()):
    """text, cue, source as written, canonical source, source type, a phrase of the content
    (None: not checked), canonical names of the relayers."""
    return pytest.param(text, cue, source, canonical, stype, content, via, id=id)


CUES = [
    # X ने कहा कि … / X said …
    case(
        "केंद्रीय वित्त मंत्री निर्मला सीतारमण ने कहा कि इस साल राजकोषीय घाटा लक्ष्य के भीतर रहेगा।",
        "कहा", "केंद्रीय वित्त मंत्री निर्मला सीतारमण", "Nirmala Sitharaman", "government", "राजकोषीय घाटा लक्ष्य के भीतर रहेगा",
        id="ne_kaha-hi",
    ),
    case(
        "Finance Minister Nirmala Sitharaman said the fiscal deficit would stay within the target this year.",
        "said", "Finance Minister Nirmala Sitharaman", "Nirmala Sitharaman", "government", "fiscal deficit would stay within the target",
        id="x_said-en",
    ),
    # X ने कहा, “…” / X said, “…”
    case(
        "गृह मंत्री अमित शाह ने कहा, “बाढ़ प्रभावित जिलों में बचाव कार्य पूरी रात जारी रहेगा।”",
        "कहा", "गृह मंत्री अमित शाह", "Amit Shah", "government", "बचाव कार्य पूरी रात जारी रहेगा",
        id="ne_kaha_quote-hi",
    ),
    case(
        "Home Minister Amit Shah said, “Rescue work in the flooded districts will continue through the night.”",
        "said", "Home Minister Amit Shah", "Amit Shah", "government", "will continue through the night",
        id="said_quote-en",
    ),
    # X ने … कहा कि (words between the ergative and the verb)
    case(
        "मौसम विभाग ने मंगलवार को जारी अपने बुलेटिन में कहा कि अगले तीन दिन भारी बारिश हो सकती है।",
        "कहा", "मौसम विभाग", "India Meteorological Department", "government", "अगले तीन दिन भारी बारिश हो सकती है",
        id="ne_gap_kaha_ki-hi",
    ),
    case(
        "The India Meteorological Department said in a bulletin on Tuesday that heavy rain was likely over the next three days.",
        "said", "The India Meteorological Department", "India Meteorological Department", "government", "heavy rain was likely",
        id="said_gap_that-en",
    ),
    # X के अनुसार / according to X
    case(
        "चुनाव आयोग के अनुसार मतदान सात चरणों में होगा।",
        "के अनुसार", "चुनाव आयोग", "Election Commission of India", "government", "मतदान सात चरणों में होगा",
        id="ke_anusar-hi",
    ),
    case(
        "According to the Election Commission, polling will be held in seven phases.",
        "According to", "the Election Commission", "Election Commission of India", "government", None,
        id="according_to-en",
    ),
    # X के मुताबिक / …, X reported
    case(
        "पीटीआई के मुताबिक हादसे में सात लोगों की मौत हो गई और बारह घायल हुए।",
        "के मुताबिक", "पीटीआई", "Press Trust of India", "independent_media", "सात लोगों की मौत",
        id="ke_mutabik-hi",
    ),
    case(
        "Seven people were killed and twelve injured in the accident, PTI reported.",
        "reported", "PTI", "Press Trust of India", "independent_media", "Seven people were killed",
        id="x_reported-en",
    ),
    # X का कहना है कि / X says
    case(
        "केंद्रीय शिक्षा मंत्री धर्मेंद्र प्रधान का कहना है कि नई शिक्षा नीति अगले सत्र से सभी राज्यों में लागू होगी।",
        "का कहना है", "केंद्रीय शिक्षा मंत्री धर्मेंद्र प्रधान", "Dharmendra Pradhan", "government", "नई शिक्षा नीति",
        id="ka_kahna_hai-hi",
    ),
    case(
        "Union Education Minister Dharmendra Pradhan says the new education policy will be implemented in all states from the next session.",
        "says", "Union Education Minister Dharmendra Pradhan", "Dharmendra Pradhan", "government", "new education policy",
        id="x_says-en",
    ),
    # X ने बताया / X told reporters
    case(
        "दिल्ली पुलिस ने बताया कि आरोपी को गुरुग्राम से गिरफ्तार किया गया।",
        "बताया", "दिल्ली पुलिस", "Delhi Police", "government", "आरोपी को गुरुग्राम से गिरफ्तार किया गया",
        id="ne_bataya-hi",
    ),
    case(
        "Delhi Police told reporters that the accused had been arrested in Gurugram.",
        "told", "Delhi Police", "Delhi Police", "government", "the accused had been arrested in Gurugram",
        id="told_reporters-en",
    ),
    case(
        "मुख्यमंत्री ममता बनर्जी ने कोलकाता में पत्रकारों से बात करते हुए कहा कि राज्य यह योजना लागू नहीं करेगा।",
        "कहा", "मुख्यमंत्री ममता बनर्जी", "Mamata Banerjee", "government", "राज्य यह योजना लागू नहीं करेगा",
        id="patrakaron_se_kaha-hi",
    ),
    case(
        "Chief Minister Mamata Banerjee told reporters in Kolkata that the state would not implement the scheme.",
        "told", "Chief Minister Mamata Banerjee", "Mamata Banerjee", "government", "the state would not implement the scheme",
        id="told_reporters_person-en",
    ),
    # X ने दावा किया / X claimed
    case(
        "अरविंद केजरीवाल ने दावा किया कि 12 लाख परिवारों के पानी के बिल माफ किए गए हैं।",
        "दावा किया", "अरविंद केजरीवाल", "Arvind Kejriwal", "government", "पानी के बिल माफ किए गए हैं",
        id="ne_dava_kiya-hi",
    ),
    case(
        "Arvind Kejriwal claimed that the water bills of 12 lakh families had been waived.",
        "claimed", "Arvind Kejriwal", "Arvind Kejriwal", "government", "water bills of 12 lakh families had been waived",
        id="claimed-en",
    ),
    # X ने इनकार किया / X denied
    case(
        "ममता बनर्जी ने इस बात से इनकार किया कि राज्य को योजना के लिए केंद्र से कोई पैसा मिला है।",
        "इनकार किया", "ममता बनर्जी", "Mamata Banerjee", "government", "केंद्र से कोई पैसा मिला है",
        id="ne_inkar_kiya-hi",
    ),
    case(
        "Mamata Banerjee denied that the state had received any central funds for the scheme.",
        "denied", "Mamata Banerjee", "Mamata Banerjee", "government", "received any central funds",
        id="denied-en",
    ),
    # X ने पुष्टि की / X confirmed
    case(
        "भारतीय सेना ने पुष्टि की कि कुपवाड़ा में मुठभेड़ में दो जवान शहीद हो गए।",
        "पुष्टि की", "भारतीय सेना", "Indian Army", "government", "दो जवान शहीद हो गए",
        id="ne_pushti_ki-hi",
    ),
    case(
        "The Indian Army confirmed that two soldiers had been killed in the encounter in Kupwara.",
        "confirmed", "The Indian Army", "Indian Army", "government", "two soldiers had been killed",
        id="confirmed-en",
    ),
    # passive: X में कहा गया है / the X report said
    case(
        "नीति आयोग की रिपोर्ट में कहा गया है कि 2030 तक बिजली की मांग दोगुनी हो जाएगी।",
        "कहा गया है", "नीति आयोग की रिपोर्ट", "NITI Aayog", "document", "बिजली की मांग दोगुनी हो जाएगी",
        id="passive_kaha_gaya_hai-hi",
    ),
    case(
        "The NITI Aayog report said electricity demand would double by 2030.",
        "said", "The NITI Aayog report", "NITI Aayog", "document", "electricity demand would double",
        id="report_said-en",
    ),
    # passive: X की ओर से कहा गया है / a statement issued by X said
    case(
        "विदेश मंत्रालय की ओर से कहा गया है कि क्षेत्र में सभी भारतीय नागरिक सुरक्षित हैं।",
        "की ओर से कहा गया", "विदेश मंत्रालय", "Ministry of External Affairs", "government", "सभी भारतीय नागरिक सुरक्षित हैं",
        id="passive_ki_or_se-hi",
    ),
    case(
        "A statement issued by the Ministry of External Affairs said all Indian nationals in the region were safe.",
        "said", "A statement issued by the Ministry of External Affairs", "Ministry of External Affairs", "government", "all Indian nationals",
        id="statement_said-en",
    ),
    # सूत्रों के मुताबिक / sources said: unnamed, so no canonical source
    case(
        "सूत्रों के मुताबिक बैठक में नए गवर्नर के नाम पर चर्चा हुई।",
        "के मुताबिक", "सूत्रों", None, "anonymous_official", "नए गवर्नर के नाम पर चर्चा हुई",
        id="sutron_ke_mutabik-hi",
    ),
    case(
        "Sources said the meeting discussed the name of the new governor.",
        "said", "Sources", None, "anonymous_official", "the meeting discussed the name of the new governor",
        id="sources_said-en",
    ),
    # X के हवाले से / citing X
    case(
        "शिन्हुआ के हवाले से हेनान में बाढ़ से 40,000 लोगों के विस्थापित होने की खबर आई है।",
        "के हवाले से", "शिन्हुआ", "Xinhua News Agency", "state_media", "हेनान में बाढ़",
        id="ke_havale_se-hi",
    ),
    case(
        "Floods in Henan have displaced 40,000 people, Reuters reported, citing Xinhua.",
        "citing", "Xinhua", "Xinhua News Agency", "state_media", None,
        id="citing-en", via=("Reuters",),
    ),
    # “…,” X ने कहा। / “…,” said X
    case(
        "“राजमार्ग जून में यातायात के लिए खोल दिया जाएगा,” केंद्रीय सड़क परिवहन मंत्री नितिन गडकरी ने कहा।",
        "कहा", "केंद्रीय सड़क परिवहन मंत्री नितिन गडकरी", "Nitin Gadkari", "government", "राजमार्ग जून में यातायात के लिए खोल दिया जाएगा",
        id="quote_x_ne_kaha-hi",
    ),
    case(
        "“The highway will be opened to traffic in June,” said Union Road Transport Minister Nitin Gadkari.",
        "said", "Union Road Transport Minister Nitin Gadkari", "Nitin Gadkari", "government", None,
        id="said_x-en",
    ),
    # a quotation with an unnamed speaker: a government source, no canonical name invented
    case(
        "“हम किसी को अपनी जमीन पर कब्जा नहीं करने देंगे,” मंत्री ने कहा।",
        "कहा", "मंत्री", None, "government", "अपनी जमीन पर कब्जा नहीं करने देंगे",
        id="quote_minister-hi",
    ),
    case(
        "“We will not allow anyone to encroach on our land,” the minister said.",
        "said", "the minister", None, "government", "encroach on our land",
        id="quote_minister-en",
    ),
]


@pytest.mark.parametrize("text,cue,source,canonical,stype,content,via", CUES)
def test_cue_pattern(analyse, text, cue, source, canonical, stype, content, via):
    r = analyse(text)
    atts = well_formed(r)
    assert [(a.cue, a.source, a.canonical_source, a.source_type) for a in atts] == [(cue, source, canonical, stype)]
    a = atts[0]
    assert tuple(v.canonical_source for v in a.via) == via and a.resolved_from is None
    assert 0.5 <= a.confidence <= 1.0
    if content is not None:
        assert a.content_start is not None and content in text[a.content_start : a.content_end]
        # the content is what was said: neither the cue nor the source mention
        assert not (a.content_start < a.end and a.start < a.content_end)
        assert not (a.content_start < a.source_end and a.source_start < a.content_end)


@pytest.mark.parametrize(
    "text,country",
    [
        pytest.param("भारतीय सेना ने पुष्टि की कि कुपवाड़ा में मुठभेड़ में दो जवान शहीद हो गए।", "IN", id="hi"),
        pytest.param("The Indian Army confirmed that two soldiers had been killed in the encounter in Kupwara.", "IN", id="en"),
    ],
)
def test_government_source_has_subtype_and_country(analyse, text, country):
    (a,) = well_formed(analyse(text))
    assert a.source_type == "government" and a.source_subtype == "military" and a.country == country


# --- 2. pronouns and back-references ---------------------------------------------
# (text, index of the attribution to check, its source as written, resolved canonical, index it resolves to)

RESOLVED = [
    # उन्होंने / he -> the named speaker of the sentence before
    pytest.param(
        "नितिन गडकरी ने कहा कि एक्सप्रेसवे दिसंबर तक पूरा हो जाएगा। उन्होंने बताया कि टोल इलेक्ट्रॉनिक तरीके से वसूला जाएगा।",
        1, "उन्होंने", "Nitin Gadkari", 0,
        id="unhonne-hi",
    ),
    pytest.param(
        "Nitin Gadkari said the expressway would be completed by December. He added that tolls would be collected electronically.",
        1, "He", "Nitin Gadkari", 0,
        id="he-en",
    ),
    # the nearest fitting source, not the first one
    pytest.param(
        "नितिन गडकरी ने कहा कि एक्सप्रेसवे दिसंबर में खुलेगा। निर्मला सीतारमण ने कहा कि धनराशि जारी कर दी गई है। "
        "उन्होंने कहा कि परियोजना पर 8,000 करोड़ रुपये खर्च होंगे।",
        2, "उन्होंने", "Nirmala Sitharaman", 1,
        id="unhonne_nearest-hi",
    ),
    pytest.param(
        "Nitin Gadkari said the expressway would open in December. Nirmala Sitharaman said funds had been released. "
        "She said the project would cost Rs 8,000 crore.",
        2, "She", "Nirmala Sitharaman", 1,
        id="she_nearest-en",
    ),
    # वे (honorific) / he, present tense
    pytest.param(
        "अखिलेश यादव ने कहा कि सरकार किसानों के मुद्दे पर विफल रही है। वे कहते हैं कि पार्टी हर जिले में प्रदर्शन करेगी।",
        1, "वे", "Akhilesh Yadav", 0,
        id="ve-hi",
    ),
    pytest.param(
        "Akhilesh Yadav said the government had failed farmers. He says the party will hold protests in every district.",
        1, "He", "Akhilesh Yadav", 0,
        id="he_says-en",
    ),
    # उन्होंने / they -> a group named by its organisation
    pytest.param(
        "डॉक्टर्स विदाउट बॉर्डर्स के डॉक्टरों ने कहा कि शिविर में हैजे के 200 मामले सामने आए हैं। उन्होंने कहा कि साफ पानी की भारी कमी है।",
        1, "उन्होंने", "Médecins Sans Frontières", 0,
        id="unhonne_group-hi",
    ),
    pytest.param(
        "Doctors with Médecins Sans Frontières said 200 cholera cases had been recorded in the camp. They said there was an acute shortage of clean water.",
        1, "They", "Médecins Sans Frontières", 0,
        id="they_group-en",
    ),
    # मंत्रालय / the ministry
    pytest.param(
        "गृह मंत्रालय ने कहा कि मणिपुर में 1,200 अतिरिक्त जवान भेजे गए हैं। मंत्रालय के अनुसार हालात नियंत्रण में हैं।",
        1, "मंत्रालय", "Ministry of Home Affairs", 0,
        id="mantralay-hi",
    ),
    pytest.param(
        "The Ministry of Home Affairs said 1,200 additional troops had been sent to Manipur. The ministry said the situation was under control.",
        1, "The ministry", "Ministry of Home Affairs", 0,
        id="the_ministry-en",
    ),
    # एजेंसी / the agency
    pytest.param(
        "रॉयटर्स ने बताया कि कंपनी ने 300 कर्मचारियों की छंटनी की है। एजेंसी के मुताबिक छंटनी ज्यादातर पुणे संयंत्र में हुई है।",
        1, "एजेंसी", "Reuters", 0,
        id="agency-hi",
    ),
    pytest.param(
        "Reuters reported that the company had laid off 300 workers. The agency said the cuts were concentrated in the Pune plant.",
        1, "The agency", "Reuters", 0,
        id="the_agency-en",
    ),
    # रिपोर्ट / the report
    pytest.param(
        "द हिंदू के अनुसार राज्य ने बाढ़ राहत पर 400 करोड़ रुपये खर्च किए। रिपोर्ट के मुताबिक ज्यादातर पैसा तीन जिलों में गया।",
        1, "रिपोर्ट", "The Hindu", 0,
        id="report-hi",
    ),
    pytest.param(
        "According to The Hindu, the state spent Rs 400 crore on flood relief. The report said most of the money went to three districts.",
        1, "The report", "The Hindu", 0,
        id="the_report-en",
    ),
]


@pytest.mark.parametrize("text,k,source,canonical,antecedent", RESOLVED)
def test_resolves_to_the_named_source(analyse, text, k, source, canonical, antecedent):
    r = analyse(text)
    atts = well_formed(r)
    a, ante = atts[k], atts[antecedent]
    assert a.source == source  # the mention stays as written
    assert a.canonical_source == canonical == ante.canonical_source
    assert a.resolved_from == antecedent and ante.resolved_from is None
    assert a.source_type == ante.source_type and a.country == ante.country
    # the pronoun or back-reference and its antecedent count as one source, not two
    assert profile_adds_up(r).distinct_sources == len({x.canonical_source for x in atts})


UNRESOLVED = [
    # a pronoun that opens the article
    pytest.param("उन्होंने कहा कि फैसले की अगले महीने समीक्षा की जाएगी।", "उन्होंने", id="pronoun_first-hi"),
    pytest.param("He said the decision would be reviewed next month.", "He", id="pronoun_first-en"),
    # a pronoun after a sentence that names nobody
    pytest.param("पुल मंगलवार शाम ढह गया। उन्होंने कहा कि फैसले की अगले महीने समीक्षा की जाएगी।", "उन्होंने", id="pronoun_no_antecedent-hi"),
    pytest.param("The bridge collapsed on Tuesday evening. He said the decision would be reviewed next month.", "He", id="pronoun_no_antecedent-en"),
]


@pytest.mark.parametrize("text,pronoun", UNRESOLVED)
def test_pronoun_without_antecedent_stays_unnamed(analyse, text, pronoun):
    (a,) = well_formed(analyse(text))
    assert a.source == pronoun
    assert a.canonical_source is None and a.resolved_from is None
    assert a.source_type != "unattributed_estimate"
    assert a.confidence <= 0.9  # uncertain, so not at full confidence


UNSPECIFIED_REPORT = [
    # "the report" with no outlet anywhere before it
    pytest.param("पुल मंगलवार को ढह गया। रिपोर्ट के मुताबिक लागत दोगुनी हो गई है।", "रिपोर्ट", id="no_outlet-hi"),
    pytest.param("The bridge collapsed on Tuesday. The report said the cost had doubled.", "The report", id="no_outlet-en"),
    # the article has since turned to another country's government: the report is not Dawn's for sure
    pytest.param(
        "डॉन अखबार के अनुसार बांध परियोजना दो साल पीछे चल रही है। भारत के विदेश मंत्रालय ने कहा कि भारत से कोई सलाह नहीं ली गई। "
        "रिपोर्ट के मुताबिक लागत दोगुनी हो गई है।",
        "रिपोर्ट",
        id="chain_broken-hi",
    ),
    pytest.param(
        "According to Dawn, the dam project has been delayed by two years. The Ministry of External Affairs said India had not been consulted. "
        "The report said the cost had doubled.",
        "The report",
        id="chain_broken-en",
    ),
]


@pytest.mark.parametrize("text,mention", UNSPECIFIED_REPORT)
def test_unresolvable_report_is_unspecified(analyse, text, mention):
    r = analyse(text)
    a = well_formed(r)[-1]
    assert a.source == mention
    assert (a.source_type, a.canonical_source, a.resolved_from) == ("unspecified_report", None, None)
    assert a.confidence < 0.9
    # an unspecified report does not make its claim "attributed"
    claim = dict(r.scores.attribution_profile.claims_list)[a.sentence]
    assert all(r.scores.attributions[i].source_type == "unspecified_report" for i in claim)


@pytest.mark.parametrize(
    "text,mention",
    [
        pytest.param("मंत्रालय ने कहा कि हालात नियंत्रण में हैं।", "मंत्रालय", id="hi"),
        pytest.param("The ministry said the situation was under control.", "The ministry", id="en"),
    ],
)
def test_backref_without_antecedent_invents_no_name(analyse, text, mention):
    (a,) = well_formed(analyse(text))
    assert a.source == mention and a.source_type == "government"
    assert a.canonical_source is None and a.resolved_from is None


# --- 3. relay chains ---------------------------------------------------------------
# (text, cue, originator as written, canonical, its country, relayer as written, relayer canonical)

RELAYS = [
    pytest.param(
        "योनहाप ने केसीएनए के हवाले से बताया कि वोनसान के पास नया जलाशय खोला गया है।",
        "के हवाले से", "केसीएनए", "Korean Central News Agency", "KP", "योनहाप", "Yonhap News Agency",
        id="yonhap_kcna-hi",
    ),
    pytest.param(
        "Yonhap, citing KCNA, reported that a new reservoir had been opened near Wonsan.",
        "citing", "KCNA", "Korean Central News Agency", "KP", "Yonhap", "Yonhap News Agency",
        id="yonhap_kcna-en",
    ),
    pytest.param(
        "रॉयटर्स ने शिन्हुआ के हवाले से बताया कि हेनान में बाढ़ से 40,000 लोग विस्थापित हुए हैं।",
        "के हवाले से", "शिन्हुआ", "Xinhua News Agency", "CN", "रॉयटर्स", "Reuters",
        id="reuters_xinhua-hi",
    ),
    pytest.param(
        "Reuters, citing Xinhua, reported that floods in Henan had displaced 40,000 people.",
        "citing", "Xinhua", "Xinhua News Agency", "CN", "Reuters", "Reuters",
        id="reuters_xinhua-en",
    ),
    pytest.param(
        "एएफपी ने तास के हवाले से कहा कि बातचीत अगले हफ्ते इस्तांबुल में फिर शुरू होगी।",
        "के हवाले से", "तास", "TASS", "RU", "एएफपी", "Agence France-Presse",
        id="afp_tass-hi",
    ),
    pytest.param(
        "AFP, quoting TASS, said the talks would resume in Istanbul next week.",
        "quoting", "TASS", "TASS", "RU", "AFP", "Agence France-Presse",
        id="afp_tass-en",
    ),
]


@pytest.mark.parametrize("text,cue,source,canonical,country,relayer,relayer_canonical", RELAYS)
def test_relay_chain(analyse, text, cue, source, canonical, country, relayer, relayer_canonical):
    r = analyse(text)
    atts = well_formed(r)
    # one attribution (the relay), not one for the relay and one for the relayer's verb
    (a,) = atts
    assert (a.cue, a.source, a.canonical_source, a.source_type, a.country) == (cue, source, canonical, "state_media", country)
    assert [(v.source, v.canonical_source, v.source_type) for v in a.via] == [(relayer, relayer_canonical, "independent_media")]
    # the profile counts the originator, not the relayer
    p = profile_adds_up(r)
    assert p.by_type == {"state_media": 1}
    assert p.state_media_share == 1.0 and p.distinct_sources == 1
    assert p.countries == (country,)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "योनहाप ने केसीएनए के हवाले से बताया कि वोनसान के पास नया जलाशय खोला गया है। "
            "योनहाप ने एक अलग खबर में बताया कि सियोल में चावल की कीमतें लगातार तीसरे महीने बढ़ी हैं।",
            id="hi",
        ),
        pytest.param(
            "Yonhap, citing KCNA, reported that a new reservoir had been opened near Wonsan. "
            "In a separate report, Yonhap said rice prices in Seoul had risen for a third month.",
            id="en",
        ),
    ],
)
def test_relayer_counts_only_where_it_speaks_itself(analyse, text):
    r = analyse(text)
    relayed, own = well_formed(r)
    assert relayed.canonical_source == "Korean Central News Agency" and relayed.source_type == "state_media"
    assert [v.canonical_source for v in relayed.via] == ["Yonhap News Agency"]
    assert own.canonical_source == "Yonhap News Agency" and own.source_type == "independent_media" and own.via == ()
    p = profile_adds_up(r)
    assert p.by_type == {"independent_media": 1, "state_media": 1}
    assert p.distinct_sources == 2 and p.state_media_share == 0.5 and p.source_evenness == 1.0
    assert p.countries == ("KP", "KR")


# --- 4. hedges without a source ------------------------------------------------------

HEDGES = [
    pytest.param("ऐसा अनुमान है कि इस साल गेहूं का उत्पादन 11 करोड़ टन से अधिक रहेगा।", "ऐसा अनुमान है", id="aisa_anuman_hai-hi"),
    pytest.param("It is estimated that wheat output will exceed 110 million tonnes this year.", "is estimated", id="is_estimated-en"),
    pytest.param("बताया जाता है कि आग रसोई में शॉर्ट सर्किट से लगी।", "बताया जाता है", id="bataya_jata_hai-hi"),
    pytest.param("It is believed that the fire started in the kitchen after a short circuit.", "It is believed", id="it_is_believed-en"),
    pytest.param("गिरोह ने कथित तौर पर हवाई अड्डे के रास्ते पांच करोड़ रुपये का सोना तस्करी किया।", "कथित तौर पर", id="kathit_taur_par-hi"),
    pytest.param("The gang reportedly smuggled gold worth Rs 5 crore through the airport.", "reportedly", id="reportedly-en"),
    pytest.param("कथित घोटाले में तीन अधिकारियों को निलंबित किया गया है।", "कथित", id="kathit-hi"),
    pytest.param("Three officials have been suspended over the allegedly rigged tender.", "allegedly", id="allegedly-en"),
    pytest.param("माना जा रहा है कि नई मेट्रो लाइन से रोज दो लाख यात्री सफर करेंगे।", "माना जा रहा है", id="mana_ja_raha_hai-hi"),
    pytest.param("The new metro line is expected to carry two lakh passengers a day.", "is expected to", id="is_expected_to-en"),
    pytest.param("हादसे में करीब 40 लोगों के मारे जाने की आशंका है।", "आशंका है", id="ashanka_hai-hi"),
    pytest.param("An estimated 2,000 people attended the rally.", "An estimated", id="an_estimated-en"),
]


@pytest.mark.parametrize("text,cue", HEDGES)
def test_hedge_is_unattributed_estimate(analyse, text, cue):
    r = analyse(text)
    (a,) = well_formed(r)
    assert (a.cue, a.source_type) == (cue, "unattributed_estimate")
    assert a.source is None and a.canonical_source is None and a.via == () and a.resolved_from is None
    p = profile_adds_up(r)
    assert p.unattributed_estimates == 1 and p.attributed_share == 0.0 and p.distinct_sources == 0


# --- 5. no attribution at all ----------------------------------------------------------

PLAIN = [
    pytest.param("साबरमती रिवरफ्रंट पर शुक्रवार से रविवार तक खाद्य उत्सव आयोजित होगा।", id="festival-hi"),
    pytest.param("The Sabarmati riverfront will host a food festival from Friday to Sunday.", id="festival-en"),
    pytest.param("कोहरे के कारण ट्रेन हावड़ा स्टेशन से चालीस मिनट देर से रवाना हुई।", id="train-hi"),
    pytest.param("The train left Howrah station forty minutes late because of fog.", id="train-en"),
    # an ergative subject with an ordinary verb
    pytest.param("भारत ने नागपुर में दूसरे टेस्ट में ऑस्ट्रेलिया को छह विकेट से हराया।", id="cricket-hi"),
    pytest.param("India beat Australia by six wickets in the second Test at Nagpur.", id="cricket-en"),
    pytest.param("मंत्रालय ने कोचिंग केंद्रों के लिए नए दिशानिर्देश जारी किए।", id="guidelines-hi"),
    pytest.param("The ministry issued new guidelines for coaching centres.", id="guidelines-en"),
    # a pronoun subject that reports nothing
    pytest.param("उसने अपनी मां को अस्पताल से फोन किया।", id="phoned-hi"),
    pytest.param("He phoned his mother from the hospital.", id="phoned-en"),
    # "said" in another sense
    pytest.param("हालांकि, ज्यादातर जिलों में मानसून समय पर पहुंचा।", id="that_said-hi"),
    pytest.param("That said, the monsoon arrived on time in most districts.", id="that_said-en"),
]


@pytest.mark.parametrize("text", PLAIN)
def test_no_attribution(analyse, text):
    r = analyse(text)
    assert r.scores.attributions == ()
    p = profile_adds_up(r)
    assert p.by_type == {} and p.attributed_share == 0.0 and p.distinct_sources == 0 and p.claims == 1


# --- 6. the profile ----------------------------------------------------------------------

HEATWAVE = {
    "en": (
        "Heatwave grips north India as Delhi records 46.8 degrees",
        [
            "The India Meteorological Department said on Monday that the heatwave would continue for at least four more days across Delhi, Haryana and west Uttar Pradesh.",
            "Delhi's Safdarjung observatory recorded a maximum temperature of 46.8 degrees Celsius, the highest this season.",
            "According to the Delhi government, power demand touched a record 8,300 megawatts on Sunday afternoon.",
            "Also read: IMD says monsoon likely to reach Kerala three days early",
            "Doctors at Ram Manohar Lohia Hospital said they had treated 35 patients for heatstroke since Friday.",
            "It is believed that many more cases have gone unreported in the city's unauthorised colonies.",
            "Schools in the capital will remain closed until June 30.",
        ],
    ),
    "hi": (
        "उत्तर भारत में लू का कहर, दिल्ली में पारा 46.8 डिग्री",
        [
            "भारत मौसम विज्ञान विभाग ने सोमवार को कहा कि दिल्ली, हरियाणा और पश्चिमी उत्तर प्रदेश में कम से कम चार दिन और लू चलेगी।",
            "दिल्ली की सफदरजंग वेधशाला में अधिकतम तापमान 46.8 डिग्री सेल्सियस दर्ज किया गया, जो इस मौसम में सबसे अधिक है।",
            "दिल्ली सरकार के अनुसार रविवार दोपहर बिजली की मांग रिकॉर्ड 8,300 मेगावाट तक पहुंच गई।",
            "यह भी पढ़ें: केरल में तीन दिन पहले पहुंच सकता है मानसून, मौसम विभाग ने कहा",
            "राम मनोहर लोहिया अस्पताल के डॉक्टरों ने बताया कि शुक्रवार से अब तक लू लगने के 35 मरीजों का इलाज किया गया है।",
            "ऐसा अनुमान है कि शहर की अनधिकृत कॉलोनियों में कई मामले दर्ज ही नहीं हुए।",
            "राजधानी के स्कूल 30 जून तक बंद रहेंगे।",
        ],
    ),
}


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_profile_leaves_out_read_also_insert(analyse, lang):
    headline, paras = HEATWAVE[lang]
    text = "\n".join([headline, *paras])
    r = analyse(text)
    insert = paras[3]
    i_start = text.index(insert)
    i_end = i_start + len(insert)

    assert [(o.kind, text[o.start : o.end]) for o in r.off_topic] == [("read_also", insert)]
    atts = well_formed(r)
    assert all(not (i_start <= a.start < i_end) for a in atts)
    assert [a.source_type for a in atts] == ["government", "government", "expert", "unattributed_estimate"]
    assert atts[0].canonical_source == "India Meteorological Department"

    p = profile_adds_up(r)
    claim_text = [text[r.sentences[s].start : r.sentences[s].end] for s, _ in p.claims_list]
    assert claim_text == [paras[k] for k in (0, 1, 2, 4, 5, 6)]  # no headline, no insert
    assert p.claims == 6
    assert p.by_type == {"expert": 1, "government": 2, "unattributed_estimate": 1}
    assert p.attributed_share == 0.5  # IMD, Delhi government, the doctors; the estimate does not count
    assert p.unattributed_estimates == 1
    assert p.distinct_sources == 3 and p.source_evenness == 1.0
    assert p.state_media_share == 0.0 and p.anonymous_share == 0.0
    assert p.countries == ("IN",)

    # the insert does carry a cue: counted only in the variant with inserts
    assert r.with_inserts is not None
    w = r.with_inserts.attribution_profile
    assert any(i_start <= a.start < i_end for a in r.with_inserts.attributions)
    assert w.claims == p.claims + 1
    assert sum(w.by_type.values()) == len(r.with_inserts.attributions) == len(atts) + 1


FLOODS = {
    "en": (
        "Floods in southern China",
        [
            "Xinhua reported that floods in Guangdong had displaced more than 60,000 people.",
            "Sources said the army had been deployed in three districts.",
            "Reuters reported that several factories in Foshan had suspended production.",
            "It is believed that the damage will run into billions of yuan.",
            "Rain is forecast to ease by the weekend.",
        ],
    ),
    "hi": (
        "दक्षिण चीन में बाढ़",
        [
            "शिन्हुआ ने बताया कि ग्वांगदोंग में बाढ़ से 60,000 से अधिक लोग विस्थापित हुए हैं।",
            "सूत्रों के मुताबिक तीन जिलों में सेना तैनात की गई है।",
            "रॉयटर्स के अनुसार फोशान में कई कारखानों ने उत्पादन रोक दिया है।",
            "ऐसा अनुमान है कि नुकसान अरबों युआन का होगा।",
            "सप्ताहांत तक बारिश कम होने का पूर्वानुमान है।",
        ],
    ),
}


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_profile_shares_add_up(analyse, lang):
    headline, paras = FLOODS[lang]
    r = analyse("\n".join([headline, *paras]))
    atts = well_formed(r)
    assert [(a.source_type, a.canonical_source) for a in atts] == [
        ("state_media", "Xinhua News Agency"),
        ("anonymous_official", None),
        ("independent_media", "Reuters"),
        ("unattributed_estimate", None),
    ]
    p = profile_adds_up(r)
    assert p.claims == 5
    assert p.by_type == {"anonymous_official": 1, "independent_media": 1, "state_media": 1, "unattributed_estimate": 1}
    assert p.attributed_share == 0.6
    # shares are of the three sourced attributions (the estimate has no source)
    assert p.state_media_share == pytest.approx(1 / 3, abs=1e-4)
    assert p.anonymous_share == pytest.approx(1 / 3, abs=1e-4)
    assert p.unattributed_estimates == 1
    assert p.distinct_sources == 3 and p.source_evenness == 1.0
    assert p.countries == ("CN", "GB")


# --- 7. the same person named again, a country as the speaker -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "Flooded road stays shut\nSheriff Angela Ruiz said the highway would stay closed until Friday. Crews cleared two landslides overnight.\nRuiz said the county had asked the state for more equipment.",
        "बाढ़ से सड़क बंद\nपुलिस अधीक्षक अंजलि राठौर ने कहा कि राजमार्ग शुक्रवार तक बंद रहेगा। रात में दो जगह मलबा हटाया गया।\nराठौर ने बताया कि जिले ने राज्य से और मशीनें मांगी हैं।",
    ],
    ids=["en", "hi"],
)
def test_surname_named_again_is_the_same_source(analyse, text):
    atts = well_formed(analyse(text))
    assert len(atts) == 2
    first, again = atts
    assert again.resolved_from == 0
    assert again.canonical_source == first.canonical_source and again.source_type == first.source_type == "government"


@pytest.mark.parametrize(
    "text,country",
    [
        ("Talks on the border resume\nSouth Korea said it would send a delegation to the talks next week.", "KR"),
        ("सीमा पर बातचीत फिर शुरू\nदक्षिण कोरिया ने कहा कि वह अगले हफ्ते बातचीत के लिए प्रतिनिधिमंडल भेजेगा।", "KR"),
    ],
    ids=["en", "hi"],
)
def test_a_country_as_speaker_is_its_government(analyse, text, country):
    (a,) = well_formed(analyse(text))
    assert a.source_type == "government" and a.country == country


@pytest.mark.parametrize(
    "text,source",
    [
        ("Energy bills to fall\nThe energy minister defended the plan on Tuesday, saying it would cut bills for millions of households.", "The energy minister"),
        ("बिजली बिल घटेंगे\nऊर्जा मंत्री ने मंगलवार को योजना का बचाव करते हुए कहा कि इससे लाखों परिवारों के बिल घटेंगे।", "ऊर्जा मंत्री"),
    ],
    ids=["en", "hi"],
)
def test_participle_reports_the_main_clause_subject(analyse, text, source):
    atts = well_formed(analyse(text))
    (a,) = [x for x in atts if x.cue in ("saying", "कहा")]
    assert a.source == source and a.source_type == "government"


def test_participle_never_takes_its_content_as_source(analyse):
    atts = well_formed(analyse("Markets\nPrices rose sharply in March, saying little about the months ahead."))
    assert all(a.source != "little about the months ahead" for a in atts)


@pytest.mark.parametrize(
    "text,cue,source,stype",
    [
        ("Debate night\n“He represents our greatest shame.” ― Sonya Herridge, a voter in Ohio", "―", "Sonya Herridge, a voter in Ohio", "witness_or_public"),
        ("Bill vote\nSenator Ruth Okafor: “We will not back down on this bill.”", ":", "Senator Ruth Okafor", "government"),
    ],
    ids=["dash_signature-en", "colon_quote-en"],
)
def test_punctuation_attributions(analyse, text, cue, source, stype):
    (a,) = well_formed(analyse(text))
    assert (a.cue, a.source, a.source_type) == (cue, source, stype)


@pytest.mark.parametrize(
    "text,source",
    [
        ("Bill vote\nसांसद रूथ ओकाफोर ने कहा, “हम इस विधेयक पर पीछे नहीं हटेंगे।”", "सांसद रूथ ओकाफोर"),
    ],
    ids=["quote_with_speaker-hi"],
)
def test_hindi_quote_with_speaker_next_to_the_punctuation_forms(analyse, text, source):
    (a,) = well_formed(analyse(text))
    assert a.source == source and a.source_type == "government"
