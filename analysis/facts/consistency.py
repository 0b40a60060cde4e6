"""Internal contradictions of one article: an entity given different roles, an event
given different dates, a quantity given different values.

Roles are read from the text with a role-equivalence lexicon (``प्रमुख`` ≈ ``सचिव``
of the same body; ``पूर्व``/``former``/``तत्कालीन`` suppress a conflict), never from
what the gazetteer knows about particular people.  Spelling variants of a name are
one entity (merged by entity extraction), not a contradiction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from analysis.facts.figures import _tables as _figure_tables
from analysis.model import DateMention, EntityMention, Figure, Inconsistency
from analysis.resources import load_json
from analysis.textutil import fold

_TOK = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:[-'’][\p{L}\p{M}\p{Nd}]+)*|[^\s]")
OFFICES = frozenset(
    ("minister", "head", "president", "prime_minister", "chief_minister", "governor", "ambassador", "judge", "general", "mayor", "vice_president", "deputy_minister")
)


@dataclass(frozen=True)
class Role:
    entity: str
    title: str
    body: str | None
    past: bool
    start: int
    end: int
    phrase: str


@lru_cache(maxsize=1)
def _roles_lex():
    d = load_json("lexicons", "roles.json")
    titles = sorted(((tuple(fold(t).folded.split()), cls) for cls, ts in d["title_classes"].items() for t in ts), key=lambda x: -len(x[0]))
    bodies = sorted(((tuple(fold(b).folded.split()), key) for key, bs in d["bodies"].items() for b in bs), key=lambda x: -len(x[0]))
    return titles, bodies, frozenset(fold(w).folded for w in d["past_markers"]), frozenset(fold(w).folded for w in d["stop"])


def _find_seq(words: list[str], table) -> list[tuple[int, int, str]]:
    out = []
    i = 0
    while i < len(words):
        for seq, key in table:
            if tuple(words[i : i + len(seq)]) == seq:
                out.append((i, i + len(seq), key))
                i += len(seq) - 1
                break
        i += 1
    return out


def _role_from_tokens(toks: list[tuple[int, int, str]], entity: str) -> Role | None:
    titles, bodies, past_markers, _stop = _roles_lex()
    words = [t[2] for t in toks]
    found = _find_seq(words, titles)
    if not found:
        return None
    ts, te, title = found[-1]
    body_hits = _find_seq(words, bodies)
    body = body_hits[-1][2] if body_hits else None
    past = any(w in past_markers for w in words)
    return Role(entity, title, body, past, toks[0][0], toks[-1][1], "")


def extract_roles(text: str, entities: list[EntityMention], sentence_spans: list[tuple[int, int]]) -> list[Role]:
    """Role phrases attached to person mentions: before the name (``रक्षा मंत्री
    शोइगु``, ``Defence Minister X``) or as an appositive after it (``X, the defence
    minister,``)."""
    _titles, _bodies, _past, stop = _roles_lex()
    ft = fold(text)
    out = []
    for ent in entities:
        if ent.type != "person":
            continue
        sent = next(((s, e) for s, e in sentence_spans if s <= ent.start < e), None)
        if sent is None:
            continue
        before = []
        for m in _TOK.finditer(ft.folded, ft.from_original(sent[0]), ft.from_original(ent.start)):
            before.append((m.start(), m.end(), m.group()))
        phrase = []
        for tok in reversed(before):
            w = tok[2]
            if w in stop or (not any(ch.isalnum() for ch in w) and w not in ("-",)):
                break
            phrase.insert(0, tok)
            if len(phrase) >= 8:
                break
        role = _role_from_tokens(phrase, ent.canonical) if phrase else None
        if role is None:
            after = text[ent.end : min(sent[1], ent.end + 120)]
            m = regex.match(r"\s*,\s*((?:the|a|an)\s+[^,.;]{3,80})[,.]", after, regex.IGNORECASE)
            if m:
                a0 = ft.from_original(ent.end + m.start(1))
                a1 = ft.from_original(ent.end + m.end(1))
                toks = [(x.start(), x.end(), x.group()) for x in _TOK.finditer(ft.folded, a0, a1)]
                role = _role_from_tokens(toks, ent.canonical) if toks else None
        if role is not None:
            s, e = ft.to_original(role.start, role.end)
            out.append(Role(role.entity, role.title, role.body, role.past, s, e, text[s:e]))
    return out


def _compatible(a: Role, b: Role) -> bool:
    if a.past or b.past:
        return True
    if a.title == b.title:
        return a.body is None or b.body is None or a.body == b.body
    if a.title not in OFFICES or b.title not in OFFICES:
        return True  # "leader", "spokesperson": too general to contradict an office
    if a.body is not None and a.body == b.body:
        return True  # minister and head of the same body: a ministry's head is its minister
    return False


def role_conflicts(roles: list[Role]) -> list[Inconsistency]:
    by_entity: dict[str, list[Role]] = {}
    for r in roles:
        by_entity.setdefault(r.entity, []).append(r)
    out = []
    for entity, rs in by_entity.items():
        groups: list[list[Role]] = []
        for r in rs:
            for g in groups:
                if all(_compatible(r, x) for x in g):
                    g.append(r)
                    break
            else:
                groups.append([r])
        # conflicting pairs of groups
        clash = [(g1, g2) for i, g1 in enumerate(groups) for g2 in groups[i + 1 :] if not all(_compatible(a, b) for a in g1 for b in g2)]
        if not clash:
            continue
        parts = sorted({(x.start, x.end) for g1, g2 in clash for x in g1 + g2})
        names = []
        for g in groups:
            label = f"{g[0].body.replace('_', ' ') + ' ' if g[0].body else ''}{g[0].title.replace('_', ' ')}"
            names.append(f"{label} ('{g[0].phrase}')")
        out.append(
            Inconsistency(
                kind="role_conflict",
                entity=entity,
                spans=tuple(parts),
                explanation=f"{entity} is given different roles: " + " vs ".join(names),
                values=tuple(r.phrase for g in groups for r in g),
            )
        )
    return out


# --- dates --------------------------------------------------------------------------

SINGULAR_EVENTS = ("treaty", "oath", "election")


def _event_term(word: str) -> str:
    """A Latin event word matches whole (with a plural ending: "according" is not an
    "accord"); a Devanagari one as a word start, so its inflections match too."""
    w = fold(word).folded
    return regex.escape(w) + r"(?:s|es)?(?![a-z])" if w.isascii() else regex.escape(w)


@lru_cache(maxsize=1)
def _event_patterns():
    t = load_json("lexicons", "figure_topics.json")["event_topics"]
    return {k: regex.compile(r"(?<![\p{L}\p{M}])(?:" + "|".join(_event_term(w) for w in sorted(v, key=len, reverse=True)) + ")") for k, v in t.items()}


def _event_of(folded_sentence: str) -> str | None:
    for key in SINGULAR_EVENTS:
        if _event_patterns()[key].search(folded_sentence):
            return key
    return None


def _conflicting_dates(a: str, b: str) -> bool:
    """Two ISO dates (reduced precision) that cannot describe the same day."""
    if a.startswith("--") or b.startswith("--"):
        return False
    pa, pb = a.split("-"), b.split("-")
    n = min(len(pa), len(pb))
    return pa[:n] != pb[:n]


def _is_country(e: EntityMention) -> bool:
    from analysis.facts.gazetteer import load_gazetteer

    entry = load_gazetteer().by_id.get(e.gazetteer_id or "")
    return entry is None or "country" in entry.descriptors


def date_conflicts(text: str, dates: list[DateMention], entities: list[EntityMention], sentence_spans) -> list[Inconsistency]:
    ft = fold(text)
    items = []
    for d in dates:
        sent = next(((s, e) for s, e in sentence_spans if s <= d.start < e), None)
        if sent is None:
            continue
        ev = _event_of(ft.folded[ft.from_original(sent[0]) : ft.from_original(sent[1])])
        if ev is None:
            continue
        parties = frozenset(
            e.canonical for e in entities if e.type != "person" and (e.type != "place" or _is_country(e)) and sent[0] <= e.start < sent[1]
        )
        items.append((ev, parties, d))
    out = []
    seen = set()
    for i, (ev1, p1, d1) in enumerate(items):
        for ev2, p2, d2 in items[i + 1 :]:
            if ev1 != ev2 or not _conflicting_dates(d1.value, d2.value):
                continue
            if p1 and p2 and not (p1 & p2):
                continue  # different parties: different events
            key = (ev1, d1.value, d2.value)
            if key in seen:
                continue
            seen.add(key)
            what = {"treaty": "the treaty/agreement", "oath": "the swearing-in", "election": "the election"}[ev1]
            who = " and ".join(sorted(p1 | p2)) if p1 & p2 else None
            out.append(
                Inconsistency(
                    kind="date_conflict",
                    entity=f"{ev1} ({who})" if who else ev1,
                    spans=((d1.start, d1.end), (d2.start, d2.end)),
                    explanation=f"{what}{' between ' + who if who else ''} is dated both '{text[d1.start:d1.end]}' ({d1.value}) and '{text[d2.start:d2.end]}' ({d2.value})",
                    values=(d1.value, d2.value),
                )
            )
    return out


# --- quantities ---------------------------------------------------------------------


def figure_interval(value: float, kind: str | None) -> tuple[float, float]:
    """The contract's intervals: about ±10%, more than (v, ∞), at least [v, ∞), up to [0, v]."""
    inf = float("inf")
    if kind == "about":
        return value * 0.9, value * 1.1
    if kind == "more_than":
        return value + 1e-9, inf
    if kind == "at_least":
        return value, inf
    if kind == "less_than":
        return 0.0, value - 1e-9
    if kind == "up_to":
        return 0.0, value
    if kind == "estimated":
        return value * 0.9, value * 1.1
    return value, value


