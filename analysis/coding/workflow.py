"""The coding actions of the desktop app as plain functions over the project store.

Each function opens its own store connection (jobs run on pool threads, and SQLite
connections belong to the thread that made them), takes ``progress(fraction,
message)`` like every long core function, and returns values.  Tests call them
without Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from analysis.coding.codings import MODEL_CODER, Coding, CodingStore, Op
from analysis.coding.train_export import TrainExport, coder_rows, write_rows
from analysis.model import Analysis, Article

Progress = Callable[[float, str], None]


def _noop(fraction: float, message: str = "") -> None:
    return None


def load_codings(
    store_path, article_id: str | None = None, coder: str | None = None, progress: Progress = _noop
) -> list[Coding]:
    with CodingStore.open(store_path) as cs:
        return cs.codings(article_id=article_id, coder=coder)


def save_codings(store_path, ops: Sequence[Op], progress: Progress = _noop) -> int:
    """Autosave: apply a session's queued changes in one transaction."""
    with CodingStore.open(store_path) as cs:
        return cs.save(ops)


def coders(store_path, progress: Progress = _noop) -> list[str]:
    with CodingStore.open(store_path) as cs:
        return cs.coders()


def _articles(cs: CodingStore, ids: Iterable[str]) -> dict[str, Article]:
    out = {}
    for aid in ids:
        a = cs.store.article(aid)
        if a is not None:
            out[aid] = a
    return out


def coder_export(store_path, task: str, coder: str, analyses: Mapping[str, Analysis] | None = None) -> TrainExport:
    """One coder's codings of ``task`` as training rows (texts from the store)."""
    with CodingStore.open(store_path) as cs:
        codings = cs.codings(coder=coder, task=task)
        arts = _articles(cs, {c.article_id for c in codings})
    return coder_rows(task, codings, arts, analyses)


def write_coder_data(
    store_path,
    task: str,
    coder: str,
    path: str | Path,
    analyses: Mapping[str, Analysis] | None = None,
    progress: Progress = _noop,
) -> Path:
    ex = coder_export(store_path, task, coder, analyses)
    return write_rows(ex.rows, path)


def agreement_report(
    store_path,
    task: str,
    coder_a: str,
    coder_b: str,
    analyses: Mapping[str, Analysis] | None = None,
    model_dir: str | None = None,
    seed: int = 0,
    n_boot: int = 1000,
    progress: Progress = _noop,
) -> dict:
    """Agreement of two coders in the store, or of a coder and the model (``"model"``)."""
    from analysis.coding.agree_tasks import AgreementError, agree
    from analysis.coding.model_coder import model_rows

    if coder_a == coder_b:
        raise AgreementError("choose two different coders")
    rows: dict[str, list[dict]] = {}
    for side, who in (("a", coder_a), ("b", coder_b)):
        if who != MODEL_CODER:
            rows[side] = coder_export(store_path, task, who, analyses).rows
            if not rows[side]:
                raise AgreementError(f"{who} has not coded any text for {task}")
    progress(0.3, "codings read")
    if MODEL_CODER in (coder_a, coder_b):
        human = "b" if coder_a == MODEL_CODER else "a"
        coded, info = model_rows(task, rows[human], model_dir)
        rows["a" if human == "b" else "b"] = coded
    progress(0.7, "computing agreement")
    report = agree(task, rows["a"], rows["b"], coder_a, coder_b, n_boot=n_boot, seed=seed)
    if MODEL_CODER in (coder_a, coder_b):
        report["model"] = info
    return report


def retrain_from_codings(
    store_path,
    task: str,
    coder: str,
    analyses: Mapping[str, Analysis] | None = None,
    include_shipped: bool = True,
    quick: bool = False,
    model_dir: str | None = None,
    out_root: str | Path | None = None,
    progress: Progress = _noop,
):
    """ "Retrain from my codings": a new model in the user data directory."""
    from analysis.coding.retrain import retrain

    rows = coder_export(store_path, task, coder, analyses).rows
    progress(0.05, f"{len(rows)} coded examples")

    def sub(f: float, m: str = "") -> None:
        progress(0.05 + 0.95 * f, m)

    return retrain(task, rows, include_shipped, out_root, quick, model_dir, sub)


def suggestion_queue(
    analyses: Sequence[Analysis],
    store_path,
    coder: str,
    model_dir: str | None = None,
    codebook: str = "policy_frames",
    limit: int = 25,
    progress: Progress = _noop,
):
    """The least certain segments of ``analyses`` that ``coder`` has not coded yet."""
    from analysis.coding.active import least_certain
    from analysis.models import ModelSet

    with CodingStore.open(store_path) as cs:
        mine = cs.codings(coder=coder)
    models = ModelSet.load(model_dir, codebook)
    return least_certain(analyses, codings=mine, models=models, limit=limit)


def export_coding_workbook(
    path: str | Path,
    analyses: Sequence[Analysis],
    codings: Sequence[Coding],
    agreements: Sequence[dict] = (),
    coder: str | None = None,
    models=None,
    progress: Progress = _noop,
) -> Path:
    """The export workbook with the coder's codings applied to every score
    (``coded_by`` says which), plus the Codings, Coded items, Agreement and
    Disagreements sheets."""
    from analysis.coding.overrides import apply_codings, coded_dict
    from analysis.export import ExportOptions, write_workbook
    from analysis.export.coding_tables import CodingExport
    from analysis.serialize import analysis_dict

    dicts = []
    for i, a in enumerate(analyses):
        progress(0.5 * i / max(1, len(analyses)), f"applying codings {i + 1}/{len(analyses)}")
        mine = [c for c in codings if c.article_id == a.id and (coder is None or c.coder == coder)]
        dicts.append(coded_dict(apply_codings(a, mine, models=models, coder=coder)) if mine else analysis_dict(a))
    opts = ExportOptions(settings={"command": "coding export", "coder": coder or "all"})

    def sub(f: float, m: str = "") -> None:
        progress(0.5 + 0.5 * f, m)

    return Path(
        write_workbook(dicts, path, options=opts, progress=sub, coding=CodingExport(list(codings), list(agreements)))
    )
