"""Story grouping on a written set of 48 articles in 15 stories (tests/data/grouping_eval):
several outlets per story, Hindi beside English, and stories about the same people,
airline or kind of disaster on different events in different years."""

import os
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "grouping_eval"


@pytest.fixture(scope="module")
def grouped():
    from analysis.compare.grouping import group_articles
    from analysis.ingest import read_inputs
    from analysis.models import ModelSet
    from analysis.pipeline import analyze_article

    paths = sorted(str(p) for p in DATA.glob("*.txt"))
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


def test_same_people_on_different_events_stay_apart(grouped):
    _paths, gold, _analyses, groups = grouped
    for members in groups:
        assert len({gold[m] for m in members}) == 1, sorted({gold[m] for m in members})
