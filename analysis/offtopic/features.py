"""Candidate units of an article and the features that say whether each belongs to it.

Two independent families of evidence:

* **form** — headline shape (no finite verb at the end, no terminal punctuation,
  title case, question or exclamation), how the unit is glued to its neighbours
  (no space after a full stop, ``.(``, a line of its own), promo vocabulary, position;
* **topic** — how much the unit shares words and names with the rest of the
  article and with its headline (a stemmed, IDF-weighted bag of words).

A unit is a sentence, or — where an insert may be glued to the sentence that
follows it — a prefix of a sentence that starts at a glue point.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex

from analysis.resources import load_json
from analysis.segment import CREDIT_HINT, CREDIT_LINE, TRAILING_CREDIT, Block
from analysis.textutil import fold, fold_chars

_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}]+")
TERMINAL = "।॥.!?"
# Sentence-final verb forms of Hindi: a body sentence ends in one of these, a headline rarely does.
HI_FINITE = frozenset(
    """है हैं था थे थी थीं हो होगा होगी होंगे गया गई गए गयी गये किया की किए कहा कहे हुआ हुई हुए रहा रही रहे
    सकता सकती सकते चाहिए दिया दी दिए लिया ली लिए जाएगा जाएगी जाएंगे करेगा करेगी करेंगे पाया पाई मिला मिली मिले
    बताया दोहराया पहुंचे पहुँचे गईं करें जाए जाएं होती होते होता""".split()
)
EN_VERBS = frozenset(
    """is are was were be been being has have had do does did will would shall should can could may might must said says
    say told tells added announced reported warned according""".split()
)
SENTENCE_STARTERS = frozenset(
    """यह ये वह वे इस इन उस उन उन्होंने इसके उसके इससे उससे साथ वहीं हालांकि लेकिन जबकि दरअसल इसी गौरतलब बता पुलिस सरकार
    मंत्री अधिकारियों अधिकारी सूत्रों रिपोर्ट इसमें उनके उनका उनकी वहां यहां अब फिर
    the he she it they this that these those in on at but and meanwhile however officials police according a an its their
    his her we""".split()
)

# Words a headline does not start with (pronouns, connectives, reporting frames) ...
OPENERS = frozenset(
    """उन्होंने उनका उनकी उनके उसने उसका उसकी उसके उन्हें इन्होंने वहीं साथ हालांकि लेकिन जबकि इसके इससे इसमें इसी
    इस उस यह ये वह वे तो और वहां यहां जिसके जिससे जिनमें जो कि बताया कहा दरअसल गौरतलब बता
    he she they it his her their its this that these those but and however meanwhile also which who when while
    where there so then""".split()
)
# ... and words a finished line does not end with (postpositions, conjunctions, articles).
DANGLING = frozenset(
    """के की का को से में पर ने और व तथा एवं या कि जो जिसमें जिसके लिए द्वारा बाद साथ बीच तक
    the a an of to in on at for with and or but by from that which who as""".split()
)

FEATURE_NAMES = (
    "log_words",
    "log_chars",
    "ends_terminal",
    "ends_q_or_excl",
    "ends_finite_verb",
    "has_common_verb",
    "title_case_share",
    "has_colon",
    "has_pipe_semicolon",
    "quote_edges",
    "digit_share",
    "promo_terms",
    "read_also_start",
    "app_terms",
    "boilerplate_terms",
    "credit_form",
    "comma_clauses",
    "rel_pos",
    "own_line",
    "block_sentences",
    "is_first_in_block",
    "is_last_in_block",
    "glued_before",
    "glued_after",
    "starts_line",
    "ends_line",
    "is_prefix",
    "rest_starts_sentence",
    "sim_rest",
    "sim_headline",
    "max_sim_block",
    "sim_neighbours",
    "novel_share",
    "novel_names",
    "log_article_words",
    "lang_hi",
    "in_paren",
    "after_own_line_insert_shape",
    "sim_rest_z",
    "sim_rest_rank",
    "rest_sim",
    "prefix_share",
    "in_open_quote",
    "starts_with_opener",
    "ends_dangling",
    "next_continues",
    "list_run",
    "ends_colon",
)


@lru_cache(maxsize=1)
def _lex():
    p = load_json("lexicons", "offtopic_phrases.json")
    sw = load_json("lexicons", "stopwords.json")

    def terms(key):
        return tuple(fold(t).folded for lang in ("hi", "en") for t in p[key][lang])

    return {
        "promo": terms("promo_terms"),
        "read_also": terms("read_also_terms"),
        "app": terms("app_terms"),
        "boiler": terms("boilerplate_terms"),
        "stop": frozenset(fold(w).folded for lang in ("hi", "en") for w in sw[lang]),
    }


def stem(tok: str) -> str:
    """A crude stem for topic overlap: folded, and cut to 5 letters (Devanagari) or 6."""
    if tok and "\u0900" <= tok[0] <= "\u097f":
        return tok[:5]
    return tok[:6]


def content_stems(folded: str) -> list[str]:
    stop = _lex()["stop"]
    return [stem(w) for w in _WORD.findall(folded) if w not in stop and len(w) >= 3 and not w.isdigit()]


_STEM_OF: dict[str, str | None] = {}  # folded word -> its content stem, or None for a stop word


class _StemIndex:
    """The content stems of any span of one folded text, from a single pass over it.

    ``_WORD`` matches maximal runs of word characters, so the words of a slice are the
    runs of the whole text cut to the slice: :meth:`stems` gives exactly
    ``content_stems(folded[start:end])``."""

    def __init__(self, folded: str):
        stop = _lex()["stop"]
        self.folded = folded
        self.stop = stop
        cache = _STEM_OF
        if len(cache) > 200_000:
            cache.clear()
        matches = list(_WORD.finditer(folded))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        words = [m.group() for m in matches]
        for w in set(words).difference(cache):
            cache[w] = stem(w) if w not in stop and len(w) >= 3 and not w.isdigit() else None
        self.stems: list[str | None] = [cache[w] for w in words]

    def _piece(self, start: int, end: int, out: list[str]) -> None:
        w = self.folded[start:end]
        if w not in self.stop and len(w) >= 3 and not w.isdigit():
            out.append(stem(w))

    def span(self, start: int, end: int) -> list[str]:
        starts, ends = self.starts, self.ends
        i0 = bisect_right(ends, start)  # first word ending after start
        i1 = bisect_left(starts, end)  # one past the last word starting before end
        if i0 >= i1:
            return []
        out: list[str] = []
        # a word cut by the span's edge counts as the piece inside
        first_cut = starts[i0] < start
        last_cut = ends[i1 - 1] > end
        if first_cut:
            self._piece(start, min(ends[i0], end), out)
        out.extend(x for x in self.stems[i0 + first_cut : i1 - last_cut] if x is not None)
        if last_cut and (i1 - 1 > i0 or not first_cut):
            self._piece(starts[i1 - 1], end, out)
        return out


class TopicSpace:
    """IDF-weighted stem bags; ``idf`` is learnt from the training articles."""

    def __init__(self, idf: dict[str, float] | None = None, default_idf: float = 5.0):
        self.idf = idf or {}
        self.default_idf = default_idf

    def vec(self, stems: list[str]) -> dict[str, float]:
        out: dict[str, float] = {}
        for s in stems:
            out[s] = out.get(s, 0.0) + 1.0
        return {k: (1 + math.log(v)) * self.idf.get(k, self.default_idf) for k, v in out.items()}

    def weight(self, stem_: str, count: int) -> float:
        return (1 + math.log(count)) * self.idf.get(stem_, self.default_idf)

    @staticmethod
    def norm(a: dict[str, float]) -> float:
        return math.sqrt(sum(v * v for v in a.values()))

    def cos_with_rest(self, uvec: dict[str, float], unorm: float, removed: dict[str, int], total: _Bag) -> float:
        """Cosine between ``uvec`` and the article's bag with ``removed`` stem counts taken
        out, computed from the stems that change only (the rest of the bag is as is)."""
        if not unorm:
            return 0.0
        norm2 = total.norm2
        dot = 0.0
        for k, r in removed.items():
            c = total.counts.get(k, 0)
            left = c - r
            if c > 0:
                norm2 -= total.vec[k] ** 2
            if left > 0:
                w = self.weight(k, left)
                norm2 += w * w
                dot += uvec.get(k, 0.0) * w
        if norm2 <= 1e-12:
            return 0.0
        return dot / (unorm * math.sqrt(norm2))


class _Bag:
    """A stem bag with its weighted vector and squared norm, for incremental cosines."""

    __slots__ = ("counts", "vec", "norm2")

    def __init__(self, counts: dict[str, int], space: TopicSpace):
        self.counts = counts
        self.vec = {k: space.weight(k, v) for k, v in counts.items() if v > 0}
        self.norm2 = sum(v * v for v in self.vec.values())


def _counts(stems: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for s in stems:
        out[s] = out.get(s, 0) + 1
    return out


def _unit_rows(vecs: list[dict[str, float]], vocab: dict[str, int]) -> np.ndarray:
    """Dense rows of unit length over the article's stems (zero rows stay zero)."""
    M = np.zeros((len(vecs), len(vocab)))
    for i, v in enumerate(vecs):
        for k, w in v.items():
            M[i, vocab[k]] = w
    norms = np.sqrt((M * M).sum(axis=1))
    norms[norms == 0] = 1.0
    return M / norms[:, None]


