"""Table models of the coding views, over the core's values (codings, agreement rows,
disagreements, queue suggestions).  Read-only, typed sort values, spans for rows
that stand for a passage; built on :class:`desktop.models.RecordTableModel`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.coding.active import Suggestion
from analysis.coding.codings import Coding
from desktop.models import Column, RecordTableModel

TASK_LABELS = {
    "offtopic": "Off-topic",
    "attribution": "Attribution",
    "framing": "Frames",
    "loaded": "Loaded language",
    "memo": "Memo",
}


def _when(t: float) -> str:
    return dt.datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M") if t else "—"


def _snippet(text: str, limit: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


@dataclass(frozen=True)
class CodingRow:
    coding: Coding
    text: str  # the article text


class CodingsModel(RecordTableModel):
    """The coder's codings of the article on screen."""

    columns = (
        Column("Task", lambda r: TASK_LABELS.get(r.coding.task, r.coding.task)),
        Column(
            "Span",
            lambda r: _snippet(r.text[r.coding.start : r.coding.end]) if r.coding.span else "(whole article)",
            lambda r: r.coding.start if r.coding.start is not None else -1,
            lambda r: r.text[r.coding.start : r.coding.end] if r.coding.span else "the whole article",
        ),
        Column("Coding", lambda r: r.coding.label()),
        Column("Memo", lambda r: _snippet(r.coding.memo or "") or "—", tip=lambda r: r.coding.memo or ""),
        Column("Changed", lambda r: _when(r.coding.modified_at), lambda r: r.coding.modified_at),
    )

    def set_codings(self, codings: Sequence[Coding], text: str) -> None:
        self.set_rows([CodingRow(c, text) for c in codings])

    def spans(self, r: CodingRow) -> tuple:
        return (r.coding.span,) if r.coding.span else ()


@dataclass(frozen=True)
class AgreementRow:
    scope: str
    label: str
    measures: dict


def _measure(name: str):
    def show(r: AgreementRow) -> str:
        m = r.measures.get(name) or {}
        v = m.get("value")
        if v is None:
            return "undefined"
        lo, hi = (m.get("ci95") or [None, None])[:2]
        ci = f"  [{lo:.2f}, {hi:.2f}]" if lo is not None and hi is not None else ""
        return f"{v:.2f}{ci}"

    def key(r: AgreementRow) -> float:
        v = (r.measures.get(name) or {}).get("value")
        return -9.0 if v is None else float(v)

    return Column(
        {"percent_agreement": "% agreement", "cohen_kappa": "Cohen's κ", "krippendorff_alpha": "Krippendorff's α"}[name]
        + "  [95% CI]",
        show,
        key,
    )


class AgreementModel(RecordTableModel):
    """One row per scope and label of an agreement report."""

    columns = (
        Column("Scope", lambda r: r.scope),
        Column("Label", lambda r: r.label or "—"),
        Column("Units", lambda r: str(r.measures.get("units", "—")), lambda r: r.measures.get("units") or 0),
        _measure("percent_agreement"),
        _measure("cohen_kappa"),
        _measure("krippendorff_alpha"),
        Column(
            "A / B positives",
            lambda r: (
                f"{r.measures['positives_a']} / {r.measures['positives_b']}" if "positives_a" in r.measures else "—"
            ),
        ),
    )

    def set_report(self, report: dict | None) -> None:
        rows: list[AgreementRow] = []
        if report:
            rows.append(AgreementRow("overall", "", report.get("overall") or {}))
            for name in ("presence", "characters"):
                if report.get(name):
                    rows.append(AgreementRow(name, "", report[name]))
            rows += [AgreementRow("per label", lab, m) for lab, m in (report.get("per_label") or {}).items()]
        self.set_rows(rows)


class DisagreementsModel(RecordTableModel):
    """Texts or spans the two coders coded differently, with both codings."""

    columns = (
        Column("Text", lambda r: str(r.get("id") or "—")),
        Column("Passage", lambda r: _snippet(r.get("text") or ""), tip=lambda r: r.get("text") or ""),
        Column("Coder A", lambda r: "; ".join(r.get("a") or []) or "(none)"),
        Column("Coder B", lambda r: "; ".join(r.get("b") or []) or "(none)"),
        Column("In dispute", lambda r: "; ".join(r.get("labels") or []) or "—"),
        Column("Kind", lambda r: r.get("kind") or "labels"),
    )

    def set_report(self, report: dict | None) -> None:
        self.set_rows(list((report or {}).get("disagreements") or []))


class SuggestionsModel(RecordTableModel):
    """The active-learning queue: least certain first."""

    columns = (
        Column("Uncertainty", lambda r: f"{r.uncertainty:.2f}", lambda r: r.uncertainty),
        Column("Task", lambda r: TASK_LABELS.get(r.task, r.task)),
        Column("Article", lambda r: r.article_id),
        Column("Why", lambda r: r.detail),
    )

    def set_suggestions(self, items: Sequence[Suggestion]) -> None:
        self.set_rows(list(items))

    def spans(self, r: Suggestion) -> tuple:
        return ((r.start, r.end),)


@dataclass(frozen=True)
class FigureRow:
    name: str
    old: float | None
    new: float | None


class FiguresCompareModel(RecordTableModel):
    """Cross-validated figures of the current and the retrained model side by side."""

    columns = (
        Column("Figure", lambda r: r.name),
        Column(
            "Current model",
            lambda r: "—" if r.old is None else f"{r.old:.4g}",
            lambda r: r.old if r.old is not None else -1,
        ),
        Column(
            "Retrained model",
            lambda r: "—" if r.new is None else f"{r.new:.4g}",
            lambda r: r.new if r.new is not None else -1,
        ),
        Column(
            "Change",
            lambda r: "—" if r.old is None or r.new is None else f"{r.new - r.old:+.4g}",
            lambda r: (r.new - r.old) if r.old is not None and r.new is not None else 0,
        ),
    )

    def set_figures(self, figures: Sequence[tuple[str, float | None, float | None]]) -> None:
        self.set_rows([FigureRow(n, o, w) for n, o, w in figures])
