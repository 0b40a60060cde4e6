"""Fast prediction for a fitted binary ``HistGradientBoostingClassifier`` on small batches.

scikit-learn walks its trees one at a time, a call into compiled code per tree: for the
few dozen sentences of one article and a few hundred trees that loop is most of the cost.
:class:`FlatTrees` puts every node of every tree into flat arrays and moves all rows
through all trees together, one NumPy step per tree level.  It gives the same
probabilities (tests compare them); rows with missing values or models with categorical
splits go to scikit-learn's own code.
"""

from __future__ import annotations

import weakref

import numpy as np

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class FlatTrees:
    def __init__(self, clf) -> None:
        if getattr(clf, "n_trees_per_iteration_", None) != 1:
            raise ValueError("only binary classifiers are flattened")
        # deepest trees first: at level d only the first ``active[d]`` trees still move
        trees = sorted((it[0].nodes for it in clf._predictors), key=lambda t: -int(t["depth"].max()))
        sizes = np.array([len(t) for t in trees])
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        nodes = np.concatenate(trees)
        self.categorical = bool(nodes["is_categorical"].any())
        self.roots = offsets.astype(np.intp)
        n = len(nodes)
        tree_of = np.repeat(offsets, sizes)
        leaf = nodes["is_leaf"].astype(bool)
        self.feature = np.where(leaf, 0, nodes["feature_idx"]).astype(np.intp)
        # a leaf compares against +inf and stays where it is
        self.threshold = np.where(leaf, np.inf, nodes["num_threshold"]).astype(float)
        left = np.where(leaf, np.arange(n), nodes["left"] + tree_of)
        right = np.where(leaf, np.arange(n), nodes["right"] + tree_of)
        # child of node k: children[2k] when x <= threshold, children[2k + 1] otherwise
        self.children = np.empty(2 * n, dtype=np.intp)
        self.children[0::2] = left
        self.children[1::2] = right
        self.value = nodes["value"].astype(float)
        depths = np.array([int(t["depth"].max()) for t in trees])
        self.active = [int((depths > d).sum()) for d in range(int(depths.max()) if n else 0)]
        self.baseline = float(np.ravel(clf._baseline_prediction)[0])

    def raw(self, X: np.ndarray) -> np.ndarray:
        n, nf = X.shape
        flat_x = np.ascontiguousarray(X, dtype=float).ravel()
        row_base = (np.arange(n) * nf)[:, None]
        cur = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        for m in self.active:
            c = cur[:, :m]
            right = flat_x[row_base + self.feature[c]] > self.threshold[c]
            cur[:, :m] = self.children[2 * c + right]
        return self.baseline + self.value[cur].sum(axis=1)


def flat_trees(clf) -> FlatTrees:
    got = _CACHE.get(clf)
    if got is None:
        got = _CACHE[clf] = FlatTrees(clf)
    return got


def positive_proba(clf, X: np.ndarray) -> np.ndarray:
    """``clf.predict_proba(X)[:, 1]`` for a binary HistGradientBoostingClassifier."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or not len(X) or np.isnan(X).any():
        return clf.predict_proba(X)[:, 1]
    try:
        flat = flat_trees(clf)
    except (AttributeError, ValueError, KeyError):
        return clf.predict_proba(X)[:, 1]
    if flat.categorical or X.shape[1] != clf.n_features_in_:
        return clf.predict_proba(X)[:, 1]
    return 1.0 / (1.0 + np.exp(-flat.raw(X)))
