"""Batch analysis: many articles, in parallel, cached, resumable.

``run_batch`` is a plain function (no Qt, no printing) that the command line and
the desktop jobs share.  Results come back in input order.  With ``jobs > 1`` the
articles are analysed in worker processes that each load the models once.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from analysis import __version__
from analysis.model import Article
from analysis.pipeline import Cancelled, Settings, analyze_article
from analysis.serialize import analysis_dict

_worker_settings: Settings | None = None


def cache_key(article: Article, settings: Settings, models_key: str) -> str:
    h = hashlib.sha256()
    for part in (article.text, article.title or "", article.date or "", article.language or "", settings.key(), models_key, __version__):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def models_key(settings: Settings) -> str:
    """The models' identity from their cards (cheap: no model is loaded)."""
    from analysis.models.registry import models_fingerprint

    return models_fingerprint(settings.model_dir, settings.codebook)


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    from analysis.models import ModelSet

    ModelSet.load(settings.model_dir, settings.codebook)


def _analyse_one(article: Article) -> dict:
    assert _worker_settings is not None
    return analysis_dict(analyze_article(article, _worker_settings))


def with_article_metadata(result: dict, article: Article) -> dict:
    """A cached result carries the current input's metadata (path, row, id, outlet...)."""
    out = dict(result)
    out.update({"id": article.id, "path": article.path, "title": article.title, "outlet": article.outlet, "date": article.date, "url": article.url, "sample": article.sample})
    if article.row is not None:
        out["row"] = article.row
    else:
        out.pop("row", None)
    return out


@dataclass
class BatchItem:
    article: Article
    result: dict
    cached: bool


def run_batch(
    articles: Iterable[Article],
    settings: Settings = Settings(),
    jobs: int = 1,
    cache=None,
    progress: Callable[[int, int | None], None] | None = None,
    total: int | None = None,
) -> Iterator[BatchItem]:
    """Analyse ``articles`` in order; ``cache`` has ``get(key)`` / ``put(key, dict)``.

    ``progress(done, total)`` is called after each article; raising :class:`Cancelled`
    from it stops the batch (results already yielded stay valid)."""
    mkey = models_key(settings)
    arts = list(articles)
    total = total if total is not None else len(arts)
    keyed = [(a, cache_key(a, settings, mkey)) for a in arts]
    todo = []
    cached_results: dict[int, dict] = {}
    if cache is not None:
        for i, (_a, k) in enumerate(keyed):
            hit = cache.get(k)
            if hit is not None:
                cached_results[i] = hit
            else:
                todo.append(i)
    else:
        todo = list(range(len(keyed)))
    computed: Iterator[dict]
    pool = None
    if jobs > 1 and len(todo) > 1:
        ctx = mp.get_context("spawn")
        pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(settings,))
        computed = pool.imap(_analyse_one, [keyed[i][0] for i in todo], chunksize=4)
    else:
        computed = (analysis_dict(analyze_article(keyed[i][0], settings)) for i in todo)
    done = 0
    try:
        todo_iter = iter(todo)
        next_todo = next(todo_iter, None)
        for i, (a, k) in enumerate(keyed):
            if i in cached_results:
                item = BatchItem(a, with_article_metadata(cached_results[i], a), True)
            else:
                assert next_todo == i
                res = next(computed)
                next_todo = next(todo_iter, None)
                if cache is not None:
                    cache.put(k, res)
                item = BatchItem(a, res, False)
            done += 1
            yield item
            if progress:
                progress(done, total)
    except Cancelled:
        raise
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
