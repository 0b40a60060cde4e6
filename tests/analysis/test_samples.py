"""The bundled sample story: marked as samples, written in its own words."""

import json
import re

from analysis.samples import sample_paths, samples_dir


def words(text):
    return re.findall(r"[\w\u0900-\u097F]+", text.replace("\u093c", ""))


def test_every_sample_is_marked_and_the_outlet_is_fictional():
    paths = sample_paths()
    assert 4 <= len(paths) <= 6
    langs = set()
    for p in paths:
        meta = json.loads(p.with_name(p.stem + ".meta.json").read_text(encoding="utf-8"))
        assert meta["sample"] is True
        assert "SAMPLE" in meta["outlet"] and "fictional" in meta["outlet"]
        assert "SAMPLE — fictional outlet, written for Parallax" in meta["note"]
        langs.add(meta["language"])
    assert langs == {"hi", "en"}
    assert (samples_dir() / "README.md").is_file()


def test_no_six_word_sequence_from_the_seed(seed_text):
    seed = words(seed_text)
    grams = {tuple(seed[i : i + 6]) for i in range(len(seed) - 5)}
    for p in sample_paths():
        w = words(p.read_text(encoding="utf-8"))
        shared = [" ".join(w[i : i + 6]) for i in range(len(w) - 5) if tuple(w[i : i + 6]) in grams]
        assert not shared, (p.name, shared[:3])
