"""The work behind each GUI action, as plain functions the jobs run.

Every function here takes ``progress(fraction, message)`` (which raises
``Cancelled`` when the user cancels) and calls the ``analysis`` core; none imports
Qt, so tests call them directly.  Functions that change the project store do all
their reading and analysing first and write in one short step at the end, after
the last chance to cancel: a cancelled job leaves the store as it was.

Each function opens its own :class:`Store` connection, because SQLite connections
belong to the thread that made them and jobs run on pool threads.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path

from analysis.ingest import InputProblem, article_from_html_bytes, read_inputs
from analysis.model import Analysis, Article, Comparison
from analysis.pipeline import Cancelled, Settings
from analysis.store import Story

Progress = Callable[[float, str], None]
SAMPLE_STORY_ID = "sample-story"
SAMPLE_STORY_LABEL = "Sample story: Shoigu in Pyongyang (SAMPLE, fictional outlets)"
NO_STORY = ""  # the library's group for articles that belong to no story


def _noop(fraction: float, message: str = "") -> None:
    return None


def _sub(progress: Progress, lo: float, hi: float, label: str | None = None) -> Progress:
    """A progress callback for the sub-range ``[lo, hi]`` of the caller's bar
    (``label`` replaces the callee's own messages, e.g. "analysing 3/60")."""

    def p(fraction: float, message: str = "") -> None:
        progress(lo + (hi - lo) * max(0.0, min(1.0, fraction)), label or message)

    return p


def _cached(d: dict, article: Article) -> Analysis:
    """A cached analysis, carrying the article's current metadata."""
    from dataclasses import replace

    from analysis.serialize import analysis_from_dict

    return replace(analysis_from_dict(d), article=article)


def _open_store(path: str | Path):
    from analysis.store import Store

    return Store(path)


# --- the library ---------------------------------------------------------------------


@dataclass(frozen=True)
class Library:
    """Everything the library panel lists: stories and their articles."""

    stories: tuple[Story, ...]
    articles: dict[str, Article]
    frame_names: dict[str, str] = field(default_factory=dict)

    def story_articles(self, story_id: str) -> list[Article]:
        for s in self.stories:
            if s.id == story_id:
                return [self.articles[i] for i in s.article_ids if i in self.articles]
        return []

    def story_of(self, article_id: str) -> str | None:
        for s in self.stories:
            if article_id in s.article_ids:
                return s.id
        return None


def read_sample_articles() -> list[Article]:
    from analysis.samples import sample_paths

    return [a for a in read_inputs([str(p) for p in sample_paths()]) if isinstance(a, Article)]


def frame_names(codebook: str) -> dict[str, str]:
    """Frame id -> English name for a codebook id (``resources/codebooks``) or file."""
    from analysis.framing.codebook import CodebookError, load_codebook
    from analysis.resources import resource_path

    path = Path(codebook) if codebook.endswith(".json") else resource_path("codebooks", f"{codebook}.json")
    try:
        cb = load_codebook(path)
    except CodebookError:
        return {}
    return {f.id: f.name_en for f in cb.frames}


def available_codebooks() -> list[tuple[str, str]]:
    """(id, name) of the codebooks shipped in ``resources/codebooks``."""
    from analysis.resources import resource_path

    out = []
    for p in sorted(resource_path("codebooks").glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        out.append((str(data.get("id") or p.stem), str(data.get("name") or p.stem)))
    return out


def open_library(store_path: str | Path, codebook: str = "policy_frames", progress: Progress = _noop) -> Library:
    """The store's stories and articles; a new store gets the sample story first."""
    progress(0.0, "opening the project")
    with _open_store(store_path) as store:
        if store.count_articles() == 0:
            samples = read_sample_articles()
            ids = store.add_articles(samples)
            store.set_stories([*store.stories(), Story(SAMPLE_STORY_ID, SAMPLE_STORY_LABEL, tuple(ids))])
        articles = {a.id: a for a in store.articles()}
        stories = [s for s in store.stories()]
    in_story = {i for s in stories for i in s.article_ids}
    loose = tuple(i for i in articles if i not in in_story)
    if loose:
        stories.append(Story(NO_STORY, "Not in a story", loose))
    progress(1.0, "project opened")
    return Library(tuple(stories), articles, frame_names(codebook))


# --- analysis ----------------------------------------------------------------------------


class AnalysisBatch(dict):
    """Analyses by article id; ``problems`` lists the articles the core could not
    analyse (one failing article must not take the rest of the story with it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[InputProblem] = []


def analyse_articles(
    articles: Sequence[Article],
    settings: Settings,
    store_path: str | Path | None = None,
    progress: Progress = _noop,
) -> AnalysisBatch:
    """Analyses by article id, from the store's cache when it has them."""
    from analysis.batch import cache_key, models_key
    from analysis.pipeline import analyze_article
    from analysis.serialize import analysis_dict

    n = len(articles)
    progress(0.0, "loading models")
    mkey = models_key(settings)
    store = _open_store(store_path) if store_path else None
    out = AnalysisBatch()
    try:
        for i, a in enumerate(articles):
            progress(i / max(n, 1), f"analysing {i + 1}/{n}")
            a = a.with_default_id()
            key = cache_key(a, settings, mkey)
            hit = store.get(key) if store is not None else None
            if hit is not None:
                out[a.id] = _cached(hit, a)
                continue
            try:
                an = analyze_article(
                    a, settings, progress=_sub(progress, i / max(n, 1), (i + 1) / max(n, 1), f"analysing {i + 1}/{n}")
                )
            except Cancelled:
                raise
            except Exception as exc:
                out.problems.append(
                    InputProblem(a.path or a.title or a.id, f"analysis failed: {exc or exc.__class__.__name__}")
                )
                continue
            out[a.id] = an
            if store is not None:
                store.put(key, analysis_dict(an))
    finally:
        if store is not None:
            store.close()
    progress(1.0, f"analysed {n}")
    return out


WARM_UP_TEXTS = (
    "Officials said on Monday that 40 people were hurt.",
    "अधिकारियों ने सोमवार को बताया कि 40 लोग घायल हुए।",
    "Ok.",
)


def warm_up(settings: Settings, progress: Progress = _noop) -> int:
    """Analyse a few tiny texts so the core's lazy loads (models, language profiles,
    syllable dictionary) happen now, in the background, and not inside the first
    import, where they would delay Cancel by seconds."""
    from analysis.pipeline import analyze_article

    for i, text in enumerate(WARM_UP_TEXTS):
        progress(i / len(WARM_UP_TEXTS), "preparing the models")
        try:
            analyze_article(Article(text=text), settings)
        except Cancelled:
            raise
        except Exception:  # a warm-up failure shows up again, with its reason, on real work
            return i
    return len(WARM_UP_TEXTS)


@dataclass(frozen=True)
class ComparisonResult:
    comparison: Comparison | None
    reason: str = ""


def compare_analyses(analyses: Sequence[Analysis], progress: Progress = _noop) -> ComparisonResult:
    """The story's comparison, or the reason there is none."""
    if len(analyses) < 2:
        return ComparisonResult(None, "a comparison needs at least two articles in the story")
    try:
        from analysis.compare import run_comparison
    except ImportError:
        return ComparisonResult(None, "cross-article comparison is not available in this build")
    return ComparisonResult(run_comparison(list(analyses), progress=progress))


# --- import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    story_id: str | None
    article_ids: tuple[str, ...]
    analyses: dict[str, Analysis]
    problems: tuple[InputProblem, ...]

    def summary(self) -> str:
        s = f"imported {len(self.article_ids)} article{'s' if len(self.article_ids) != 1 else ''}"
        if self.problems:
            s += f"; {len(self.problems)} input{'s' if len(self.problems) != 1 else ''} failed"
        return s


def story_id_for(article_ids: Iterable[str]) -> str:
    return "story-" + hashlib.sha256("\x00".join(sorted(article_ids)).encode()).hexdigest()[:10]


def _story_label(paths: Sequence[str], articles: Sequence[Article]) -> str:
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return f"Folder: {Path(paths[0]).name}"
    first = next((a.title for a in articles if a.title), None)
    if first is None and articles:
        first = " ".join(articles[0].text.split()[:8])
    return (first or "Imported articles")[:80]


def import_inputs(
    store_path: str | Path,
    paths: Sequence[str] = (),
    settings: Settings = Settings(),
    articles: Sequence[Article] = (),
    story_label: str | None = None,
    progress: Progress = _noop,
) -> ImportReport:
    """Read files, folders and tables (and given articles), analyse them, then store
    them as one new story.  A failed input is reported and the others continue."""
    from analysis.batch import cache_key, models_key
    from analysis.pipeline import analyze_article
    from analysis.serialize import analysis_dict

    read: list[Article] = [a.with_default_id() for a in articles]
    problems: list[InputProblem] = []
    n_paths = len(paths)
    for k, path in enumerate(paths):
        progress(0.1 * k / max(n_paths, 1), f"reading {Path(path).name}")
        for item in read_inputs([str(path)]):
            progress(0.1 * k / max(n_paths, 1), f"reading {Path(path).name}")
            if isinstance(item, InputProblem):
                problems.append(item)
            else:
                read.append(item)
    seen: set[str] = set()
    unique: list[Article] = []
    for a in read:
        if a.id not in seen:
            seen.add(a.id)
            unique.append(a)
    if not unique:
        return ImportReport(None, (), {}, tuple(problems))
    analyse = _sub(progress, 0.1, 0.95)
    analyse(0.0, "loading models")
    mkey = models_key(settings)
    analyses: dict[str, Analysis] = {}
    new_cache: list[tuple[str, dict]] = []
    with _open_store(store_path) as store:
        for i, a in enumerate(unique):
            analyse(i / len(unique), f"analysing {i + 1}/{len(unique)}")
            key = cache_key(a, settings, mkey)
            hit = store.get(key)
            if hit is not None:
                analyses[a.id] = _cached(hit, a)
                continue
            try:
                an = analyze_article(
                    a,
                    settings,
                    progress=_sub(analyse, i / len(unique), (i + 1) / len(unique), f"analysing {i + 1}/{len(unique)}"),
                )
            except Cancelled:
                raise
            except Exception as exc:  # one article failing must not stop the import
                problems.append(InputProblem(a.path or a.title or a.id, f"analysis failed: {exc}"))
                continue
            analyses[a.id] = an
            new_cache.append((key, analysis_dict(an)))
        keep = [a for a in unique if a.id in analyses]
        progress(0.97, "saving")  # the last point where Cancel can stop the import
        if not keep:
            return ImportReport(None, (), {}, tuple(problems))
        ids = store.add_articles(keep, batch_size=max(len(keep), 1))
        sid = story_id_for(ids)
        label = story_label or _story_label(paths, keep)
        moved = set(ids)
        others = [
            Story(s.id, s.label, tuple(i for i in s.article_ids if i not in moved))
            for s in store.stories()
            if s.id != sid
        ]
        store.set_stories([*[s for s in others if s.article_ids], Story(sid, label, tuple(ids))])
        for key, d in new_cache:
            store.put(key, d)
    progress(1.0, f"imported {len(ids)}")
    return ImportReport(sid, tuple(ids), analyses, tuple(problems))


def pasted_article(text: str, title: str = "", outlet: str = "", date: str = "", url: str = "") -> Article:
    """An article typed or pasted by the user; the text is kept exactly as given."""
    if not text.strip():
        raise ValueError("the pasted text is empty")
    return Article(
        text=text,
        title=title.strip() or None,
        outlet=outlet.strip() or None,
        date=date.strip() or None,
        url=url.strip() or None,
    ).with_default_id()


class FetchError(RuntimeError):
    """A URL could not be fetched; the message says why in words a user understands."""


def fetch_url(url: str, timeout: float = 10.0, progress: Progress = _noop) -> Article:
    """Download one web page and extract its article text (HTML)."""
    import urllib.error
    import urllib.request
    from urllib.parse import urlparse

    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise FetchError(f"not a web address: {url!r} (it must start with http:// or https://)")
    host = parsed.netloc
    progress(0.1, f"connecting to {host}")
    req = urllib.request.Request(url.strip(), headers={"User-Agent": "Parallax (media-literacy research tool)"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read(20 * 1024 * 1024 + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{host} answered with HTTP {exc.code} ({exc.reason})") from None
    except TimeoutError:
        raise FetchError(f"no answer from {host} within {timeout:g} s") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"could not reach {host}: {reason}. Is this computer online?") from None
    except Exception as exc:  # sockets disabled, proxies, ...: still a message, not a crash
        raise FetchError(f"could not reach {host}: {exc}. Is this computer online?") from None
    progress(0.8, "extracting the article")
    from analysis.ingest import DecodeError

    try:
        art = article_from_html_bytes(data, None)
    except DecodeError as exc:
        raise FetchError(f"{url}: {exc}") from None
    from dataclasses import replace

    return replace(art, url=art.url or url.strip())


def import_url(
    store_path: str | Path, url: str, timeout: float = 15.0, settings: Settings = Settings(), progress: Progress = _noop
) -> ImportReport:
    """Fetch a web page and import its article as a new story."""
    art = fetch_url(url, timeout, progress=_sub(progress, 0.0, 0.3))
    return import_inputs(store_path, (), settings, [art], progress=_sub(progress, 0.3, 1.0))


# --- stories ------------------------------------------------------------------------------


def analyse_and_group(
    store_path: str | Path, articles: Sequence[Article], settings: Settings, progress: Progress = _noop
) -> tuple[Library, dict[str, Analysis]]:
    """Analyse every article (cached) and sort them into stories."""
    res = analyse_articles(articles, settings, store_path, progress=_sub(progress, 0.0, 0.6))
    analyses = [res[a.id] for a in articles if a.id in res]
    lib = group_into_stories(store_path, analyses, settings.codebook, progress=_sub(progress, 0.6, 1.0))
    return lib, res


def group_into_stories(
    store_path: str | Path, analyses: Sequence[Analysis], codebook: str = "policy_frames", progress: Progress = _noop
) -> Library:
    """Sort the given articles into stories (the core decides) and store the result."""
    try:
        from analysis.compare import group_articles
    except ImportError:
        raise RuntimeError("grouping articles into stories is not available in this build") from None
    groups = group_articles(list(analyses), progress=_sub(progress, 0.0, 0.95))
    stories = []
    for g in groups:
        ids = tuple(analyses[i].id for i in g)
        first = analyses[g[0]].article if g else None
        label = (first.title if first and first.title else "Story")[:80]
        stories.append(Story(story_id_for(ids), label, ids))
    progress(0.97, "saving")
    with _open_store(store_path) as store:
        grouped = {i for s in stories for i in s.article_ids}
        rest = [Story(s.id, s.label, tuple(i for i in s.article_ids if i not in grouped)) for s in store.stories()]
        store.set_stories([*[s for s in rest if s.article_ids], *stories])
    return open_library(store_path, codebook)


def merge_stories(
    store_path: str | Path, keep: str, other: str, codebook: str = "policy_frames", progress: Progress = _noop
) -> Library:
    progress(0.5, "merging stories")
    with _open_store(store_path) as store:
        store.merge_stories(keep, other)
    return open_library(store_path, codebook)


def split_story(
    store_path: str | Path,
    story_id: str,
    article_ids: Sequence[str],
    label: str,
    codebook: str = "policy_frames",
    progress: Progress = _noop,
) -> Library:
    progress(0.5, "splitting the story")
    if not article_ids:
        raise ValueError("select the articles to move into a new story")
    with _open_store(store_path) as store:
        store.split_story(story_id, article_ids, story_id_for(article_ids), label)
    return open_library(store_path, codebook)


# --- training --------------------------------------------------------------------------

TRAIN_TASKS = ("offtopic", "attribution", "framing", "loaded")


def user_model_dir() -> Path:
    from analysis.store import default_data_dir

    return default_data_dir() / "models"


def train_model(
    task: str, data: str, out_root: str | Path | None = None, progress: Progress = _noop
) -> tuple[str, dict]:
    """Train ``task`` from the researcher's labelled ``data`` into the user's model
    folder (never into ``resources/``); returns the folder to use and the model card."""
    if task not in TRAIN_TASKS:
        raise ValueError(f"unknown task {task!r} (choose one of {', '.join(TRAIN_TASKS)})")
    try:
        from analysis.training.cli import train_to
    except ImportError:
        raise RuntimeError("training is not available in this build") from None
    root = Path(out_root) if out_root else user_model_dir()
    card = train_to(task, data, root / task, progress=progress)
    return str(root), card


# --- export --------------------------------------------------------------------------------


def comparison_dict(comparison: Comparison | None) -> dict | None:
    """The comparison as contract JSON (the core's serializer when it has one)."""
    if comparison is None:
        return None
    for mod, name in (("analysis.serialize", "comparison_dict"), ("analysis.compare.cli", "comparison_dict")):
        try:
            module = __import__(mod, fromlist=[name])
            fn = getattr(module, name)
        except (ImportError, AttributeError):
            continue
        return fn(comparison)
    d = asdict(comparison) if is_dataclass(comparison) else dict(comparison)
    d["schema"] = "parallax.comparison/1"
    return d


def export_story(
    path: str | Path,
    analyses: Sequence[Analysis],
    comparison: Comparison | None = None,
    fmt: str = "json",
    include_comparison: bool = True,
    excel_safe: bool = False,
    settings: dict | None = None,
    progress: Progress = _noop,
) -> Path:
    """Write the story's analyses (and comparison) to ``path``; returns the path.

    ``xlsx``, ``csv`` (a folder of tables) and ``json`` use the core's exporter
    (``analysis.export``), which records versions and settings and writes atomically.
    Without it, ``json`` falls back to the contract dicts of the story."""
    from analysis.serialize import analysis_dict, dumps

    out = Path(path)
    dicts = []
    for i, a in enumerate(analyses):
        progress(0.2 * i / max(len(analyses), 1), f"preparing {i + 1}/{len(analyses)}")
        dicts.append(analysis_dict(a))
    comp = comparison_dict(comparison) if include_comparison else None
    write = _sub(progress, 0.2, 1.0)
    try:
        import analysis.export as export
    except ImportError:
        export = None
    if export is not None:
        opts = export.ExportOptions(excel_safe=excel_safe, settings=dict(settings or {}))
        if fmt == "xlsx":
            return Path(export.write_workbook(dicts, out, comparison=comp, options=opts, progress=write))
        if fmt == "csv":
            export.write_csv(dicts, out, comparison=comp, options=opts, progress=write)
            return out
        return Path(export.write_json(dicts, out, comparison=comp, options=opts, progress=write))
    if fmt != "json":
        raise RuntimeError(f"{fmt.upper()} export is not available in this build; choose JSON")
    tmp = out.with_name(out.name + ".part")
    body = {"schema": "parallax.story-export/1", "analyses": dicts, "comparison": comp}
    tmp.write_text(dumps(body) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    progress(1.0, f"wrote {out.name}")
    return out


def export_formats() -> list[str]:
    """Formats the export dialog offers in this build."""
    try:
        import analysis.export  # noqa: F401

        return ["xlsx", "csv", "json"]
    except ImportError:
        return ["json"]


# --- the screenshot command and the sample story without a store ----------------------------


def load_story(
    paths: Sequence[str], settings: Settings, progress: Progress = _noop
) -> tuple[list[Analysis], list[InputProblem]]:
    """Read and analyse ``paths`` (the sample story when empty) without touching the store."""
    if paths:
        items = list(read_inputs([str(p) for p in paths]))
        arts = [a for a in items if isinstance(a, Article)]
        problems = [p for p in items if isinstance(p, InputProblem)]
    else:
        arts, problems = read_sample_articles(), []
    res = analyse_articles(arts, settings, None, progress=progress)
    return [res[a.with_default_id().id] for a in arts if a.with_default_id().id in res], problems + res.problems
