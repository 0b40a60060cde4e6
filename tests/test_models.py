"""Shipped models match resources/training, load safely, and refuse tampering."""

import json
import shutil
from pathlib import Path

import pytest

from analysis.datasets.articles import load_articles
from analysis.models.io import ModelLoadError, data_sha256, file_sha256, load_model
from analysis.offtopic.synth import build_corpus
from analysis.resources import resource_path
from analysis.training.data import data_files
from tools.train_shipped_models import SHIPPED


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_model_matches_its_training_data(name):
    task, data = SHIPPED[name]
    folder = resource_path("models", name)
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["task"] == task
    assert card["training_data_sha256"] == data_sha256(data_files(resource_path(*data))), f"{name}: retrain with 'make models'"
    assert card["sha256"] == file_sha256(folder / "model.skops")
    assert card["cv"]["metrics"], "model cards carry cross-validated metrics"
    mod = __import__(f"analysis.training.{task}", fromlist=["ALLOWED_TYPES"])
    load_model(folder, mod.ALLOWED_TYPES)


def test_generated_offtopic_data_is_reproducible_from_the_authored_articles():
    from tools.build_training_data import MAX_FILE_BYTES  # noqa: F401 - same writer settings

    rows = build_corpus(load_articles(resource_path("training", "articles")), variants=4)
    folder = resource_path("training", "offtopic")
    committed = []
    for lang in ("hi", "en"):
        for f in sorted(folder.glob(f"{lang}-*.jsonl")):
            committed += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert committed == [r for lang in ("hi", "en") for r in rows if r["lang"] == lang]


def test_tampered_or_untrusted_model_is_refused(tmp_path):
    src = resource_path("models", "loaded")
    dst = tmp_path / "loaded"
    shutil.copytree(src, dst)
    data = bytearray((dst / "model.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (dst / "model.skops").write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="does not match its model card"):
        load_model(dst, ("anything",))
    shutil.copytree(src, tmp_path / "clean")
    with pytest.raises(ModelLoadError, match="untrusted types"):
        load_model(tmp_path / "clean", ("analysis.framing.scorer.FramingScorer",))


def test_version_mismatch_is_reported(tmp_path):
    from analysis.training.loaded import ALLOWED_TYPES

    dst = tmp_path / "loaded"
    shutil.copytree(resource_path("models", "loaded"), dst)
    card = json.loads((dst / "card.json").read_text())
    card["libraries"]["scikit-learn"] = "0.0.1"
    (dst / "card.json").write_text(json.dumps(card))
    loaded = load_model(dst, ALLOWED_TYPES)
    assert any("0.0.1" in w for w in loaded.warnings)
    assert "warnings" in loaded.provenance()


def test_training_data_checker_accepts_the_committed_corpora():
    from analysis.datasets.check import main

    root = Path(resource_path("training"))
    assert main(["articles", str(root / "articles")]) == 0
    assert main(["attribution", str(root / "attribution" / "hi")]) == 0
    assert main(["loaded", str(root / "loaded")]) == 0


def test_flat_tree_predictor_equals_scikit_learn():
    """The off-topic detector's fast predictor gives scikit-learn's probabilities, on
    the shipped model and on a small model with missing values (which falls back)."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    from analysis.models import ModelSet
    from analysis.models.flattrees import FlatTrees, positive_proba

    clf = ModelSet.load().offtopic.clf_
    rng = np.random.default_rng(7)
    X = rng.normal(0, 1, (200, clf.n_features_in_)) * rng.choice([0.0, 1.0, 5.0], clf.n_features_in_)
    assert np.abs(positive_proba(clf, X) - clf.predict_proba(X)[:, 1]).max() < 1e-12
    flat = FlatTrees(clf)
    assert flat.active == sorted(flat.active, reverse=True) and flat.active[0] >= 1

    Xs = rng.normal(0, 1, (300, 4))
    ys = (Xs[:, 0] + Xs[:, 1] ** 2 > 1).astype(int)
    small = HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(Xs, ys)
    Xt = rng.normal(0, 1, (50, 4))
    assert np.abs(positive_proba(small, Xt) - small.predict_proba(Xt)[:, 1]).max() < 1e-12
    Xt[3, 2] = np.nan
    assert np.abs(positive_proba(small, Xt) - small.predict_proba(Xt)[:, 1]).max() < 1e-12


def test_fast_dict_vectorizer_equals_scikit_learn():
    import random

    from sklearn.feature_extraction import DictVectorizer

    from analysis.attribution.extractor import CompactDictVectorizer

    rng = random.Random(3)
    values = ["a", "b", "c", "ने", 1.5, 2, True, 0.0]
    fit = [{f"f{rng.randint(0, 30)}": rng.choice(values) for _ in range(8)} for _ in range(200)]
    ours, theirs = CompactDictVectorizer(sparse=True).fit(fit), DictVectorizer(sparse=True).fit(fit)
    new = [{f"f{rng.randint(0, 40)}": rng.choice(values + ["unseen", False]) for _ in range(8)} for _ in range(60)]
    a, b = ours.transform(new), theirs.transform(new)
    assert a.shape == b.shape and abs(a - b).max() == 0
    assert abs(ours.transform(new[0]) - theirs.transform(new[0])).max() == 0


def test_real_data_figures_are_recorded_beside_the_cv_figures(tmp_path, monkeypatch):
    import analysis.resources
    from tools.eval_shared import record_in_card

    folder = tmp_path / "models" / "offtopic"
    folder.mkdir(parents=True)
    (folder / "card.json").write_text(json.dumps({"id": "offtopic-x", "cv": {"f1": 0.8}}), encoding="utf-8")
    monkeypatch.setattr(analysis.resources, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    record_in_card("offtopic", {"hindi_covid": {"flag_rate": 0.15}})
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["cv"] == {"f1": 0.8}
    assert card["real_data"]["results"] == {"hindi_covid": {"flag_rate": 0.15}} and card["real_data"]["model_id"] == "offtopic-x"
