"""The attribution step of the pipeline: the trained model applied to one article."""

from __future__ import annotations

import dataclasses

from analysis.attribution.extractor import (
    ALLOWED_TYPES,
    AttributionModel,
    attribution_profile,
    build_contexts,
    candidate_features,
    make_attributions,
)
from analysis.model import Attribution, Figure, Segment, Sentence

ACCEPT = 0.5  # P(attribution) needed to keep a cue candidate


def article_attributions(model: AttributionModel, text: str, lang: str, sentences: list[tuple[int, int, int]], paragraph_of_sentence: dict[int, int]) -> list[Attribution]:
    contexts = build_contexts(text, sentences, lang)
    if not contexts:
        return []
    X = [candidate_features(c) for c in contexts]
    proba = model.predict_proba(X)
    classes = list(model.classes_)
    none = classes.index("none") if "none" in classes else None
    keep, labels, probs = [], [], []
    for ctx, row in zip(contexts, proba):
        # an attribution when the source types together outweigh "none"; its type is the
        # likeliest of them (argmax over all classes would let a spread over types lose)
        p_att = 1.0 - (row[none] if none is not None else 0.0)
        if p_att < ACCEPT:
            continue
        types = [(row[k], classes[k]) for k in range(len(classes)) if k != none]
        _p_type, lab = max(types)
        keep.append(ctx)
        labels.append(lab)
        probs.append(float(p_att))
    if not keep:
        return []
    subtypes = model.predict_subtype([candidate_features(c) for c in keep])
    bounds = {si: (s, e) for si, s, e in sentences}
    sentence_index = [bounds[c.cand.sentence] for c in keep]
    paragraph_of = [paragraph_of_sentence.get(c.cand.sentence, 0) for c in keep]
    return make_attributions(text, keep, labels, probs, subtypes, sentence_index, paragraph_of)


class AttributionComponent:
    """What the pipeline calls: attributions and the profile on the chosen view."""

    def __init__(self, model: AttributionModel):
        self.model = model

    def extract(self, text, lang, segments: list[Segment], sentences: list[Sentence], view: set[int], skipped):
        body = [(i, s.start, s.end) for i, s in enumerate(sentences) if s.segment in view and segments[s.segment].kind not in ("caption_credit", "boilerplate")]
        para = {i: s.segment for i, s in enumerate(sentences)}
        atts = article_attributions(self.model, text, lang, body, para)
        claims = [
            i
            for i, s in enumerate(sentences)
            if s.segment in view
            and segments[s.segment].kind not in ("headline", "caption_credit", "boilerplate", "crosshead", "dateline")
            and not text[s.start : s.end].rstrip().endswith("?")
            and len(text[s.start : s.end].split()) >= 3
        ]
        return atts, attribution_profile(atts, claims)

    @staticmethod
    def link_figures(figures: list[Figure], attributions: list[Attribution], sentences: list[Sentence]) -> list[Figure]:
        """A figure rests on the attribution of its sentence (the nearest cue there)."""
        out = []
        for f in figures:
            best = None
            for i, a in enumerate(attributions):
                s = sentences[a.sentence]
                if s.start <= f.start < s.end:
                    if best is None or abs(a.start - f.start) < abs(attributions[best].start - f.start):
                        best = i
            out.append(dataclasses.replace(f, attribution=best))
        return out


def load_attribution(model_dir: str | None):
    from analysis.models.io import ModelLoadError, load_model, model_folder

    try:
        loaded = load_model(model_folder("attribution", model_dir), ALLOWED_TYPES)
    except ModelLoadError as exc:
        return None, {"id": None, "sha256": None, "training_data_sha256": None, "warnings": [str(exc)]}
    return AttributionComponent(loaded.model), loaded.provenance()