def intervals_disagree(a: Figure, b: Figure) -> bool:
    la, ha = figure_interval(a.value, a.qualifier_kind)
    lb, hb = figure_interval(b.value, b.qualifier_kind)
    return ha < lb or hb < la


_UPDATE = regex.compile(r"(?:बढ़कर|अब तक|तक पहुंच|rose|risen|increased|climbed|so far|now|updated|revised|घटकर|fell)", regex.IGNORECASE)
COUNTED = ("troops", "deaths", "injured", "casualties", "displaced", "arrests")


def quantity_conflicts(text: str, figures: list[Figure], sentence_spans) -> list[Inconsistency]:
    out = []

    def sent_of(f):
        return next(((s, e) for s, e in sentence_spans if s <= f.start < e), (f.start, f.end))

    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            if a.about != b.about or a.about not in COUNTED:
                continue
            sa, sb = sent_of(a), sent_of(b)
            if sa == sb or _UPDATE.search(text[sa[0] : sa[1]]) or _UPDATE.search(text[sb[0] : sb[1]]):
                continue
            if not intervals_disagree(a, b):
                continue
            out.append(
                Inconsistency(
                    kind="quantity_conflict",
                    entity=a.about,
                    spans=((a.start, a.end), (b.start, b.end)),
                    explanation=f"{a.about} given as '{text[a.start:a.end]}' and as '{text[b.start:b.end]}', which cannot both hold",
                    values=(str(a.value), str(b.value)),
                )
            )
    return out


def find_inconsistencies(text, sentence_spans, entities, dates, figures) -> list[Inconsistency]:
    _figure_tables()
    roles = extract_roles(text, entities, sentence_spans)
    return role_conflicts(roles) + date_conflicts(text, dates, entities, sentence_spans) + quantity_conflicts(text, figures, sentence_spans)