def fit_idf(texts: list[str]) -> tuple[dict[str, float], float]:
    df: dict[str, int] = {}
    for t in texts:
        for s in set(content_stems(fold(t).folded)):
            df[s] = df.get(s, 0) + 1
    n = len(texts)
    idf = {s: math.log((1 + n) / (1 + c)) + 1 for s, c in df.items() if c >= 2}
    return idf, math.log((1 + n) / 2) + 1


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    block: int
    is_prefix: bool = False


def candidate_units(text: str, blocks: list[Block], sentences: list[tuple[int, int, int]]) -> list[Unit]:
    """Sentences of every body block, plus sentence prefixes where a glued insert may hide."""
    units = []
    for s, e, bi in sentences:
        kind = blocks[bi].kind
        if kind in ("headline", "caption_credit"):
            continue
        units.append(Unit(s, e, bi))
        glued = s > 0 and not text[s - 1].isspace() and text[s - 1] in TERMINAL + ")"
        if glued:
            # "…motorwayGreek authorities": a lower-case letter run into a capital is a
            # glue point inside a token as well
            for m in regex.finditer(r"(?<=[a-z]{3})(?=[A-Z][a-z])", text[s:e]):
                if m.start() > 12:
                    units.append(Unit(s, s + m.start(), bi, True))
            words = list(_WORD.finditer(text, s, e))
            for k in range(3, min(22, len(words) - 2)):
                cut = words[k - 1].end()
                nxt = words[k].group()
                if text[cut : words[k].start()].strip():
                    continue  # a comma or other mark: not where a glued headline ends
                # in Latin script only where the rest could start a sentence
                if "\u0900" <= nxt[0] <= "\u097f" or nxt.lower() in SENTENCE_STARTERS or nxt[:1].isupper() or nxt[:1].isdigit():
                    units.append(Unit(s, cut, bi, True))
    return units


