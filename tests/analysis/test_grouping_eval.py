"""Story grouping on two written sets (tests/data/grouping_eval: 48 articles in 15
stories; grouping_eval2: 45 articles in 15 stories, with market, human-interest and
explainer angles): several outlets per story, Hindi beside English, and stories about
the same people, company or kind of disaster on different events in different years."""

import os
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module", params=["grouping_eval", "grouping_eval2"])
def grouped(request):
    from analysis.compare.grouping import group_articles
    from analysis.ingest import read_inputs
    from analysis.models import ModelSet
    from analysis.pipeline import analyze_article

    paths = sorted(str(p) for p in (DATA / request.param).glob("*.txt"))
    models = ModelSet.load()
    analyses = [analyze_article(a, models=models) for a in read_inputs(paths)]
    gold = [os.path.basename(p).split("__")[0] for p in paths]
    return paths, gold, analyses, group_articles(analyses)


def test_stories_are_recovered_with_high_adjusted_rand_index(grouped):
    from sklearn.metrics import adjusted_rand_score

    paths, gold, _analyses, groups = grouped
    pred = [0] * len(paths)
    for g, members in enumerate(groups):
        for m in members:
            pred[m] = g
    assert adjusted_rand_score(gold, pred) >= 0.9
    english = [i for i, p in enumerate(paths) if p.endswith("__en.txt")]
    from analysis.compare.grouping import group_articles

    sub = group_articles([_analyses[i] for i in english])
    pred_en = [0] * len(english)
    for g, members in enumerate(sub):
        for m in members:
            pred_en[m] = g
    assert adjusted_rand_score([gold[i] for i in english], pred_en) >= 0.9


def test_same_people_on_different_events_stay_apart(grouped):
    _paths, gold, _analyses, groups = grouped
    for members in groups:
        assert len({gold[m] for m in members}) == 1, sorted({gold[m] for m in members})


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_same_event_links_and_different_years_veto(lang):
    """Two angles on one event (same dates, a shared name, few shared words) are linked;
    the same company's event in another year is vetoed however alike the words."""
    from analysis.compare.grouping import event_edges
    from analysis.model import Article
    from analysis.pipeline import analyze_article

    if lang == "en":
        texts = [
            "Orvane shares fall after outage\nShares of Orvane Telecom fell 6% on 3 March 2024 after a nationwide outage left users without service for nine hours.",
            "Night without phones in Pune\nShopkeepers in Pune said on 4 March 2024 that card machines stopped working when the Orvane network went dark.",
            "Orvane shares fall after outage\nShares of Orvane Telecom fell 6% on 9 May 2021 after a nationwide outage left users without service for nine hours.",
        ]
    else:
        texts = [
            "ओर्वेन के शेयर गिरे\nपुणे से शुरू हुई गड़बड़ी से देशभर में नौ घंटे सेवा ठप रहने के बाद 3 मार्च 2024 को ओर्वेन टेलीकॉम के शेयर 6 प्रतिशत गिरे।",
            "पुणे में फोन बंद\nपुणे के दुकानदारों ने 4 मार्च 2024 को बताया कि ओर्वेन नेटवर्क बंद होने से कार्ड मशीनें नहीं चलीं।",
            "ओर्वेन के शेयर गिरे\nपुणे से शुरू हुई गड़बड़ी से देशभर में नौ घंटे सेवा ठप रहने के बाद 9 मई 2021 को ओर्वेन टेलीकॉम के शेयर 6 प्रतिशत गिरे।",
        ]
    analyses = [analyze_article(Article(text=t, language=lang)) for t in texts]
    edges = event_edges(analyses, {(0, 2): 0.9})
    assert (0, 2) not in edges  # different years
    assert edges.get((0, 1), 0) > 0  # one event, two angles: a name and dates in common
