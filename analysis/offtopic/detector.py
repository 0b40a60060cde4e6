"""``OffTopicDetector``: which passages of an article are not the article's own story.

A scikit-learn estimator over *articles*: ``fit(docs)`` learns from articles with
gold off-topic spans, ``predict(docs)`` returns spans per article.  Inside, every
candidate unit (sentence, or sentence prefix at a glue point) gets form and topic
features (:mod:`analysis.offtopic.features`) and a gradient-boosted classifier's
probability.  Deterministic rules add what needs no model: credits found by
segmentation and "read also" parentheticals.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import regex
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier

from analysis.model import OffTopicSpan
from analysis.models.flattrees import positive_proba
from analysis.offtopic.features import (
    _WORD,
    DANGLING,
    FEATURE_NAMES,
    TopicSpace,
    Unit,
    _lex,
    candidate_units,
    content_stems,
    fit_idf,
    list_groups,
    unit_features,
)
from analysis.offtopic.metrics import half_each
from analysis.resources import load_json
from analysis.segment import Block, split_sentences, structure, trailing_credit
from analysis.textutil import fold, fold_chars

ALLOWED_TYPES = (
    "analysis.offtopic.detector.OffTopicDetector",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn._loss.link.LogitLink",
    "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn._loss.link.Interval",
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
    "numpy.dtype",
    "builtins.bytes",
)


@lru_cache(maxsize=1)
def _paren_read_also() -> regex.Pattern:
    """"(यह भी पढ़ें: …)" / "(Also read: …)" inside a paragraph, from the promo lexicon."""
    p = load_json("lexicons", "offtopic_phrases.json")
    cues = {c.strip(" :|-–") for lang in ("hi", "en") for c in p["read_also_cue"][lang]}
    cues |= {c for lang in ("hi", "en") for c in p["read_also_terms"][lang]}
    alt = "|".join(sorted((regex.escape(c) for c in cues if c), key=len, reverse=True))
    return regex.compile(rf"\(\s*(?:{alt})\s*[:|\-–]?[^()\n]{{5,220}}\)", regex.IGNORECASE)


def _lang_of(text: str) -> str:
    dev = sum(1 for c in text[:4000] if "\u0900" <= c <= "\u097f")
    return "hi" if dev > 0.3 * max(1, sum(c.isalpha() for c in text[:4000])) else "en"


def _doc_units(text: str, title: str | None = None, blocks=None, sentences=None):
    blocks = blocks if blocks is not None else structure(text, title)
    if sentences is None:
        sentences = [(s, e, bi) for bi, b in enumerate(blocks) for s, e in split_sentences(text, b.start, b.end)]
    return blocks, sentences, candidate_units(text, blocks, sentences)


def unit_labels(units: list[Unit], gold: list[tuple[int, int]]) -> np.ndarray:
    y = []
    for u in units:
        span = (u.start, u.end)
        if u.is_prefix:
            y.append(any(half_each(span, g) for g in gold))
        else:
            covered = sum(max(0, min(u.end, g[1]) - max(u.start, g[0])) for g in gold)
            y.append(covered * 2 >= (u.end - u.start) and any(half_each(span, g) for g in gold) or covered >= 0.8 * (u.end - u.start))
    return np.asarray(y, dtype=int)


class OffTopicDetector(ClassifierMixin, BaseEstimator):
    """Scores every candidate unit of an article with the probability that it is not the
    article's own text; ``threshold`` turns scores into spans."""

    def __init__(self, learning_rate: float = 0.08, max_leaf_nodes: int = 31, max_iter: int = 300,
                 l2_regularization: float = 0.5, threshold: float = 0.5, random_state: int = 0):
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.max_iter = max_iter
        self.l2_regularization = l2_regularization
        self.threshold = threshold
        self.random_state = random_state

    # -- learning ---------------------------------------------------------
    def unit_table(self, docs: list[dict], space: TopicSpace | None = None):
        """Features, labels and unit ids of every candidate unit of ``docs``."""
        space = space or self.space_
        X, y, ids = [], [], []
        for di, d in enumerate(docs):
            text = d["text"]
            blocks, _s, units = _doc_units(text, d.get("title"))
            if not units:
                continue
            lang = d.get("lang") or _lang_of(text)
            X.append(unit_features(text, fold(text).folded, blocks, units, space, lang))
            gold = [(g["start"], g["end"]) for g in d.get("off_topic", [])]
            y.append(unit_labels(units, gold))
            ids.extend((di, u) for u in units)
        if not X:
            return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0, dtype=int), []
        return np.vstack(X), np.concatenate(y), ids

    def fit(self, docs: list[dict], y=None):
        idf, default = fit_idf([d["text"] for d in docs])
        self.idf_ = idf
        self.default_idf_ = default
        X, labels, _ = self.unit_table(docs, self.space_)
        self.fit_units(X, labels)
        return self

    def fit_units(self, X: np.ndarray, labels: np.ndarray):
        self.clf_ = HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            max_iter=self.max_iter,
            l2_regularization=self.l2_regularization,
            random_state=self.random_state,
        )
        self.clf_.fit(X, labels)
        self.feature_names_ = list(FEATURE_NAMES)
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = X.shape[1]
        return self

    @property
    def space_(self) -> TopicSpace:
        return TopicSpace(self.idf_, self.default_idf_)

    # -- prediction -------------------------------------------------------
    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.clf_.predict_proba(X)

    def detect(self, text, blocks: list[Block], sentences, lang: str, title, settings=None):
        """Spans for one article (used by the pipeline) and a score per block."""
        threshold = self.threshold
        if settings is not None and getattr(settings, "offtopic_threshold", None) is not None:
            threshold = settings.offtopic_threshold
        if list(getattr(self, "feature_names_", FEATURE_NAMES)) != list(FEATURE_NAMES):
            raise RuntimeError("the off-topic model was trained with other features than this version computes: run 'make models'")
        # glue-point cuts that cannot be a headline are never chosen: skip their features
        units = [u for u in candidate_units(text, blocks, sentences) if not u.is_prefix or _prefix_can_be_insert(text[u.start : u.end])]
        folded = fold(text).folded
        spans: list[OffTopicSpan] = []
        block_scores: dict[int, float] = {}
        rule_spans = _rule_spans(text, blocks)
        if units:
            X = unit_features(text, folded, blocks, units, self.space_, lang)
            proba = positive_proba(self.clf_, X)
            spans.extend(_keep_own_lists(text, folded, blocks, _decode(text, units, X, proba, threshold, rule_spans)))
            for u, p in zip(units, proba):
                if not u.is_prefix:
                    block_scores[u.block] = max(block_scores.get(u.block, 0.0), float(round(p, 4)))
        spans.extend(rule_spans)
        spans.sort(key=lambda s: s.start)
        return spans, block_scores

    def predict(self, docs: list[dict]) -> list[list[tuple[int, int]]]:
        out = []
        for d in docs:
            text = d["text"]
            blocks, sentences, _ = _doc_units(text, d.get("title"))
            spans, _ = self.detect(text, blocks, sentences, d.get("lang") or _lang_of(text), d.get("title"))
            out.append([(s.start, s.end) for s in spans])
        return out