def list_groups(text: str, blocks: list[Block]) -> list[tuple[int, int, bool]]:
    """Runs of short consecutive lines of one shape (a list, a box of figures, a
    schedule) as ``(first block, last block, introduced)``: a run counts from three
    lines, or from two when a line ending in a colon introduces it (``introduced``; the
    introducing line is the block before ``first``)."""

    def shape(b: Block) -> str | None:
        line = text[b.start : b.end]
        if len(line.split()) > 22 or b.kind != "paragraph" or line.rstrip().endswith(("।", ".", "?", "!")):
            return None
        if ":" in line[:60] and not line.rstrip().endswith(":"):
            return "kv"
        m = regex.match(r"^(?:\d+[.)-]|[•\-–*])", line)
        return "marker" if m else "bare"

    out: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(blocks):
        sh = shape(blocks[i])
        j = i
        while j + 1 < len(blocks) and sh is not None and shape(blocks[j + 1]) == sh:
            j += 1
        n = j - i + 1
        intro = i > 0 and text[blocks[i - 1].start : blocks[i - 1].end].rstrip().endswith(":")
        if sh is not None and (n >= 3 or (n >= 2 and intro)):
            out.append((i, j, intro))
        i = j + 1
    return out


def _list_runs(text: str, blocks: list[Block]) -> dict[int, int]:
    """The run length of :func:`list_groups` for each block in a run (and its introducing line)."""
    out: dict[int, int] = {}
    for i, j, intro in list_groups(text, blocks):
        for k in range(i, j + 1):
            out[k] = j - i + 1
        if intro:
            out[i - 1] = j - i + 1
    return out


def _in_open_quote(before: str) -> bool:
    """Whether a quotation opened earlier in the paragraph is still open."""
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”") or (
        before.count("‘") > before.count("’") and any("\u0900" <= c <= "\u097f" for c in before[-40:])
    )


def _next_continues(text: str, end: int) -> bool:
    """The text after the unit (across a line break) reads as the rest of the same sentence."""
    m = _WORD.search(text, end, min(len(text), end + 40))
    if not m:
        return False
    w = m.group()
    between = text[end : m.start()]
    if "\n\n" in between:
        return False
    return w in DANGLING or (w[:1].isascii() and w[:1].islower()) or w in ("है", "हैं", "था", "थी", "थे", "गया", "गई")


