"""``FramingScorer``: a calibrated probability per frame for a passage, with evidence.

Features: word uni/bi-grams and character n-grams (Devanagari-safe tokenisation) and
the codebook's cue terms counted per frame.  One logistic regression per label
(class-balanced), calibrated by cross-validation; per-label thresholds are chosen by
cross-validation in ``parallax train``.  Evidence for a frame is the whole words and
phrases whose features pushed that frame's score up most (character n-gram
contributions summed onto the words that contain them), plus the cue terms matched.

The same estimator serves the loaded-language sentence classifier (one label).
"""

from __future__ import annotations

import math
import weakref
from functools import lru_cache

import numpy as np
import regex
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from analysis.textutil import TOKEN_PATTERN, fold

_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:[-'’][\p{L}\p{M}\p{Nd}]+)*")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Function words never count as evidence for a frame."""
    from analysis.resources import load_json

    sw = load_json("lexicons", "stopwords.json")
    return frozenset(fold(w).folded for lang in ("hi", "en") for w in sw[lang])


def normalise(text: str) -> str:
    """Folded text with gazetteer names masked by their type (see ``mask_names``).

    A plain function (saved models refer to it by name); the work is cached in
    ``_normalised`` because every vectorizer and the cue counter see the same passages."""
    return _normalised(text)


@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    from analysis.facts.gazetteer import mask_names

    return fold(mask_names(text)).folded


_JOINT: dict[tuple, tuple] = {}
_RESULTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> {text: outputs}


@lru_cache(maxsize=512)
def _compile(pattern: str | None):
    """Compiled patterns live in a module cache, never on the (saved) estimator."""
    return regex.compile(pattern) if pattern else None


class CompactTfidfVectorizer(TfidfVectorizer):
    """A TfidfVectorizer whose saved form keeps the vocabulary as one string: skops writes a
    dict entry by entry, which made a 40 MB file of a 1 MB vocabulary."""

    def __getstate__(self):
        state = dict(super().__getstate__())
        vocab = state.pop("vocabulary_", None)
        state.pop("stop_words_", None)
        if vocab is not None:
            state["terms_"] = "\x1f".join(sorted(vocab, key=vocab.get))
        return state

    def __setstate__(self, state):
        state = dict(state)
        terms = state.pop("terms_", None)
        if terms is not None:
            state["vocabulary_"] = {t: i for i, t in enumerate(terms.split("\x1f"))} if terms else {}
        self.__dict__.update(state)


class CueCounter(TransformerMixin, BaseEstimator):
    """Counts of each label's cue terms (whole-word, folded) in a text, log-scaled."""

    def __init__(self, cues: dict[str, list[str]] | None = None):
        self.cues = cues

    def fit(self, X, y=None):
        cues = self.cues or {}
        self.labels_ = sorted(cues)
        self.patterns_ = []
        for lab in self.labels_:
            terms = sorted({normalise(t) for t in cues[lab] if t.strip()}, key=len, reverse=True)
            if terms:
                alt = "|".join(regex.escape(t) for t in terms)
                self.patterns_.append(rf"(?<![\p{{L}}\p{{M}}])(?:{alt})(?![\p{{L}}\p{{M}}])")
            else:
                self.patterns_.append(None)
        self.n_features_in_ = 1
        return self

    def _compiled(self):
        return [_compile(p) for p in self.patterns_]

    def _joint(self):
        """One pattern over every label's terms, and the labels of each term: one pass
        over a text instead of one per label."""
        key = tuple(self.patterns_)
        if key not in _JOINT:
            term_labels: dict[str, list[int]] = {}
            for j, lab in enumerate(self.labels_):
                for t in {normalise(t) for t in (self.cues or {}).get(lab, []) if t.strip()}:
                    term_labels.setdefault(t, []).append(j)
            terms = sorted(term_labels, key=len, reverse=True)
            pat = regex.compile(r"(?<![\p{L}\p{M}])(?:" + "|".join(regex.escape(t) for t in terms) + r")(?![\p{L}\p{M}])") if terms else None
            _JOINT[key] = (pat, term_labels)
        return _JOINT[key]

    def transform(self, X):
        pat, term_labels = self._joint()
        rows = []
        for t in X:
            nt = normalise(t)
            n_words = max(1, len(_WORD.findall(nt)))
            counts = [0] * len(self.patterns_)
            if pat is not None:
                for m in pat.finditer(nt):
                    for j in term_labels.get(m.group(), ()):
                        counts[j] += 1
            rows.append([math.log1p(c) / math.log1p(n_words) for c in counts])
        return sp.csr_matrix(np.asarray(rows, dtype=float).reshape(len(X), len(self.patterns_)))

    def matches(self, text: str, label: str) -> list[tuple[int, int]]:
        """Offsets of ``label``'s cue terms in ``text``."""
        if label not in self.labels_:
            return []
        p = self._compiled()[self.labels_.index(label)]
        if p is None:
            return []
        ft = fold(text)
        return [ft.to_original(m.start(), m.end()) for m in p.finditer(ft.folded)]


class FramingScorer(ClassifierMixin, BaseEstimator):
    """Multi-label text classifier with explanations.

    ``fit(texts, Y)`` with ``Y`` a 0/1 matrix over ``labels``; ``predict_proba`` gives a
    probability per label; ``thresholds_`` (set by training) turn them into labels."""

    def __init__(self, labels: tuple[str, ...] = (), cues: dict[str, list[str]] | None = None, C: float = 4.0,
                 char_ngrams: bool = True, word_ngrams: tuple[int, int] = (1, 2), min_df: int = 2):
        self.labels = labels
        self.cues = cues
        self.C = C
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.min_df = min_df

    def _features(self):
        parts = [
            ("word", CompactTfidfVectorizer(preprocessor=normalise, token_pattern=TOKEN_PATTERN, ngram_range=self.word_ngrams, min_df=self.min_df, sublinear_tf=True, max_features=40000)),
        ]
        if self.char_ngrams:
            parts.append(("char", CompactTfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 4), min_df=self.min_df, sublinear_tf=True, max_features=60000)))
        return parts

    def fit(self, texts: list[str], Y: np.ndarray, primary: list[int] | None = None):
        X = self.fit_features(texts)
        self.fit_models(X, Y)
        self.fit_primary(X, primary)
        return self

    def fit_primary(self, X, primary: list[int] | None):
        """A multinomial model of each passage's most prominent frame (the first label of
        a training row), used for the frame *distribution*: how much of an article is
        framed mainly as each frame.  Skipped when fewer than two frames come first."""
        self.primary_ = None
        if primary is None:
            return self
        idx = [i for i, p in enumerate(primary) if p >= 0]
        if len({primary[i] for i in idx}) < 2:
            return self
        clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000)
        clf.fit(X[idx], [primary[i] for i in idx])
        self.primary_ = clf
        return self

    def primary_proba(self, texts: list[str]) -> np.ndarray | None:
        """Probability of each label being the passage's main frame (rows sum to 1)."""
        if getattr(self, "primary_", None) is None:
            return None
        P = self.primary_.predict_proba(self._matrix(texts))
        out = np.zeros((len(texts), len(self.labels)))
        for k, cls in enumerate(self.primary_.classes_):
            out[:, int(cls)] = P[:, k]
        return out

    def fit_features(self, texts: list[str]):
        """Learn the vocabularies; returns the training matrix (so that cross-validation
        can try several C values on one vectorisation)."""
        self.vectorizers_ = []
        mats = []
        for name, vec in self._features():
            mats.append(vec.fit_transform(texts))
            vec.stop_words_ = None  # the discarded vocabulary is not needed and is huge
            self.vectorizers_.append((name, vec))
        self.cue_counter_ = CueCounter(self.cues or {lab: [] for lab in self.labels}).fit(texts)
        mats.append(self.cue_counter_.transform(texts) * 3.0)
        return sp.hstack(mats).tocsr()

    def fit_models(self, X, Y: np.ndarray):
        Y = np.asarray(Y)
        self.models_ = []
        for j, _lab in enumerate(self.labels):
            y = Y[:, j]
            if y.min() == y.max():
                self.models_.append(float(y[0]))  # a label seen always or never: constant
                continue
            clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, solver="liblinear")
            clf.fit(X, y)
            self.models_.append(clf)
        self.thresholds_ = np.full(len(self.labels), 0.5)
        self.platt_ = np.tile([1.0, 0.0], (len(self.labels), 1))
        self.classes_ = np.array(self.labels)
        self.n_features_in_ = X.shape[1]
        return self

    def _matrix(self, texts: list[str]):
        mats = [vec.transform(texts) for _name, vec in self.vectorizers_]
        mats.append(self.cue_counter_.transform(texts) * 3.0)
        return sp.hstack(mats).tocsr()

    def analyse(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray | None, list]:
        """Calibrated probabilities, main-frame probabilities and the per-vectorizer rows
        (for evidence) from one vectorisation of ``texts``.  Results are remembered per
        text, so the with/without-inserts views of one article share the work."""
        cache = _RESULTS.setdefault(self, {})
        todo = [t for t in dict.fromkeys(texts) if t not in cache]
        if todo and len(cache) + len(todo) > 4096:
            cache.clear()
            todo = list(dict.fromkeys(texts))
        if todo:
            P, primary, rows = self._analyse(todo)
            for k, t in enumerate(todo):
                cache[t] = (P[k], None if primary is None else primary[k], rows[k])
        got = [cache[t] for t in texts]
        P = np.vstack([g[0] for g in got])
        primary = None if got[0][1] is None else np.vstack([g[1] for g in got])
        return P, primary, [g[2] for g in got]

    def _analyse(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray | None, list]:
        mats = [vec.transform(texts) for _name, vec in self.vectorizers_]
        X = sp.hstack(mats + [self.cue_counter_.transform(texts) * 3.0]).tocsr()
        z = self._decisions(X)
        P = 1.0 / (1.0 + np.exp(-(z * self.platt_[:, 0] + self.platt_[:, 1])))
        primary = None
        if getattr(self, "primary_", None) is not None:
            Q = self.primary_.predict_proba(X)
            primary = np.zeros((len(texts), len(self.labels)))
            for k, cls in enumerate(self.primary_.classes_):
                primary[:, int(cls)] = Q[:, k]
        rows = [[m[i] for m in mats] for i in range(len(texts))]
        return P, primary, rows

    def _decisions(self, X) -> np.ndarray:
        out = np.zeros((X.shape[0], len(self.labels)))
        for j, m in enumerate(self.models_):
            out[:, j] = (20.0 if m >= 0.5 else -20.0) if isinstance(m, float) else m.decision_function(X)
        return out

    def raw_scores(self, texts: list[str]) -> np.ndarray:
        """Uncalibrated decision values (log-odds) per label."""
        X = self._matrix(texts)
        out = np.zeros((len(texts), len(self.labels)))
        for j, m in enumerate(self.models_):
            out[:, j] = (20.0 if m >= 0.5 else -20.0) if isinstance(m, float) else m.decision_function(X)
        return out

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities: a per-label sigmoid fitted on cross-validated scores."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        return self.analyse(texts)[0]

    def predict(self, texts: list[str]) -> np.ndarray:
        return (self.predict_proba(texts) >= self.thresholds_).astype(int)

    # -- evidence ---------------------------------------------------------
    def rows(self, texts: list[str]) -> list[list]:
        """Per text, the sparse row of each vectorizer (computed once, reused by evidence)."""
        mats = [vec.transform(texts) for _name, vec in self.vectorizers_]
        return [[m[i] for m in mats] for i in range(len(texts))]

    def evidence(self, text: str, label: str, top: int = 5, rows: list | None = None) -> list[tuple[str, int, int, float]]:
        """Whole words/phrases of ``text`` that raised ``label`` most: ``(term, start,
        end, weight)`` with offsets into ``text``.  Word and word-pair features count for
        their words; each character n-gram's contribution is shared among the words of
        the text that contain it.  Names (masked in the features) and function words are
        never evidence."""
        j = list(self.labels).index(label)
        m = self.models_[j]
        if isinstance(m, float):
            return []
        coef = m.coef_.ravel()
        ft = fold(text)
        spans = [(mm.start(), mm.end()) for mm in _WORD.finditer(ft.folded)]
        if not spans:
            return []
        words = [ft.folded[a:b] for a, b in spans]
        rows = rows if rows is not None else self.rows([text])[0]
        scores = np.zeros(len(words))
        phrase_scores: dict[tuple[int, int], float] = {}
        offset = 0
        for (name, vec), row in zip(self.vectorizers_, rows):
            vocab = vec.vocabulary_
            values = dict(zip(row.indices, row.data))
            if name == "word":
                for k, w in enumerate(words):
                    idx = vocab.get(w)
                    if idx is not None and idx in values:
                        scores[k] += coef[offset + idx] * values[idx]
                    if k + 1 < len(words):
                        idx = vocab.get(w + " " + words[k + 1])
                        if idx is not None and idx in values:
                            phrase_scores[(k, k + 2)] = phrase_scores.get((k, k + 2), 0.0) + coef[offset + idx] * values[idx]
            else:
                lo, hi = vec.ngram_range
                grams_of = []
                holders: dict[int, int] = {}
                for w in words:
                    padded = f" {w} "
                    idxs = set()
                    for n in range(lo, hi + 1):
                        for q in range(len(padded) - n + 1):
                            idx = vocab.get(padded[q : q + n])
                            if idx is not None and idx in values:
                                idxs.add(idx)
                    grams_of.append(idxs)
                    for idx in idxs:
                        holders[idx] = holders.get(idx, 0) + 1
                for k, idxs in enumerate(grams_of):
                    scores[k] += sum(coef[offset + idx] * values[idx] / holders[idx] for idx in idxs)
            offset += len(vocab)
        stop = _stopwords()
        cands = [((k, k + 1), sc) for k, sc in enumerate(scores) if sc > 0 and words[k] not in stop and len(words[k]) > 1]
        cands += [(k, sc) for k, sc in phrase_scores.items() if sc > 0]
        cands.sort(key=lambda x: -x[1])
        out, used = [], set()
        for (a, b), sc in cands:
            if any(q in used for q in range(a, b)):
                continue
            used.update(range(a, b))
            os_, _ = ft.to_original(spans[a][0], spans[a][1])
            _, oe = ft.to_original(spans[b - 1][0], spans[b - 1][1])
            out.append((text[os_:oe], os_, oe, float(round(sc, 4))))
            if len(out) >= top:
                break
        for s_, e_ in self.cue_counter_.matches(text, label):
            if not any(s_ < e and s < e_ for _t, s, e, _w in out):
                out.append((text[s_:e_], s_, e_, 0.0))
        return out
