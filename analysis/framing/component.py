"""The framing and loaded-language steps of the pipeline."""

from __future__ import annotations

import math

from analysis.framing.lexicon import loaded_lexicon
from analysis.model import FrameEvidence, FrameScores, LoadedSpan, Segment, SegmentFrames, Sentence
from analysis.textutil import WORD_RE, fold

FRAMED_KINDS = ("headline", "paragraph", "crosshead")
FULL_VOTE_CHARS = 300


class FramingComponent:
    def __init__(self, model, card: dict):
        self.model = model
        self.codebook = card.get("codebook", "custom")
        self.unit = card.get("training_unit", "passage")

    def score(self, text, lang, segments: list[Segment], view, skipped, evidence: bool = True) -> FrameScores | None:
        idx = [i for i in view if segments[i].kind in FRAMED_KINDS or segments[i].off_topic]
        idx = [i for i in idx if segments[i].kind not in ("caption_credit", "boilerplate")]
        if not idx:
            return None
        texts = [text[segments[i].start : segments[i].end] for i in idx]
        labels = list(self.model.labels)
        P, primary, rows = self.model.analyse(texts)
        thr = self.model.thresholds_
        seg_out = []
        weights = [len(t) for t in texts]
        for k, i in enumerate(idx):
            probs = {lab: float(round(P[k, j], 4)) for j, lab in enumerate(labels)}
            top = sorted(range(len(labels)), key=lambda j: -P[k, j])
            chosen = [j for j in top[:3] if P[k, j] >= thr[j]] or top[:1]
            ev = {}
            for j in chosen if evidence else ():
                terms = self.model.evidence(texts[k], labels[j], top=4, rows=rows[k])
                base = segments[i].start
                ev[labels[j]] = tuple(FrameEvidence(t, base + s, base + e, w) for t, s, e, w in terms)
            seg_out.append(SegmentFrames(i, probs, ev))
        if self.unit == "article":
            whole = "\n".join(texts)
            art = self.model.predict_proba([whole])[0]
            article = {lab: float(round(art[j], 4)) for j, lab in enumerate(labels)}
        else:
            article = {}
            for j, lab in enumerate(labels):
                log_keep = sum(min(1.0, w / FULL_VOTE_CHARS) * math.log(max(1e-9, 1 - P[k, j])) for k, w in enumerate(weights))
                article[lab] = float(round(1 - math.exp(log_keep), 4))
        # the distribution: length-weighted shares of each passage's main frame when the
        # model knows main frames, else of the per-frame probabilities
        D = primary if primary is not None else P
        mass = {lab: sum(w * D[k, j] for k, w in enumerate(weights)) for j, lab in enumerate(labels)}
        total = sum(mass.values()) or 1.0
        distribution = {lab: float(round(v / total, 6)) for lab, v in mass.items()}
        # rounding must not break "shares sum to 1": the largest share takes the remainder
        top = max(distribution, key=distribution.get)
        distribution[top] = float(round(distribution[top] + 1.0 - sum(distribution.values()), 6))
        return FrameScores(self.codebook, article, distribution, tuple(seg_out))


class LoadedComponent:
    def __init__(self, model, card: dict):
        self.model = model
        self.threshold = float(model.thresholds_[0])

    def find(self, text, lang, segments: list[Segment], sentences: list[Sentence], view, skipped):
        sel = [k for k, s in enumerate(sentences) if s.segment in view and segments[s.segment].kind not in ("caption_credit", "boilerplate")]
        if not sel:
            return [], 0.0
        sents = [text[sentences[k].start : sentences[k].end] for k in sel]
        probs = self.model.predict_proba(sents)[:, 0]
        lex = loaded_lexicon(lang if lang in ("hi", "en") else "en")
        spans: list[LoadedSpan] = []
        n_words = 0
        for k, s_text, p in zip(sel, sents, probs):
            base = sentences[k].start
            n_words += len(WORD_RE.findall(s_text))
            hits = _lexicon_hits(s_text, lex)
            for s, e, cat, weight in hits:
                if weight >= 2 or p >= self.threshold:
                    score = round(min(1.0, 0.35 + 0.15 * weight + 0.35 * float(p)), 4)
                    spans.append(LoadedSpan(base + s, base + e, score, cat))
            if p >= self.threshold and not hits:
                for _term, s, e, w in self.model.evidence(s_text, "loaded", top=2):
                    if w > 0:
                        spans.append(LoadedSpan(base + s, base + e, round(float(p) * 0.8, 4), "model"))
        spans.sort(key=lambda x: (x.start, x.end))
        rate = round(100.0 * len(spans) / n_words, 4) if n_words else 0.0
        return spans, rate


def _lexicon_hits(sentence: str, lex: dict[str, tuple[str, int]]) -> list[tuple[int, int, str, int]]:
    """Longest, non-overlapping lexicon matches (whole words) with offsets into ``sentence``."""
    index = _index(id(lex), lex)
    ft = fold(sentence)
    words = list(WORD_RE.finditer(ft.folded))
    out, i = [], 0
    while i < len(words):
        best = None
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            phrase = ft.folded[words[i].start() : words[i + n - 1].end()]
            if phrase in index:
                best = (n, index[phrase])
                break
        if best:
            n, (cat, w) = best
            s, e = ft.to_original(words[i].start(), words[i + n - 1].end())
            out.append((s, e, cat, w))
            i += n
        else:
            i += 1
    return out


_INDEX_CACHE: dict[int, dict] = {}


def _index(key: int, lex: dict) -> dict:
    if key not in _INDEX_CACHE:
        _INDEX_CACHE[key] = {fold(t).folded: v for t, v in lex.items()}
    return _INDEX_CACHE[key]


def load_framing(model_dir: str | None, codebook: str):
    from analysis.models.io import ModelLoadError, load_model
    from analysis.models.registry import framing_folder
    from analysis.training.framing import ALLOWED_TYPES

    try:
        loaded = load_model(framing_folder(model_dir, codebook), ALLOWED_TYPES)
    except ModelLoadError as exc:
        return None, {"id": None, "sha256": None, "training_data_sha256": None, "warnings": [str(exc)]}
    return FramingComponent(loaded.model, loaded.card), loaded.provenance()


def load_loaded(model_dir: str | None):
    from analysis.models.io import ModelLoadError, load_model, model_folder
    from analysis.training.loaded import ALLOWED_TYPES

    try:
        loaded = load_model(model_folder("loaded", model_dir), ALLOWED_TYPES)
    except ModelLoadError as exc:
        return None, {"id": None, "sha256": None, "training_data_sha256": None, "warnings": [str(exc)]}
    return LoadedComponent(loaded.model, loaded.card), loaded.provenance()
