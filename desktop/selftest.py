"""``parallax --selftest``: prove that this installation works, end to end, offline.

CI runs it inside the relocated bundle with an empty environment and no network
(``tools/check_bundle.sh``), so every step touches what a missing data file, a
hidden import or a run-time download would break: the sample story and an HTML
import, the shipped models, textstat's syllable data, grouping and comparison,
training and reloading a model, the Excel export, and each view drawn offscreen
with the bundled Devanagari font.

It sets the offscreen platform itself and points every folder a library might
write to (the app's data folder, Qt's and fontconfig's caches) into one temporary
folder, removed at the end: a researcher can run it without a display and without
touching their project.  Each step checks its own result; the first failure is
named and the exit status is 1.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A tiny loaded-language set (written for this self-test): a loaded wording and a
# neutral one per topic, in English and Hindi, enough for a quick grouped fit.
TINY_LOADED = [
    ("en", "rates", "The reckless central bank slammed families with a brutal rate hike.", ["loaded"]),
    ("en", "rates", "The central bank raised its policy rate by a quarter point on Tuesday.", []),
    ("en", "river", "Polluters are poisoning the river while officials look the other way.", ["loaded"]),
    ("en", "river", "Tests found higher nitrate levels in the river downstream of the plant.", []),
    ("en", "vote", "The opposition's shameless stunt hijacked the budget debate.", ["loaded"]),
    ("en", "vote", "Opposition members walked out during the budget debate.", []),
    ("hi", "rates", "लापरवाह केंद्रीय बैंक ने ब्याज दर बढ़ाकर परिवारों पर कहर ढा दिया।", ["loaded"]),
    ("hi", "rates", "केंद्रीय बैंक ने मंगलवार को नीतिगत दर में चौथाई अंक की बढ़ोतरी की।", []),
    ("hi", "river", "प्रदूषण माफिया नदी में ज़हर घोल रहा है और अफसर आंखें मूंदे बैठे हैं।", ["loaded"]),
    ("hi", "river", "जांच में संयंत्र के नीचे की ओर नदी में नाइट्रेट का स्तर अधिक पाया गया।", []),
    ("hi", "vote", "विपक्ष के शर्मनाक ड्रामे ने बजट बहस को बंधक बना लिया।", ["loaded"]),
    ("hi", "vote", "बजट बहस के दौरान विपक्ष के सदस्य सदन से बाहर चले गए।", []),
]

# An HTML page (written for this self-test) read through trafilatura and lxml.
TINY_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour ferry service resumes</title></head><body><article>
<h1>Harbour ferry service resumes</h1>
<p>The harbour ferry resumed its morning service on Monday after three weeks of repairs,
the port authority said in a statement.</p>
<p>About 2,000 passengers use the crossing every day, according to the operator, and
the authority said timetables would return to normal by the end of the month.</p>
</article></body></html>
"""


