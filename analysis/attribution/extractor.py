"""``AttributionModel``: which cue candidates are attributions, and of what kind of source.

Candidates come from :mod:`analysis.attribution.cues`; each gets a feature dict
(cue lemma, pattern, context words, the source mention's head noun, gazetteer type,
name/indefinite/anonymity markers) and a logistic-regression decision among
``none`` and the ten source types, plus a subtype for government sources.
Pronouns and back-references ("उन्होंने", "the report") then resolve to an earlier
source — conservatively: an unresolved "report" stays an unspecified report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from analysis.attribution.cues import Candidate, Tok, find_candidates, tokenize
from analysis.attribution.sources import SourceInfo, describe
from analysis.model import SOURCE_TYPES, Attribution, AttributionProfile, Relay
from analysis.textutil import fold_chars

ALLOWED_TYPES = (
    "analysis.attribution.extractor.AttributionModel",
    "analysis.attribution.extractor.CompactDictVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "numpy.dtype",
    "builtins.bytes",
    "numpy.float64",
)
MEDIA_TYPES = ("state_media", "independent_media")


@dataclass
class CandidateContext:
    cand: Candidate
    toks: list[Tok]
    source: SourceInfo | None
    vias: list[SourceInfo]
    sentence_text: str


def candidate_features(ctx: CandidateContext) -> dict:
    c, toks, src = ctx.cand, ctx.toks, ctx.source
    f: dict[str, float] = {
        f"lemma={c.lemma}": 1.0,
        f"kind={c.kind}": 1.0,
        f"lang={c.lang}": 1.0,
        f"side={c.src_side}": 1.0,
        f"lemma_side={c.lemma}|{c.src_side}": 1.0,
    }
    for off, name in ((-1, "prev"), (-2, "prev2"), (0, "next"), (1, "next2")):
        k = c.ti + off if off < 0 else c.tj + off
        w = toks[k].f if 0 <= k < len(toks) else "<s>" if off < 0 else "</s>"
        f[f"{name}={w}"] = 1.0
        f[f"{name}|lemma={w}|{c.lemma}"] = 1.0
    f["quote_in_sentence"] = float(any(t.f in ('"', "“", "”", "‘", "’") for t in toks))
    f["cue_first"] = float(c.ti == 0)
    f["cue_last"] = float(c.tj >= len(toks) - 1)
    f["question"] = float(ctx.sentence_text.rstrip().endswith("?"))
    f["n_tokens_log"] = math.log1p(len(toks))
    if src is None:
        f["no_source"] = 1.0
    else:
        f[f"head={src.head}"] = 1.0
        f[f"cat={src.category}"] = 1.0
        f[f"cat_lemma={src.category}|{c.lemma}"] = 1.0
        if src.entity is not None and src.entity.type == "place" and src.category is not None:
            # "दिल्ली सरकार", "Kerala police": the place only says whose institution speaks
            f[f"place_of={src.category}"] = 1.0
        elif src.entity is not None:
            f[f"gaz_type={src.entity.type}"] = 1.0
            f[f"gaz_source={src.entity.source_type}"] = 1.0
            if src.entity.state_controlled is not None:
                f[f"gaz_state={src.entity.state_controlled}"] = 1.0
        f["has_name"] = float(src.has_name)
        f["indefinite"] = float(src.indefinite)
        f["anon_marker"] = float(src.anonymous_marker)
        f["state_marker"] = float(src.state_marker)
        f[f"pronoun={src.pronoun}"] = 1.0
        f[f"backref={src.backref}"] = 1.0
        f[f"descriptor={src.descriptor}"] = 1.0
        f["src_len_log"] = math.log1p(src.end - src.start)
        for w in src.text.lower().split()[:8]:
            f[f"w={w}"] = 1.0
    if ctx.vias:
        f["has_via"] = 1.0
    return f


class CompactDictVectorizer(DictVectorizer):
    """A DictVectorizer saved with its feature names as one string (see
    ``CompactTfidfVectorizer``: skops writes dicts entry by entry)."""

    def __getstate__(self):
        state = dict(super().__getstate__())
        names = state.pop("feature_names_", None)
        state.pop("vocabulary_", None)
        if names is not None:
            state["names_"] = "\x1f".join(names)
        return state

    def __setstate__(self, state):
        state = dict(state)
        names = state.pop("names_", None)
        if names is not None:
            state["feature_names_"] = names.split("\x1f") if names else []
            state["vocabulary_"] = {n: i for i, n in enumerate(state["feature_names_"])}
        self.__dict__.update(state)

    def transform(self, X):
        """DictVectorizer's transform for flat dicts of strings and plain numbers, without
        its per-value NumPy scalars and ABC checks (a third of the attribution time on a
        short article); anything else goes the general way."""
        if not self.sparse or isinstance(X, dict):
            return super().transform(X)
        vocab = self.vocabulary_
        sep = self.separator
        indices: list[int] = []
        values: list[float] = []
        indptr = [0]
        for x in X:
            for f, v in x.items():
                t = type(v)
                if t is str:
                    j = vocab.get(f"{f}{sep}{v}")
                    v = 1.0
                elif t is float or t is int or t is bool:
                    j = vocab.get(f)
                else:
                    return super().transform(X)
                if j is not None:
                    indices.append(j)
                    values.append(v)
            indptr.append(len(indices))
        if len(indptr) == 1:
            raise ValueError("Sample sequence X is empty.")
        M = sp.csr_matrix(
            (np.asarray(values, dtype=self.dtype), np.asarray(indices, dtype=np.intc), np.asarray(indptr, dtype=np.intc)),
            shape=(len(indptr) - 1, len(vocab)),
        )  # fmt: skip
        M.sort_indices()
        return M


class AttributionModel(ClassifierMixin, BaseEstimator):
    """Cue acceptance and source type in one multinomial logistic regression, and the
    government subtype in a second one.  ``fit`` takes feature dicts (see
    :func:`candidate_features`) and labels (``none`` or a source type)."""

    def __init__(self, C: float = 2.0, subtype_C: float = 1.0):
        self.C = C
        self.subtype_C = subtype_C

    def fit(self, X: list[dict], y: list[str], subtypes: list[str | None] | None = None):
        self.vec_ = CompactDictVectorizer(sparse=True)
        M = self.vec_.fit_transform(X)
        # features seen once cannot generalise; dropping them keeps the model small
        seen = np.asarray((M != 0).sum(axis=0)).ravel()
        self.vec_.restrict(seen >= 2)
        M = self.vec_.transform(X)
        self.clf_ = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        self.clf_.fit(M, y)
        self.classes_ = self.clf_.classes_
        self.sub_clf_ = None
        if subtypes is not None:
            idx = [i for i, (lab, st) in enumerate(zip(y, subtypes)) if lab == "government" and st]
            labs = [subtypes[i] for i in idx]
            if len(set(labs)) >= 2:
                self.sub_clf_ = LogisticRegression(C=self.subtype_C, max_iter=3000, class_weight="balanced")
                self.sub_clf_.fit(M[idx], labs)
        return self

    def predict_proba(self, X: list[dict]) -> np.ndarray:
        return self.clf_.predict_proba(self.vec_.transform(X))

    def predict(self, X: list[dict]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def predict_subtype(self, X: list[dict]) -> list[str | None]:
        if self.sub_clf_ is None or not X:
            return [None] * len(X)
        return list(self.sub_clf_.predict(self.vec_.transform(X)))


def build_contexts(text: str, sentences: list[tuple[int, int, int]], lang: str) -> list[CandidateContext]:
    """Candidates of the given sentences ``(sentence index, start, end)``."""
    out = []
    for si, s, e in sentences:
        toks = tokenize(text, s, e)
        for c in find_candidates(toks, si, lang):
            src = describe(toks[c.src[0] : c.src[1]], text, lang) if c.src else None
            vias = [describe(toks[a:b], text, lang) for a, b in c.via]
            out.append(CandidateContext(c, toks, src, vias, text[s:e]))
    return out


# --- resolution -----------------------------------------------------------------


@dataclass
class _Resolved:
    canonical: str | None
    resolved_from: int | None
    source_type: str
    country: str | None
    confidence_factor: float


def resolve(items: list[tuple[CandidateContext, str, float]], paragraph_of: list[int]) -> list[_Resolved]:
    """Resolve pronouns, back-references and descriptions to earlier sources.

    ``items`` are the accepted candidates in text order with their predicted type and
    probability; ``paragraph_of[k]`` is the paragraph of item k."""
    out: list[_Resolved] = []
    for k, (ctx, stype, _p) in enumerate(items):
        src = ctx.source
        if stype == "unattributed_estimate" or src is None:
            out.append(_Resolved(None, None, stype, None, 1.0))
            continue
        anonymous = src.category == "anonymous" or src.anonymous_marker
        if src.entity is not None and src.entity.type != "place":
            # a source the gazetteer knows keeps its recorded type ("a Pentagon official"
            # stays an anonymous official of it)
            # only where the entity heads the mention: "the NITI Aayog report" is a document
            heads = src.category in (None, "gov", "media", "org")
            st = src.entity.source_type if src.entity.source_type in SOURCE_TYPES and heads and not anonymous else stype
            out.append(_Resolved(src.entity.canonical, None, st, src.entity.country, 1.0))
            continue
        if src.entity is not None and src.entity.type == "place" and src.category is None:
            # a country as the speaker ("उत्तर कोरिया ने स्वीकार किया", "South Korea said")
            # speaks through its government
            out.append(_Resolved(src.entity.canonical, None, "government" if not anonymous else stype, src.entity.country, 1.0))
            continue
        target = None
        again = _named_again(src, out, items, k)
        if again is not None:
            # "Angela Ruiz … Ruiz said": the same person named again by surname
            r = out[again]
            out.append(_Resolved(r.canonical, again, r.source_type, r.country, 0.9))
            continue
        if src.pronoun == "person":
            # the nearest person-like source, named or not ("the minister … he added")
            target = _nearest(out, items, k, lambda r, c: (r.canonical is not None or (c.source is not None and c.source.category in ("gov", "expert", "anonymous"))) and _personish(c), paragraph_of, max_par=2)
        elif src.pronoun in ("plural", "it"):
            target = _nearest(out, items, k, lambda r, c: r.canonical is not None or r.source_type in ("anonymous_official",), paragraph_of, max_par=1)
        elif src.backref in ("report", "agency", "outlet", "statement"):
            target = _report_antecedent(out, items, k, paragraph_of)
        elif src.backref in ("ministry", "government", "police", "military", "organisation", "document"):
            wanted = {"ministry": ("government",), "government": ("government",), "police": ("government",), "military": ("government",), "organisation": ("organisation",), "document": ("document",)}[src.backref]
            target = _nearest(out, items, k, lambda r, c, w=wanted: r.source_type in w and r.canonical is not None, paragraph_of, max_par=3)
        elif src.descriptor:
            target = _descriptor_target(src, out, items, k)
            if isinstance(target, _Resolved):
                out.append(target)
                continue
        if target is not None:
            r = out[target]
            if src.category == "anonymous" or src.anonymous_marker:
                # "मंत्रालय के एक अधिकारी": an unnamed official of the resolved body
                out.append(_Resolved(None, target, "anonymous_official", r.country, 0.8))
            else:
                out.append(_Resolved(r.canonical, target, r.source_type, r.country, 0.85))
            continue
        if src.backref in ("report", "agency", "outlet", "statement") or (src.category == "report" and not src.canonical):
            out.append(_Resolved(None, None, "unspecified_report", None, 0.6))
            continue
        out.append(_Resolved(src.canonical, None, stype, src.country, 1.0 if src.canonical else 0.9))
    return out


def _named_again(src: SourceInfo, out, items, k) -> int | None:
    """The earlier attribution whose source is the same person named in full, when this
    mention is a short name (one or two words, no pronoun or description) whose last word
    is a word of that earlier source."""
    if src.pronoun or src.backref or src.descriptor or src.entity is not None or src.category is not None:
        return None
    words = [w for w in src.text.replace(".", " ").split() if w]
    if not words or len(words) > 2 or len(words[-1]) < 3:
        return None
    last = fold_chars(words[-1])
    for j in range(k - 1, -1, -1):
        prev = items[j][0].source
        if prev is None or out[j].source_type in ("unattributed_estimate", "unspecified_report"):
            continue
        prev_words = [fold_chars(w) for w in prev.text.replace(".", " ").replace(",", " ").split()]
        if len(prev_words) > len(words) and last in prev_words:
            return j
    return None


def _personish(ctx: CandidateContext) -> bool:
    s = ctx.source
    return s is not None and (s.has_name or (s.entity is not None and s.entity.type == "person") or s.category in ("gov", "expert"))


def _nearest(out, items, k, ok, paragraph_of, max_par: int) -> int | None:
    for j in range(k - 1, -1, -1):
        if paragraph_of[k] - paragraph_of[j] > max_par:
            break
        if ok(out[j], items[j][0]):
            return j
    return None


def _report_antecedent(out, items, k, paragraph_of) -> int | None:
    """"The report" is the last named report if the article has not since turned to a
    source of another country or an unnamed one (then it stays unspecified)."""
    home = None
    for j in range(k - 1, -1, -1):
        r = out[j]
        if r.source_type in MEDIA_TYPES + ("document",) and r.canonical:
            return j if paragraph_of[k] - paragraph_of[j] <= 3 else None
        if r.source_type in ("anonymous_official", "unspecified_report", "expert", "witness_or_public", "organisation"):
            return None
        if r.source_type == "government":
            if home is None:
                home = r.country
            elif r.country != home:
                return None
            # a government of another country than the report's own breaks the chain
            nxt = next((out[i] for i in range(j - 1, -1, -1) if out[i].source_type in MEDIA_TYPES and out[i].canonical), None)
            if nxt is not None and r.country and nxt.country and r.country != nxt.country:
                return None
    return None


def _descriptor_target(src: SourceInfo, out, items, k):
    from analysis.facts.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    if src.country:
        hits = gaz.by_descriptor(src.descriptor, src.country)
        if len(hits) >= 1:
            e = hits[0]
            return _Resolved(e.canonical, None, e.source_type or ("state_media" if e.state_controlled else "independent_media"), e.country, 0.95)
    for j in range(k - 1, -1, -1):
        r = out[j]
        if (src.descriptor == "state_news_agency" and r.source_type == "state_media") or (
            src.descriptor == "news_agency" and r.source_type in MEDIA_TYPES
        ):
            return j
    return None


# --- profile --------------------------------------------------------------------


def attribution_profile(attributions: list[Attribution], claim_sentences: list[int]) -> AttributionProfile:
    by_sentence: dict[int, list[int]] = {}
    for i, a in enumerate(attributions):
        by_sentence.setdefault(a.sentence, []).append(i)
    strong = {i for i, a in enumerate(attributions) if a.source_type not in ("unattributed_estimate", "unspecified_report")}
    attributed = sum(1 for s in claim_sentences if any(i in strong for i in by_sentence.get(s, [])))
    by_type: dict[str, int] = {}
    for a in attributions:
        by_type[a.source_type] = by_type.get(a.source_type, 0) + 1
    keys: dict[str, int] = {}
    for a in attributions:
        if a.source_type == "unattributed_estimate":
            continue
        key = a.canonical_source or (a.source or "").strip().lower() or None
        if key:
            keys[key] = keys.get(key, 0) + 1
    n = len(keys)
    evenness = None
    if n >= 2:
        total = sum(keys.values())
        h = -sum((v / total) * math.log(v / total) for v in keys.values())
        evenness = round(h / math.log(n), 4)
    sourced = [a for a in attributions if a.source_type != "unattributed_estimate"]
    denom = max(1, len(sourced))
    return AttributionProfile(
        claims=len(claim_sentences),
        attributed_share=round(attributed / len(claim_sentences), 4) if claim_sentences else 0.0,
        by_type=dict(sorted(by_type.items())),
        distinct_sources=n,
        source_evenness=evenness,
        state_media_share=round(sum(1 for a in sourced if a.source_type == "state_media") / denom, 4) if sourced else 0.0,
        anonymous_share=round(sum(1 for a in sourced if a.source_type == "anonymous_official") / denom, 4) if sourced else 0.0,
        unattributed_estimates=by_type.get("unattributed_estimate", 0),
        countries=tuple(sorted({a.country for a in attributions if a.country})),
        claims_list=tuple((s, tuple(by_sentence.get(s, []))) for s in claim_sentences),
    )


def _content_span(ctx: CandidateContext, sent_start: int, sent_end: int, text: str) -> tuple[int | None, int | None]:
    c = ctx.cand
    toks = ctx.toks
    if c.kind == "hedge":
        return (toks[c.tj].start if c.tj < len(toks) else None), sent_end
    if c.tj < len(toks) - 2:
        k = c.tj
        while k < len(toks) and toks[k].f in ("कि", "that", ",", ":", "है", "था"):
            k += 1
        if k < len(toks):
            return toks[k].start, sent_end
    first = ctx.source.start if ctx.source else toks[c.ti].start
    if first > sent_start + 3:
        end = first
        while end > sent_start and text[end - 1] in " ,\"”’":
            end -= 1
        return sent_start, end
    return None, None


def make_attributions(text, contexts, labels, probs, subtypes, sentence_index, paragraph_of) -> list[Attribution]:
    """Turn accepted candidates into :class:`Attribution` values (resolution included)."""
    items = [(ctx, lab, p) for ctx, lab, p in zip(contexts, labels, probs)]
    resolved = resolve(items, paragraph_of)
    out = []
    for k, ((ctx, _lab, p), r, sub) in enumerate(zip(items, resolved, subtypes)):
        c = ctx.cand
        src = ctx.source
        s_start, s_end = sentence_index[k]
        cs, ce = _content_span(ctx, s_start, s_end, text)
        country = r.country or (src.country if src else None)
        stype = r.source_type
        subtype = None
        if stype == "government":
            ent = src.entity if src else None
            subtype = (ent.source_subtype if ent and ent.source_subtype else None) or sub
        via = tuple(
            Relay(v.text, v.canonical, (v.entity.source_type if v.entity and v.entity.source_type else "independent_media"), v.start, v.end)
            for v in ctx.vias
        )
        out.append(
            Attribution(
                start=c.start,
                end=c.end,
                cue=text[c.start : c.end],
                source=src.text if src else None,
                source_start=src.start if src else None,
                source_end=src.end if src else None,
                canonical_source=r.canonical,
                resolved_from=r.resolved_from,
                source_type=stype,
                source_subtype=subtype,
                country=country,
                content_start=cs,
                content_end=ce,
                via=via,
                confidence=float(round(p * r.confidence_factor, 4)),
                sentence=c.sentence,
            )
        )
    return out