def _finite_end(words: list[str]) -> bool:
    """Whether the unit's last word (``words``: its ``_WORD`` tokens) is a finite Hindi verb."""
    return bool(words) and words[-1] in HI_FINITE


def unit_features(
    text: str,
    folded: str,
    blocks: list[Block],
    units: list[Unit],
    space: TopicSpace,
    lang: str,
) -> np.ndarray:
    lex = _lex()
    n = len(text)
    index = _StemIndex(folded)
    block_stems = [index.span(b.start, b.end) for b in blocks]
    all_stems: dict[str, int] = {}
    for st in block_stems:
        for s in st:
            all_stems[s] = all_stems.get(s, 0) + 1
    total = _Bag(all_stems, space)
    head_idx = next((i for i, b in enumerate(blocks) if b.kind == "headline"), None)
    other_blocks = [bi for bi, b in enumerate(blocks) if b.kind != "headline"]
    # every unit's bag, then all the cosines (unit-block, unit-unit) in two products
    bags: list[tuple[dict[str, int], dict[str, float]]] = []
    full_row: dict[int, int] = {}
    for i, u in enumerate(units):
        counts = _counts(index.span(u.start, u.end))
        bags.append((counts, {k: space.weight(k, v) for k, v in counts.items()}))
        if not u.is_prefix:
            full_row[u.start] = i
    block_vecs = [space.vec(st) for st in block_stems]
    vocab = {k: j for j, k in enumerate({k: None for v in [*block_vecs, *(v for _c, v in bags)] for k in v})}
    u_norm = _unit_rows([v for _c, v in bags], vocab)
    b_norm = _unit_rows(block_vecs, vocab)
    unit_block = u_norm @ b_norm.T
    unit_unit = u_norm @ u_norm.T
    # each unit against the rest of the article (every stem count minus the unit's) and
    # the share of its stems found nowhere else, for all units at once
    idf = np.array([space.idf.get(k, space.default_idf) for k in vocab])
    C = np.zeros((len(units), len(vocab)))
    for i, (counts, _v) in enumerate(bags):
        for k, c in counts.items():
            C[i, vocab[k]] = c
    T = np.zeros(len(vocab))
    for k, c in all_stems.items():
        T[vocab[k]] = c
    R = T[None, :] - C
    with np.errstate(divide="ignore", invalid="ignore"):
        WR = np.where(R > 0, (1 + np.log(np.where(R > 0, R, 1))) * idf, 0.0)
        WU = np.where(C > 0, (1 + np.log(np.where(C > 0, C, 1))) * idf, 0.0)
    dots = (WU * WR).sum(axis=1)
    norms = np.sqrt((WU * WU).sum(axis=1)) * np.sqrt((WR * WR).sum(axis=1))
    sim_rest_all = np.where(norms > 0, dots / np.where(norms > 0, norms, 1.0), 0.0)
    n_stems_all = C.sum(axis=1)
    novel_all = (C * (R <= 0)).sum(axis=1) / np.maximum(1, n_stems_all)
    # promo vocabulary: only the terms the article contains can be in a unit
    present = {key: [t for t in lex[key] if t in folded] for key in ("promo", "app", "boiler")}
    read_also = tuple(lex["read_also"])
    name_stem: dict[str, str] = {}
    block_sent_count: dict[int, int] = {}
    for u in units:
        if not u.is_prefix:
            block_sent_count[u.block] = block_sent_count.get(u.block, 0) + 1
    article_words = len(index.starts)
    list_run = _list_runs(text, blocks)
    rows = []
    full_units = [u for u in units if not u.is_prefix]
    full_starts = [u.start for u in full_units]
    for ui, u in enumerate(units):
        ut = text[u.start : u.end]
        uf = folded[u.start : u.end]
        words = _WORD.findall(ut)
        nw = max(1, len(words))
        stripped = ut.rstrip("\"'”’)] ")
        last = stripped[-1:] if stripped else ""
        caps = [w for w in words[1:] if w[:1].isascii() and w[:1].isalpha()]
        title_share = (sum(1 for w in caps if w[0].isupper()) / len(caps)) if caps else 0.0
        ucounts = bags[ui][0]
        sim_rest = float(sim_rest_all[ui])
        sims = [float(unit_block[ui, bi]) for bi in other_blocks if bi != u.block]
        novel = float(novel_all[ui])
        names = [w for w in words if w[:1].isupper() and w[:1].isascii()] + [w for w in words if len(w) >= 4 and "\u0900" <= w[0] <= "\u097f"]
        name_stems = [name_stem.get(w) or name_stem.setdefault(w, stem(fold_chars(w))) for w in names]
        novel_names = sum(1 for k in name_stems if all_stems.get(k, 0) - ucounts.get(k, 0) <= 0) / max(1, len(names))
        b = blocks[u.block]
        before = text[u.start - 1] if u.start > 0 else "\n"
        before2 = text[u.start - 2] if u.start > 1 else "\n"
        after = text[u.end] if u.end < n else "\n"
        # neighbours: the full units just before and after
        pos = bisect_left(full_starts, u.start)
        neigh = []
        for k in (pos - 1, pos + 1 if not u.is_prefix else pos):
            if 0 <= k < len(full_units) and full_units[k].start != u.start:
                neigh.append(float(unit_unit[ui, full_row[full_units[k].start]]))
        rest_start = ""
        rest_sim = sim_rest
        prefix_share = 1.0
        if u.is_prefix:
            m = _WORD.search(text, u.end)
            rest_start = m.group() if m else ""
            full = full_units[pos] if pos < len(full_units) and full_starts[pos] == u.start else None
            if full is not None:
                rvec = space.vec(index.span(u.end, full.end))
                rest_sim = space.cos_with_rest(rvec, TopicSpace.norm(rvec), bags[full_row[full.start]][0], total)
                prefix_share = (u.end - u.start) / max(1, full.end - full.start)
        own_line = u.start == b.start and u.end == b.end
        comma_clauses = ut.count(",") + ut.count("،")
        rows.append(
            [
                math.log1p(nw),
                math.log1p(len(ut)),
                float(last in TERMINAL),
                float(last in "?!"),
                float(_finite_end(words)),
                float(not EN_VERBS.isdisjoint(map(str.lower, words))),
                title_share,
                float(":" in ut),
                float("|" in ut or ";" in ut),
                float(ut[:1] in "\"'“‘" or stripped[-1:] in "\"'”’"),
                sum(map(str.isdigit, ut)) / max(1, len(ut)),
                float(sum(1 for t in present["promo"] if t in uf)),
                float(uf.lstrip("(").startswith(read_also)),
                float(sum(1 for t in present["app"] if t in uf)),
                float(sum(1 for t in present["boiler"] if t in uf)),
                float(bool(CREDIT_LINE.match(ut)) or (bool(CREDIT_HINT.search(ut)) and bool(TRAILING_CREDIT.fullmatch(" " + ut)))),
                float(comma_clauses),
                u.start / max(1, n),
                float(own_line),
                float(block_sent_count.get(u.block, 1)),
                float(u.start == b.start),
                float(u.end == b.end),
                float(before not in " \n\t\r" and before in TERMINAL + ")" ),
                float(after not in " \n\t\r" and after.isalpha()),
                float(before == "\n" or u.start == 0 or (before in " \t" and before2 == "\n")),
                float(after in "\r\n"),
                float(u.is_prefix),
                float(bool(rest_start) and (rest_start.lower() in SENTENCE_STARTERS or rest_start[:1].isupper())),
                sim_rest,
                float(unit_block[ui, head_idx]) if head_idx is not None else 0.0,
                max(sims) if sims else 0.0,
                max(neigh) if neigh else 0.0,
                novel,
                novel_names,
                math.log1p(article_words),
                float(lang == "hi"),
                float(ut.startswith("(") and ut.rstrip().endswith(")")),
                float(own_line and last not in TERMINAL and nw >= 5),
                0.0,
                0.0,
                rest_sim,
                prefix_share,
                float(_in_open_quote(text[b.start : u.start])),
                float(bool(words) and words[0].lower() in OPENERS),
                float(bool(words) and words[-1].lower() in DANGLING),
                float(_next_continues(text, u.end)),
                float(list_run.get(u.block, 0)),
                float(ut.rstrip().endswith((":", "-", "–"))),
            ]
        )
    arr = np.asarray(rows, dtype=float).reshape(len(units), len(FEATURE_NAMES))
    if len(units):
        # how this unit's similarity to the article compares with the article's other sentences
        col = FEATURE_NAMES.index("sim_rest")
        full_mask = np.array([not u.is_prefix for u in units])
        ref = arr[full_mask, col] if full_mask.any() else arr[:, col]
        mu, sd = float(ref.mean()), float(ref.std()) or 1.0
        arr[:, FEATURE_NAMES.index("sim_rest_z")] = (arr[:, col] - mu) / sd
        # the share of the article's sentences less similar than this unit
        arr[:, FEATURE_NAMES.index("sim_rest_rank")] = np.searchsorted(np.sort(ref), arr[:, col], side="left") / len(ref)
    return arr