class SelftestFailure(Exception):
    """A step's result is not what a working installation produces."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SelftestFailure(message)


@dataclass
class Context:
    """What the steps hand on to each other; everything on disk lives under ``root``."""

    root: Path
    articles: list = field(default_factory=list)
    analyses: list = field(default_factory=list)
    dicts: list = field(default_factory=list)
    comparison: object = None
    comparison_dict: dict | None = None


def isolate(root: Path) -> None:
    """Offscreen Qt, and every folder a library might write to inside ``root``."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["PARALLAX_DATA_DIR"] = str(root / "data")
    os.environ["PARALLAX_NO_DIALOGS"] = "1"
    for var, sub in (
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "share"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        os.environ[var] = str(root / sub)
        (root / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("HOME", str(root / "home"))
    sys.dont_write_bytecode = True


# --- the steps --------------------------------------------------------------------------------


def step_sample(ctx: Context) -> str:
    from analysis.ingest import read_inputs
    from analysis.model import Article
    from analysis.samples import sample_paths

    paths = sample_paths()
    check(len(paths) >= 2, f"the sample story has {len(paths)} files (resources/samples/story missing?)")
    items = list(read_inputs([str(p) for p in paths]))
    ctx.articles = [a for a in items if isinstance(a, Article)]
    check(len(ctx.articles) == len(paths), f"{len(paths) - len(ctx.articles)} sample files could not be read")
    check(all(a.sample for a in ctx.articles), "a sample article is not marked as a sample")
    return f"{len(ctx.articles)} sample articles"


def step_html(ctx: Context) -> str:
    from analysis.ingest import read_inputs
    from analysis.language import detect_language
    from analysis.model import Article

    page = ctx.root / "ferry.html"
    page.write_text(TINY_HTML, encoding="utf-8")
    items = list(read_inputs([str(page)]))
    check(len(items) == 1 and isinstance(items[0], Article), f"the HTML page was not imported: {items}")
    text = items[0].text
    check("2,000 passengers" in text, "trafilatura did not extract the article body")
    lang = detect_language(text, None)
    check(lang.language == "en", f"language detected as {lang.language!r}, not 'en'")
    return f"{len(text)} characters, language {lang.language}"


# Features whose model may be absent from a build (the analysis then reports them as
# skipped): the shipped model folder each needs.
FEATURE_MODELS = {"attribution": "attribution", "framing": "framing", "loaded_language": "loaded"}


def _unshipped(skipped: list[dict], name: str) -> set[str]:
    """Tasks skipped because this build ships no model for them.  A skip whose model
    file *is* shipped means it failed to load (a type missing from the bundle, a
    damaged file): that fails the step."""
    from analysis.resources import resource_path

    absent = set()
    for s in skipped:
        task = FEATURE_MODELS.get(s["feature"])
        if task is None or resource_path("models", task, "model.skops").is_file():
            raise SelftestFailure(f"{name}: {s['feature']} skipped: {s['reason']}")
        absent.add(task)
    return absent


def step_analyze(ctx: Context) -> str:
    from analysis.pipeline import Settings, analyze_article
    from analysis.serialize import analysis_dict

    settings = Settings()
    ctx.analyses = [analyze_article(a, settings) for a in ctx.articles]
    ctx.dicts = [json.loads(json.dumps(analysis_dict(an), ensure_ascii=False)) for an in ctx.analyses]
    langs = {d["language"] for d in ctx.dicts}
    check({"hi", "en"} <= langs, f"sample languages detected as {sorted(langs)}, expected Hindi and English")
    absent: set[str] = set()
    for d in ctx.dicts:
        name = Path(d["path"] or d["id"]).name
        check(d["schema"] == "parallax.analysis/1", f"{name}: schema is {d['schema']!r}")
        check(bool(d["segments"]) and bool(d["sentences"]), f"{name}: no segments or sentences")
        absent |= _unshipped(d["skipped"], name)
        if "framing" not in absent:
            distribution = (d["frames"] or {}).get("distribution") or {}
            check(abs(sum(distribution.values()) - 1) < 1e-3, f"{name}: no frame distribution")
        unknown = sorted(k for k, v in d["provenance"]["libraries"].items() if v == "unknown")
        check(not unknown, f"{name}: library versions unknown (metadata missing): {', '.join(unknown)}")
        if d["language"] == "en":
            check(
                d["readability"].get("available") is not False,
                f"{name}: English readability unavailable: {d['readability']}",
            )
    if "attribution" not in absent:
        check(sum(len(d["attributions"]) for d in ctx.dicts) > 0, "no attribution found in the whole sample story")
    check(any(d["off_topic"] for d in ctx.dicts), "the inserted promo in the sample story was not flagged")
    detail = f"{len(ctx.dicts)} articles, {sum(len(d['attributions']) for d in ctx.dicts)} attributions"
    if absent:
        detail += f"; this build ships no model for: {', '.join(sorted(absent))}"
    return detail


def step_group(ctx: Context) -> str:
    from analysis.compare import group_articles

    groups = group_articles(ctx.analyses)
    members = sorted(i for g in groups for i in g)
    check(members == list(range(len(ctx.analyses))), f"grouping lost or repeated articles: {groups}")
    check(max(len(g) for g in groups) >= 2, "the sample story's articles were not grouped together")
    return f"{len(groups)} stor{'y' if len(groups) == 1 else 'ies'}"


def step_compare(ctx: Context) -> str:
    from analysis.compare import run_comparison
    from analysis.compare.cli import comparison_dict

    ctx.comparison = run_comparison(ctx.analyses)
    ctx.comparison_dict = json.loads(json.dumps(comparison_dict(ctx.comparison), ensure_ascii=False))
    n = len(ctx.analyses)
    check(len(ctx.comparison_dict["articles"]) == n, "the comparison lost articles")
    check(bool(ctx.comparison_dict["alignments"]), "no passage aligned across the sample story")
    check(len(ctx.comparison_dict["frame_divergence"]) == n, "the frame divergence matrix has the wrong size")
    return f"{len(ctx.comparison_dict['alignments'])} alignments, {len(ctx.comparison_dict['figures'])} figure groups"


def step_train(ctx: Context) -> str:
    from analysis.model import Article
    from analysis.pipeline import Settings, analyze_article
    from analysis.training.cli import train_to

    data = ctx.root / "tiny-loaded.jsonl"
    with open(data, "w", encoding="utf-8") as fh:
        for i, (lang, topic, text, labels) in enumerate(TINY_LOADED):
            row = {"id": f"st-{i}", "lang": lang, "topic": topic, "text": text, "labels": labels}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    models = ctx.root / "models"
    card = train_to("loaded", str(data), models / "loaded", quick=True)
    check((models / "loaded" / "model.skops").is_file(), "the trained model was not saved")
    check(card.get("n_examples") == len(TINY_LOADED), f"the card counts {card.get('n_examples')} examples")
    again = analyze_article(Article(text=TINY_LOADED[0][2]), Settings(model_dir=str(models)))
    used = again.provenance["models"]["loaded"]["id"]
    check(used == card["id"], f"the analysis used model {used}, not the one just trained ({card['id']})")
    return f"model {card['id']} trained and reloaded"


def step_export(ctx: Context) -> str:
    from openpyxl import load_workbook

    from analysis.export import write_workbook

    out = ctx.root / "export.xlsx"
    write_workbook(ctx.dicts, out, comparison=ctx.comparison_dict)
    wb = load_workbook(out, read_only=True)
    try:
        names = wb.sheetnames
        check({"Summary", "Provenance"} <= set(names), f"the workbook lacks the Summary or Provenance sheet ({names})")
        rows = sum(1 for _ in wb["Summary"].iter_rows(min_row=2))
    finally:
        wb.close()
    check(rows >= len(ctx.dicts), f"the Summary sheet has {rows} rows for {len(ctx.dicts)} articles")
    return f"{len(names)} sheets, {out.stat().st_size // 1024} KiB"


def step_views(ctx: Context) -> str:
    from desktop import tasks
    from desktop.app import make_app
    from desktop.main_window import VIEWS, MainWindow
    from desktop.theme import UI_FAMILY, register_fonts

    app = make_app(offscreen=True)
    check(UI_FAMILY in register_fonts(), f"the bundled font '{UI_FAMILY}' was not registered")
    win = MainWindow(store_path=None, remember=False)
    win.resize(1280, 800)
    win.present(
        ctx.analyses,
        tasks.ComparisonResult(ctx.comparison),
        tasks.frame_names("policy_frames"),
        "Sample story (SAMPLE)",
    )
    win.show()
    sizes = []
    try:
        for i, view in enumerate(VIEWS):
            win.tabs.setCurrentIndex(i)
            for _ in range(5):
                app.processEvents()
            image = win.grab().toImage()
            check(not image.isNull() and image.width() > 200, f"the {view} view did not render")
            colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)}
            check(len(colours) > 8, f"the {view} view rendered blank ({len(colours)} colours)")
            path = ctx.root / f"view-{view}.png"
            check(image.save(str(path)), f"the {view} view could not be saved as PNG")
            sizes.append(f"{view} {image.width()}x{image.height()}")
    finally:
        win.close()
        app.processEvents()
    return ", ".join(sizes)