@lru_cache(maxsize=1)
def _line_rules():
    r = load_json("lexicons", "offtopic_rules.json")
    # one alternation: a line is boilerplate when any of the patterns matches at its start
    boiler = [regex.compile("|".join(f"(?:{p})" for p in r["boilerplate"]), regex.IGNORECASE)]
    app = tuple(fold(t).folded for t in r["app_terms"])
    return boiler, app, tuple(r["caption_prefixes"])


def line_rule(line: str, first_line: bool) -> tuple[str, str] | None:
    """``(kind, reason)`` when a whole line is boilerplate, an app/social promo or a
    photo caption by its form alone."""
    boiler, app, cap_prefixes = _line_rules()
    stripped = line.strip()
    if len(stripped) > 500:
        return None
    for pat in boiler:
        if pat.match(stripped):
            return "boilerplate", "publication boilerplate (byline, credit line, date or notice)"
    folded = fold(stripped).folded
    hits = {t for t in app if t in folded}
    if len(hits) >= 2 and len(stripped.split()) <= 40:
        return "app_or_social_promo", "app or social-media promotion (" + ", ".join(sorted(hits)[:3]) + ")"
    low = stripped.lower()
    if low.startswith(cap_prefixes):
        return "caption_credit", "photo caption"
    if not first_line:
        m = trailing_credit(stripped)
        if m and m.start(1) > 0 and len(stripped.split()) <= 45:
            return "caption_credit", "photo caption ending in a credit"
    return None


