"""``ModelSet``: every component an analysis needs, loaded once and shared.

A component missing from ``--model-dir`` falls back to the shipped model in
``resources/models``.  Components that have no trained model yet report a
``skipped`` entry instead of a number.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from analysis.model import Skipped


class _Unavailable:
    """A feature whose model is not part of this build: empty results plus a note."""

    def __init__(self, feature: str, reason: str):
        self.feature = feature
        self.reason = reason

    def _skip(self, skipped):
        if skipped is not None and not any(s.feature == self.feature for s in skipped):
            skipped.append(Skipped(self.feature, self.reason))


class _NoAttribution(_Unavailable):
    def extract(self, text, lang, segments, sentences, view, skipped):
        self._skip(skipped)
        return [], None

    def link_figures(self, figures, attributions, sentences):
        return figures


class _NoFraming(_Unavailable):
    def score(self, text, lang, segments, view, skipped, evidence=True):
        self._skip(skipped)
        return None


class _NoLoaded(_Unavailable):
    def find(self, text, lang, segments, sentences, view, skipped):
        self._skip(skipped)
        return [], 0.0


class ModelSet:
    def __init__(self, offtopic, attribution, framing, loaded, consistency, cards: dict):
        self.offtopic = offtopic
        self.attribution = attribution
        self.framing = framing
        self.loaded = loaded
        self.consistency = consistency
        self._cards = cards

    def provenance(self) -> dict:
        return dict(sorted(self._cards.items()))

    @staticmethod
    def load(model_dir: str | None = None, codebook: str = "policy_frames") -> ModelSet:
        return _load(model_dir, codebook)


def framing_folder(model_dir: str | None, codebook: str):
    """The folder of the frame model for ``codebook``: a researcher's ``framing`` model when
    it was trained on that codebook (or on their own labels), else the shipped one."""
    import json

    from analysis.models.io import CARD_FILE, model_folder

    folder = model_folder("framing", model_dir)
    try:
        cb = json.loads((folder / CARD_FILE).read_text(encoding="utf-8")).get("codebook")
    except (OSError, ValueError):
        cb = None
    own = model_dir is not None and folder.parent.resolve() == Path(model_dir).resolve()
    if cb == codebook or (cb == "custom" and own):
        return folder
    return model_folder("framing" if codebook == "policy_frames" else f"framing_{codebook}", model_dir)


def models_fingerprint(model_dir: str | None = None, codebook: str = "policy_frames") -> str:
    """A digest of the model cards an analysis would use, read without loading any model
    (cache keys need it before the models are in memory)."""
    import hashlib
    import json

    from analysis.models.io import CARD_FILE, model_folder

    folders = [model_folder(t, model_dir) for t in ("offtopic", "attribution", "loaded")] + [framing_folder(model_dir, codebook)]
    parts = []
    for folder in folders:
        try:
            card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
            parts.append(f"{folder.name}:{card.get('id')}:{card.get('sha256')}")
        except (OSError, ValueError):
            parts.append(f"{folder.name}:none")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@lru_cache(maxsize=8)
def _load(model_dir: str | None, codebook: str) -> ModelSet:
    from analysis.attribution.component import load_attribution
    from analysis.framing.component import load_framing, load_loaded
    from analysis.offtopic import load_offtopic

    offtopic, card = load_offtopic(model_dir)
    cards = {"offtopic": card}
    attribution, acard = load_attribution(model_dir)
    cards["attribution"] = acard
    if attribution is None:
        reason = "; ".join(acard.get("warnings", [])) or "no attribution model"
        attribution = _NoAttribution("attribution", f"source attribution unavailable: {reason}")
    framing, fcard = load_framing(model_dir, codebook)
    cards["framing"] = fcard
    if framing is None:
        framing = _NoFraming("framing", "framing unavailable: " + ("; ".join(fcard.get("warnings", [])) or "no model"))
    loaded, lcard = load_loaded(model_dir)
    cards["loaded"] = lcard
    if loaded is None:
        loaded = _NoLoaded("loaded_language", "loaded-language detection unavailable: " + ("; ".join(lcard.get("warnings", [])) or "no model"))
    return ModelSet(
        offtopic=offtopic,
        attribution=attribution,
        framing=framing,
        loaded=loaded,
        consistency=lambda *a: (),
        cards=cards,
    )
