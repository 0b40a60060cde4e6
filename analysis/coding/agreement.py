"""Agreement between two coders: percent agreement, Cohen's kappa and Krippendorff's
alpha (nominal), each with a seeded bootstrap 95% interval.

Everything is computed from contingency tables: ``C[i, j]`` counts the units coder A
put in category i and coder B in category j.  For two coders and no missing values
(every unit here has a value from both; an unmatched span counts as "none" for the
coder who did not mark it):

- percent agreement  p_o = trace(C) / N
- Cohen's kappa      (p_o - p_e) / (1 - p_e),  p_e = sum_c rowsum_c * colsum_c / N^2
- Krippendorff's alpha (nominal) from the coincidence matrix O = C + C^T, with
  n = 2N pairable values and n_c = rowsum_c(O):
  alpha = 1 - (n - 1) * (n - trace(O)) / (n^2 - sum_c n_c^2)

A statistic is undefined (None) when its denominator is zero: kappa and alpha when
both coders used a single category for every unit (agreement is then perfect, but
there is no variation to tell it from chance).

The bootstrap resamples *texts* (clusters) with replacement, not single units,
because the units of one text (its labels, its spans) are not independent.  The
interval is the 2.5th-97.5th percentile of the replicates in which the statistic is
defined; the same seed gives the same interval.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

N_BOOT = 1000
LEVEL = 0.95


@dataclass(frozen=True)
class Units:
    """Paired nominal values of two coders, grouped by the text (cluster) they belong to."""

    categories: tuple[Hashable, ...]
    tables: np.ndarray  # clusters x K x K counts

    @staticmethod
    def from_pairs(
        pairs: Sequence[tuple[Hashable, Hashable, Hashable]], categories: Sequence[Hashable] | None = None
    ) -> Units:
        """``pairs`` = ``[(cluster, value_a, value_b), ...]``."""
        cats = list(categories) if categories is not None else []
        if categories is None:
            for _, a, b in pairs:
                for v in (a, b):
                    if v not in cats:
                        cats.append(v)
        index = {c: i for i, c in enumerate(cats)}
        clusters: dict[Hashable, int] = {}
        for cl, _, _ in pairs:
            clusters.setdefault(cl, len(clusters))
        t = np.zeros((len(clusters), len(cats), len(cats)), dtype=float)
        for cl, a, b in pairs:
            t[clusters[cl], index[a], index[b]] += 1
        return Units(tuple(cats), t)

    @staticmethod
    def weighted(categories: Sequence[Hashable], tables: np.ndarray) -> Units:
        return Units(tuple(categories), np.asarray(tables, dtype=float))

    @property
    def n(self) -> float:
        return float(self.tables.sum())

    def table(self) -> np.ndarray:
        return self.tables.sum(axis=0) if len(self.tables) else np.zeros((len(self.categories),) * 2)


# --- the three statistics on (a stack of) contingency tables ------------------------------


def _stats(C: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Percent agreement, kappa and alpha of each table in ``C`` (... x K x K); NaN
    where undefined."""
    N = C.sum(axis=(-2, -1))
    tr = np.trace(C, axis1=-2, axis2=-1)
    rows = C.sum(axis=-1)
    cols = C.sum(axis=-2)
    with np.errstate(divide="ignore", invalid="ignore"):
        po = np.where(N > 0, tr / N, np.nan)
        pe = np.where(N > 0, (rows * cols).sum(axis=-1) / N**2, np.nan)
        kappa = np.where(np.isclose(pe, 1.0) | (N == 0), np.nan, (po - pe) / (1.0 - pe))
        n = 2.0 * N
        nc = rows + cols
        de = n**2 - (nc**2).sum(axis=-1)
        alpha = np.where((de <= 1e-12) | (N == 0), np.nan, 1.0 - (n - 1.0) * (n - 2.0 * tr) / de)
    return po, kappa, alpha


def _value(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 4)


def percent_agreement(units: Units) -> float | None:
    return _value(_stats(units.table())[0])


def cohen_kappa(units: Units) -> float | None:
    return _value(_stats(units.table())[1])


def krippendorff_alpha(units: Units) -> float | None:
    """Nominal alpha for two coders without missing values."""
    return _value(_stats(units.table())[2])


def bootstrap(
    units: Units, n_boot: int = N_BOOT, seed: int = 0, level: float = LEVEL
) -> dict[str, tuple[float | None, float | None]]:
    """Percentile intervals of the three statistics over ``n_boot`` resamples of the
    clusters (texts).  Same ``seed``, same intervals."""
    k = len(units.tables)
    if k == 0 or n_boot <= 0:
        return {"percent_agreement": (None, None), "cohen_kappa": (None, None), "krippendorff_alpha": (None, None)}
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, k, size=(n_boot, k))
    weights = np.zeros((n_boot, k))
    np.add.at(weights, (np.repeat(np.arange(n_boot), k), draws.ravel()), 1.0)
    flat = units.tables.reshape(k, -1)
    tables = (weights @ flat).reshape(n_boot, *units.tables.shape[1:])
    lo_q, hi_q = 100 * (1 - level) / 2, 100 * (1 + level) / 2
    out = {}
    for name, vals in zip(("percent_agreement", "cohen_kappa", "krippendorff_alpha"), _stats(tables)):
        ok = vals[np.isfinite(vals)]
        out[name] = (None, None) if len(ok) == 0 else (_value(np.percentile(ok, lo_q)), _value(np.percentile(ok, hi_q)))
    return out


def measures(units: Units, n_boot: int = N_BOOT, seed: int = 0) -> dict:
    """The three statistics with their intervals, as the agreement report writes them."""
    po, kappa, alpha = _stats(units.table())
    ci = bootstrap(units, n_boot, seed)
    out = {"units": int(round(units.n)) if float(units.n).is_integer() else round(units.n, 4)}
    for name, v in (("percent_agreement", po), ("cohen_kappa", kappa), ("krippendorff_alpha", alpha)):
        out[name] = {"value": _value(v), "ci95": list(ci[name])}
    if out["cohen_kappa"]["value"] is None and units.n > 0:
        out["note"] = "kappa and alpha are undefined: both coders used one category for every unit"
    return out


def binarised(units: Units, category: Hashable) -> Units:
    """The same units seen as "is ``category``" versus "is anything else"."""
    i = units.categories.index(category)
    t = units.tables
    yes_yes = t[:, i, i]
    yes_no = t[:, i, :].sum(axis=1) - yes_yes
    no_yes = t[:, :, i].sum(axis=1) - yes_yes
    no_no = t.sum(axis=(1, 2)) - yes_yes - yes_no - no_yes
    stacked = np.stack([np.stack([yes_yes, yes_no], axis=-1), np.stack([no_yes, no_no], axis=-1)], axis=-2)
    return Units((True, False), stacked)


def collapsed(units: Units, keep: Hashable, other: Hashable = "present") -> Units:
    """Merge every category but ``keep`` into ``other`` (e.g. any kind -> present)."""
    cats = list(units.categories)
    target = [keep if c == keep else other for c in cats]
    new = [keep, other] if keep in cats else [other]
    idx = [new.index(t) for t in target]
    k = len(units.tables)
    out = np.zeros((k, len(new), len(new)))
    for i, ti in enumerate(idx):
        for j, tj in enumerate(idx):
            out[:, ti, tj] += units.tables[:, i, j]
    return Units(tuple(new), out)


def pooled(parts: Sequence[Units]) -> Units:
    """Binary units of several labels taken together (same clusters, same order)."""
    tables = sum(p.tables for p in parts)
    return Units(parts[0].categories, tables)