def step_collation(ctx: Context) -> str:
    """Sorting through Qt uses ICU's collation data (trimmed in the Linux bundle to
    the languages the app handles): a wrong or missing table falls back to code-point
    order, which these pairs tell apart."""
    from PySide6.QtCore import QCollator, QLocale

    from desktop.app import make_app

    make_app(offscreen=True)
    en = QCollator(QLocale("en_US"))
    check(en.compare("apple", "Banana") < 0, "English collation sorts by code point ('apple' after 'Banana')")
    hi = QCollator(QLocale("hi_IN"))
    # क़ (U+0958, nukta letter) sorts with क, before ख (U+0916), unlike code points.
    check(hi.compare("\u0958", "\u0916") < 0, "Hindi collation sorts by code point (क़ after ख)")
    check(hi.compare("कमल", "कमला") < 0 and hi.compare("ख", "क") > 0, "Hindi collation misorders simple words")
    return "English and Hindi sort orders"


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("sample", step_sample),
    ("html", step_html),
    ("analyze", step_analyze),
    ("group", step_group),
    ("compare", step_compare),
    ("train", step_train),
    ("export", step_export),
    ("views", step_views),
    ("collate", step_collation),
]


def run_steps(ctx: Context, out=None) -> str | None:
    """Run every step; print one line each.  Returns the failed step's name or None."""
    out = out or sys.stdout
    for name, fn in STEPS:
        t0 = time.perf_counter()
        try:
            detail = fn(ctx)
        except Exception as exc:  # any exception is a failed step, named, never a traceback
            reason = str(exc) if isinstance(exc, SelftestFailure) else f"{exc.__class__.__name__}: {exc}"
            print(f"FAIL {name:<8} {reason}", file=out, flush=True)
            return name
        print(f"ok   {name:<8} {time.perf_counter() - t0:6.2f} s  {detail}", file=out, flush=True)
    return None


def run_selftest(keep: bool = False) -> int:
    """Entry point of ``parallax --selftest``: 0 when every step passed, 1 otherwise."""
    from analysis import __version__

    t0 = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="parallax-selftest-"))
    isolate(root)
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(f"Parallax {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})", flush=True)
    try:
        failed = run_steps(Context(root))
    finally:
        if keep or os.environ.get("PARALLAX_SELFTEST_KEEP"):
            print(f"files kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    took = time.perf_counter() - t0
    if failed:
        print(f"selftest FAILED at step '{failed}' after {took:.1f} s", file=sys.stderr, flush=True)
        return 1
    print(f"selftest passed: {len(STEPS)} steps in {took:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run_selftest())