def read_also_line(line: str) -> tuple[str, bool] | None:
    """``(cue, bare)`` when a line is a read-also promo ("ये भी पढ़ें: …", "RELATED: …"), or
    the cue alone on its line (``bare``), which then heads a list of other stories."""
    stripped = line.strip()
    if not stripped or len(stripped.split()) > 40:
        return None
    f = fold_chars(stripped).lstrip("(•*>-–— ")
    for cue in _read_also_cues():
        if f.startswith(cue):
            rest = f[len(cue) :]
            devanagari = "\u0900" <= cue[0] <= "\u097f"
            if not rest.strip(" :|-–—)") or devanagari or rest.lstrip()[:1] in ":|-–—":
                return cue, not rest.strip(" :|-–—)")
    return None


@lru_cache(maxsize=1)
def _read_also_cues() -> tuple[str, ...]:
    return tuple(sorted({t for t in _lex()["read_also"] if t.strip()}, key=len, reverse=True))


def _headline_like(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and not line.rstrip().endswith(("।", "."))


def _rule_spans(text: str, blocks: list[Block]) -> list[OffTopicSpan]:
    out = []
    covered: set[int] = set()
    for bi, b in enumerate(blocks):
        if bi in covered:
            continue
        if b.kind == "caption_credit":
            out.append(OffTopicSpan(b.start, b.end, "caption_credit", 1.0, ("photo or image credit, not article text",)))
            continue
        if b.kind != "headline":
            hit = line_rule(text[b.start : b.end], bi == 0)
            if hit:
                out.append(OffTopicSpan(b.start, b.end, hit[0], 0.99, (hit[1],)))
                continue
            ra = read_also_line(text[b.start : b.end])
            if ra:
                cue, bare = ra
                out.append(OffTopicSpan(b.start, b.end, "read_also", 0.99, (f"promo line starting with '{cue}'",)))
                # a cue alone on its line heads the headlines of other stories below it
                k = bi + 1
                while bare and k < len(blocks) and k <= bi + 5 and blocks[k].kind == "paragraph" and _headline_like(text[blocks[k].start : blocks[k].end]):
                    out.append(OffTopicSpan(blocks[k].start, blocks[k].end, "read_also", 0.98, (f"headline listed under '{cue}'",)))
                    covered.add(k)
                    k += 1
                continue
        for m in _paren_read_also().finditer(text, b.start, b.end):
            if not (m.start() == b.start and m.end() == b.end):
                out.append(OffTopicSpan(m.start(), m.end(), "read_also", 0.99, (f"'{_cue_of(m.group())}' promo in parentheses",)))
    # a caption line split by segmentation into text + credit: the whole line is the caption
    merged: list[OffTopicSpan] = []
    for sp in sorted(out, key=lambda x: x.start):
        if merged and merged[-1].kind == "caption_credit" and sp.kind == "caption_credit" and not text[merged[-1].end : sp.start].strip(" ,|-–—"):
            merged[-1] = OffTopicSpan(merged[-1].start, sp.end, "caption_credit", 1.0, merged[-1].reasons)
        else:
            merged.append(sp)
    return merged


def _cue_of(s: str) -> str:
    m = regex.match(r"\(\s*([^:|\-–]+)", s)
    return m.group(1).strip() if m else s[:20]


def _decode(text, units: list[Unit], X: np.ndarray, proba: np.ndarray, threshold: float, rule_spans) -> list[OffTopicSpan]:
    idx = {n: i for i, n in enumerate(FEATURE_NAMES)}
    best_prefix: dict[int, tuple[float, int]] = {}
    full: dict[int, int] = {}
    for k, u in enumerate(units):
        if u.is_prefix:
            if not _prefix_can_be_insert(text[u.start : u.end]):
                continue
            if proba[k] > best_prefix.get(u.start, (-1, -1))[0]:
                best_prefix[u.start] = (float(proba[k]), k)
        else:
            full[u.start] = k
    out = []
    for start, k in full.items():
        u = units[k]
        if any(r.start < u.end and u.start < r.end for r in rule_spans):
            continue  # the rules already cover (part of) this sentence
        choice = k
        pk = best_prefix.get(start)
        if pk and pk[0] >= threshold and pk[0] > proba[k]:
            choice = pk[1]
        if proba[choice] < threshold:
            continue
        cu = units[choice]
        f = X[choice]
        kind = _kind(f, idx, text[cu.start : cu.end])
        span = OffTopicSpan(cu.start, cu.end, kind, float(round(proba[choice], 4)), tuple(_reasons(f, idx, text[cu.start : cu.end], kind)))
        line_s, line_e = _line_bounds(text, cu.start, cu.end)
        if f[idx["promo_terms"]] and cu.end == line_e and cu.start > line_s and len(text[line_s:line_e].split()) <= 30:
            # "Question? Teaser | देखें VIDEO": the promo cue at the end makes the whole line a promo
            span = OffTopicSpan(line_s, line_e, kind, span.score, span.reasons)
            cu = Unit(line_s, line_e, cu.block)
            while out and out[-1].start >= line_s:
                out.pop()
            out.append(span)
            continue
        prev = out[-1] if out else None
        if prev is not None and units[full.get(prev.start, choice)].block == cu.block and not text[prev.end : cu.start].strip() and "\n" not in text[prev.end : cu.start]:
            # two flagged sentences side by side in one line are one insert
            span = OffTopicSpan(prev.start, cu.end, prev.kind, max(prev.score, span.score), prev.reasons)
            out[-1] = span
            continue
        out.append(span)
    return out


@lru_cache(maxsize=1)
def _promo_cue_words() -> regex.Pattern:
    """Read-also, promo and app cue terms as whole words ("live" is a promo cue,
    "livestock" is not)."""
    lex = _lex()
    terms = sorted({t for key in ("read_also", "promo", "app") for t in lex[key] if t.strip()}, key=len, reverse=True)
    word = r"[\p{L}\p{M}\p{Nd}]"
    return regex.compile(rf"(?<!{word})(?:{'|'.join(regex.escape(t) for t in terms)})(?!{word})")


# clause connectives: a glued headline never starts with one ("हालांकि, …", "However, …")
_CONNECTIVES = frozenset(
    """हालांकि लेकिन जबकि इसके इससे इसमें इसी वहीं तो और जिसके जिससे जिनमें जो कि दरअसल गौरतलब
    however meanwhile but and which who while so then also although""".split()
)


def _prefix_can_be_insert(piece: str) -> bool:
    """A sentence cut at a glue point can hide a headline only when the piece reads as
    one: it does not open with a clause connective nor end on a word that needs a
    continuation (a postposition, conjunction or article)."""
    words = _WORD.findall(piece)
    if not words:
        return False
    return words[0].lower() not in _CONNECTIVES and fold_chars(words[-1]) not in DANGLING


def _keep_own_lists(text: str, folded: str, blocks: list[Block], spans: list[OffTopicSpan]) -> list[OffTopicSpan]:
    """Drop flags on the items of a list the article itself sets out ("Shelters opened at
    the following locations:", a "Key findings" box, brief scores): short lines of one
    shape look like pasted headlines, but here the run is introduced by a line ending in
    a colon or keeps an unflagged line, no promo cue word is in it, and either the
    introducing line or each dropped line shares words with the rest of the article."""
    if not spans:
        return spans
    cues = _promo_cue_words()
    drop: set[int] = set()
    for i, j, intro in list_groups(text, blocks):
        lo = blocks[i - 1].start if intro else blocks[i].start
        hi = blocks[j].end
        if cues.search(folded, lo, hi):
            continue  # "Also read:" and the like: a run of promos
        inside = [k for k, sp in enumerate(spans) if lo <= sp.start and sp.end <= hi]
        if not inside:
            continue
        flagged_lines = {bi for bi in range(i, j + 1) for k in inside if blocks[bi].start <= spans[k].start < blocks[bi].end}
        if not intro and len(flagged_lines) == j - i + 1:
            continue  # every line flagged and nothing of the article's own introduces them
        rest = set(content_stems(folded[:lo])) | set(content_stems(folded[hi:]))
        run = blocks[i - 1 if intro else i : j + 1]
        # a line ending in a colon that belongs to the story sets out the whole list
        head = run[0]
        colon_intro = text[head.start : head.end].rstrip().endswith(":") and bool(rest & set(content_stems(folded[head.start : head.end])))
        for k in inside:
            sp = spans[k]
            own_line = any(b.start == sp.start and b.end == sp.end for b in run)
            if own_line and sp.kind in ("promo_headline", "unrelated_passage") and (colon_intro or rest & set(content_stems(folded[sp.start : sp.end]))):
                drop.add(k)
    return [sp for k, sp in enumerate(spans) if k not in drop]


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    while ls < le and text[ls].isspace():
        ls += 1
    while le > ls and text[le - 1].isspace():
        le -= 1
    return ls, le


def _kind(f, idx, unit_text: str) -> str:
    if f[idx["credit_form"]]:
        return "caption_credit"
    if f[idx["read_also_start"]]:
        return "read_also"
    if f[idx["app_terms"]]:
        return "app_or_social_promo"
    if f[idx["boilerplate_terms"]] and f[idx["log_words"]] < 2.8:
        return "boilerplate"
    if f[idx["ends_terminal"]] and not f[idx["ends_q_or_excl"]] and f[idx["log_words"]] > 2.0:
        return "unrelated_passage"
    return "promo_headline"


def _reasons(f, idx, unit_text: str, kind: str) -> list[str]:
    r = []
    if kind == "caption_credit":
        r.append("photo or image credit, not article text")
    if kind == "boilerplate":
        r.append("publication boilerplate (byline, date or update line)")
    folded = fold(unit_text).folded
    promo = [t for t in _lex()["promo"] if t in folded]
    if kind == "read_also":
        r.append("'read also' cue word")
    elif promo:
        shown = _original_terms(unit_text, promo)
        r.append("promo phrase " + ", ".join(f"'{t}'" for t in shown[:3]))
    if kind == "app_or_social_promo":
        r.append("app or social-media promotion")
    headline_form = not f[idx["ends_terminal"]] or f[idx["ends_q_or_excl"]]
    if kind in ("promo_headline", "read_also") and headline_form:
        if f[idx["own_line"]]:
            r.append("headline form on a line of its own (no full stop, no finite verb at the end)")
        else:
            r.append("headline form inside a paragraph (no full stop, no finite verb at the end)")
    if f[idx["glued_before"]]:
        r.append("glued to the previous sentence without a space")
    if f[idx["is_prefix"]]:
        r.append("the next sentence starts right after it without punctuation")
    latin_words = sum(1 for w in unit_text.split() if w[:1].isascii() and w[:1].isalpha())
    if f[idx["title_case_share"]] > 0.6 and latin_words >= 3:
        r.append("title case")
    sim = f[idx["sim_rest"]]
    if sim < 0.04 and f[idx["novel_share"]] > 0.7:
        r.append("shares no names or topic words with the rest of the article")
    elif sim < 0.12:
        r.append("shares few words or names with the rest of the article")
    elif f[idx["novel_names"]] > 0.6:
        r.append("names people or places the article does not otherwise mention")
    if not r:
        r.append("does not read like part of the article's text")
    return r


def _original_terms(unit_text: str, folded_terms: list[str]) -> list[str]:
    ft = fold(unit_text)
    out = []
    for t in sorted(folded_terms, key=len, reverse=True):
        i = ft.folded.find(t)
        if i >= 0:
            a, b = ft.to_original(i, i + len(t))
            s = unit_text[a:b]
            # extend to the whole word (and a following all-caps word: "देखें VIDEO")
            m = regex.match(r"[\p{L}\p{M}]*(?:\s+[A-Z]{2,})?", unit_text[b:])
            s = s + (m.group() if m else "")
            if not any(s in o or o in s for o in out):
                out.append(s)
    return out


class RuleOffTopic:
    """Used only when no trained model is present: the deterministic rules alone."""

    threshold = 1.0

    def detect(self, text, blocks, sentences, lang, title, settings=None):
        return _rule_spans(text, blocks), {}


def load_offtopic(model_dir: str | None):
    """The trained detector (``model_dir`` first, then the shipped one) and its provenance."""
    from analysis.models.io import ModelLoadError, load_model, model_folder

    folder = model_folder("offtopic", model_dir)
    try:
        loaded = load_model(folder, ALLOWED_TYPES)
    except ModelLoadError as exc:
        return RuleOffTopic(), {"id": None, "sha256": None, "training_data_sha256": None, "warnings": [str(exc)]}
    return loaded.model, loaded.provenance()
