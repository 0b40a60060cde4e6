"""Every table of an export, built in one place for the xlsx, CSV and JSON writers.

Input is the contract's dicts: analyses as ``parallax analyze --format json`` writes
them, optionally a ``parallax.comparison/1`` dict and the ``parallax.stories/1``
grouping.  ``analyses`` may be any re-iterable collection (a list, or a
:class:`~analysis.export.spool.SpooledAnalyses` for libraries that should not sit in
memory).  It is read twice: once by :class:`ExportContext` to find the columns that
depend on the data (frames, readability components, source types), once by
:func:`stream_rows`, which hands each analysis to every table.

Fields that colleagues are still filling (attributions, profile, frames, loaded
language) may be empty or null; the tables then have their columns and no values,
never an error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from analysis.export.cells import ExportOptions
from analysis.export.columns import Table
from analysis.model import SOURCE_TYPES

# readability keys that are labels or already columns of their own
_READABILITY_SKIP = {"available", "language", "method", "backend", "note", "reason", "words", "sentences"}


def provenance_id(prov: dict | None) -> str:
    """A short stable name for one analysis provenance (models, settings, versions), so
    the Summary can say which provenance row produced each article."""
    blob = json.dumps(prov or {}, sort_keys=True, ensure_ascii=False, default=str)
    return "p" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=8)
def codebook_frames(codebook_id: str) -> tuple[tuple[str, str], ...]:
    """``(frame id, English name)`` of a shipped codebook in its own order (empty when
    the codebook is not shipped, e.g. a researcher's own)."""
    from analysis.resources import resource_path

    path = resource_path("codebooks", f"{codebook_id}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple((f["id"], f.get("name_en") or f["id"]) for f in data["frames"])
    except (OSError, ValueError, KeyError, TypeError):
        return ()


def codebook_frame_ids(codebook_id: str) -> tuple[str, ...]:
    return tuple(fid for fid, _ in codebook_frames(codebook_id))


class ExportContext:
    """The inputs of one export plus what every table needs to know up front (the
    dynamic columns: frames, readability components, source types).  One pass over the
    analyses collects them."""

    def __init__(
        self,
        analyses: Iterable[dict],
        comparison: dict | None = None,
        stories: list[dict] | dict | None = None,
        options: ExportOptions | None = None,
        coding=None,
    ):
        self.analyses = analyses
        self.comparison = comparison or None
        self.coding = coding  # analysis.export.coding_tables.CodingExport: adds the coding sheets
        self._comparison_texts = {}
        self.options = options or ExportOptions()
        self.story_of = _story_index(stories)
        self.policies: list = []  # CellPolicy objects of the writers (their counts go to provenance)
        frame_ids: list[str] = []
        codebooks: list[str] = []
        read_keys: list[str] = []
        types = list(SOURCE_TYPES)
        wanted = set(self.comparison_ids())
        self._comparison_texts: dict[str, str] = {}
        n = 0
        for a in self.each():
            n += 1
            if a.get("id") in wanted:  # spans in a comparison index these texts
                self._comparison_texts[a["id"]] = a.get("text") or ""
            fr = a.get("frames") or {}
            # the codebook in force decides the frame columns even when framing was
            # skipped, so an export has the same columns whatever was computed
            cb = fr.get("codebook") or (a.get("provenance") or {}).get("codebook")
            if cb and cb not in codebooks:
                codebooks.append(cb)
                for fid in codebook_frame_ids(cb):
                    if fid not in frame_ids:
                        frame_ids.append(fid)
            for part in ("distribution", "article"):
                for fid in fr.get(part) or {}:
                    if fid not in frame_ids:
                        frame_ids.append(fid)
            for k, v in (a.get("readability") or {}).items():
                if (
                    k not in _READABILITY_SKIP
                    and isinstance(v, int | float)
                    and not isinstance(v, bool)
                    and k not in read_keys
                ):
                    read_keys.append(k)
            for t in (a.get("attribution_profile") or {}).get("by_type") or {}:
                if t not in types:
                    types.append(t)
            for at in a.get("attributions") or []:
                if at.get("source_type") and at["source_type"] not in types:
                    types.append(at["source_type"])
        if self.comparison:
            for f in self.comparison.get("frames") or []:
                for fid in f.get("distribution") or {}:
                    if fid not in frame_ids:
                        frame_ids.append(fid)
        names: dict[str, str] = {}
        for cb in codebooks:
            for fid, name in codebook_frames(cb):
                names.setdefault(fid, name)
        self.frame_names = {fid: names.get(fid, fid) for fid in frame_ids}
        self.n_articles = n
        self.frame_ids = tuple(frame_ids)
        self.codebooks = tuple(codebooks)
        self.readability_keys = tuple(read_keys)
        self.source_types = tuple(types)

    def each(self) -> Iterator[dict]:
        yield from self.analyses

    def story(self, article: dict) -> tuple[str | None, str | None]:
        key = article.get("id")
        return self.story_of.get(key, (None, None))

    def comparison_ids(self) -> list[str]:
        return [str(a.get("id")) for a in (self.comparison or {}).get("articles") or []]

    def comparison_texts(self) -> dict[str, str]:
        """Texts of the compared articles (spans in a comparison index them), kept from
        the first pass: a story has a handful of articles, a library may have 10,000."""
        return self._comparison_texts


def _story_index(stories) -> dict[str, tuple[str, str]]:
    if not stories:
        return {}
    if isinstance(stories, dict):
        stories = stories.get("stories") or []
    out = {}
    for s in stories:
        for art in s.get("articles") or []:
            aid = art.get("id") if isinstance(art, dict) else art
            if aid is not None:
                out.setdefault(str(aid), (s.get("id"), s.get("label")))
    return out


def build_tables(ctx: ExportContext) -> list[Table]:
    """All tables in sheet order.  Variables and Provenance come last: they describe
    the others (and Provenance reports what the writer changed, known only at the end)."""
    from analysis.export import article_tables, meta_tables, story_tables, summary_table

    tables = [
        summary_table.summary(ctx),
        article_tables.segments(ctx),
        article_tables.sentences(ctx),
        article_tables.attributions(ctx),
        article_tables.figures(ctx),
        article_tables.dates(ctx),
        story_tables.facts_compared(ctx),
        story_tables.facts_matrix(ctx),
        story_tables.alignment(ctx),
        story_tables.contradictions(ctx),
        story_tables.framing(ctx),
        story_tables.frame_divergence(ctx),
        story_tables.sourcing(ctx),
        article_tables.entities(ctx),
        article_tables.loaded_language(ctx),
    ]
    if ctx.coding is not None:
        from analysis.export import coding_tables

        tables += coding_tables.tables(ctx)
    prov = meta_tables.provenance(ctx)
    tables.append(meta_tables.variables([*tables, prov]))
    tables.append(prov)
    return tables


def stream_rows(
    ctx: ExportContext, tables: list[Table], progress: Callable[[int], None] | None = None
) -> Iterator[tuple[int, list]]:
    """``(table index, row)`` for every table from ONE pass over the analyses: each
    analysis is read once and gives its rows to every table; then the tables' tails
    (comparison, Variables, Provenance) follow in sheet order.  Writers route the rows
    to their sheets or files, so the order of rows within a table is as in
    :meth:`Table.rows`.  ``progress(articles_done)`` runs after each analysis."""
    sources = [t.source() for t in tables]
    per_article = [(i, src.article) for i, src in enumerate(sources) if src.article is not None]
    for done, a in enumerate(ctx.each(), 1):
        for i, fn in per_article:
            for row in fn(a):
                yield i, row
        if progress:
            progress(done)
    for i, src in enumerate(sources):
        if src.tail is not None:
            for row in src.tail():
                yield i, row
