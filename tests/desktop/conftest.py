"""Desktop test set-up: the bundled fonts are registered once, and analyses of the
sample story and the seed are computed once per session (the models load slowly)."""

from __future__ import annotations

import pytest

from tests.desktop.fixtures import filled_english, filled_hindi, sample_comparison


@pytest.fixture(scope="session")
def fonts(qapp):
    from desktop.theme import register_fonts

    return register_fonts()


@pytest.fixture(autouse=True)
def _fonts(fonts):
    return fonts


@pytest.fixture(scope="session")
def sample_analyses() -> list:
    from analysis.pipeline import Settings
    from desktop.tasks import analyse_articles, read_sample_articles

    arts = read_sample_articles()
    res = analyse_articles(arts, Settings())
    return [res[a.id] for a in arts]


@pytest.fixture(scope="session")
def hindi(sample_analyses):
    return filled_hindi(sample_analyses[0])


@pytest.fixture(scope="session")
def english(sample_analyses):
    return filled_english(sample_analyses[1])


@pytest.fixture(scope="session")
def comparison(sample_analyses):
    return sample_comparison(sample_analyses)


@pytest.fixture(scope="session")
def seed_analysis():
    from tests.conftest import SEED

    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    from analysis.ingest import read_inputs
    from analysis.pipeline import analyze_article

    art = next(a for a in read_inputs([str(SEED)]) if not hasattr(a, "reason"))
    return analyze_article(art)
