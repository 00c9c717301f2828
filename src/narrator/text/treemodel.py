"""A gradient-boosted tree ensemble evaluated with NumPy: trained with LightGBM (scripts only),
shipped as plain arrays, so running it needs nothing beyond NumPy."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np


@dataclass
class TreeEnsemble:
    """Binary classifier: the sum of every tree's leaf, through the logistic function.

    Nodes of all trees sit in flat arrays; an internal node sends a row left when its feature
    is at most the threshold; a leaf has feature -1 and its value in `value`.
    """

    feature: np.ndarray  # int32, -1 for a leaf
    threshold: np.ndarray  # float64
    left: np.ndarray  # int32, index of the left child
    right: np.ndarray  # int32
    value: np.ndarray  # float64, a leaf's output
    roots: np.ndarray  # int32, each tree's first node
    depth: int

    @classmethod
    def from_arrays(cls, arrays: dict, prefix: str) -> TreeEnsemble:
        parts = {name: arrays[f"{prefix}_{name}"] for name in
                 ("feature", "threshold", "left", "right", "value", "roots")}
        return cls(**parts, depth=int(arrays[f"{prefix}_depth"]))

    def to_arrays(self, prefix: str) -> dict:
        return {f"{prefix}_{name}": getattr(self, name) for name in
                ("feature", "threshold", "left", "right", "value", "roots", "depth")}

    @functools.cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The nodes as the walk reads them: each node's feature (0 for a leaf), its threshold
        as the largest float32 at most the float64 one (so comparing float32 rows to it decides
        as comparing them to the float64 does; +inf for a leaf), and its children, right ones
        first then left ones (a leaf is its own child)."""
        leaf = self.feature < 0
        node = np.arange(len(self.feature), dtype=np.int32)
        threshold = self.threshold.astype(np.float32)
        over = threshold.astype(np.float64) > self.threshold
        threshold[over] = np.nextafter(threshold[over], np.float32(-np.inf))
        threshold[leaf] = np.inf
        children = np.concatenate([np.where(leaf, node, self.right),
                                   np.where(leaf, node, self.left)])
        return np.where(leaf, 0, self.feature).astype(np.int32), threshold, \
            children.astype(np.int32)

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Probability of the positive class for each row (rows are read as float32)."""
        count, width = rows.shape
        if count == 0:
            return np.zeros(0)
        feature, threshold, children = self._walk
        nodes = np.broadcast_to(self.roots.astype(np.int32), (count, len(self.roots))).copy()
        flat = np.ascontiguousarray(rows, dtype=np.float32).ravel()
        offsets = np.int32 if count * width < 2**31 else np.int64
        row_start = (np.arange(count, dtype=offsets) * width)[:, None]
        for _ in range(self.depth - 1):
            at = feature.take(nodes).astype(offsets, copy=False)
            at += row_start
            left = flat.take(at) <= threshold.take(nodes)
            nodes += len(feature) * left
            nodes = children.take(nodes)
        raw = self.value.take(nodes).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    @classmethod
    def from_lightgbm(cls, booster) -> TreeEnsemble:
        """The arrays of a trained LightGBM binary booster (numerical splits only)."""
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        depth = 0

        def add(node: dict, level: int) -> int:
            nonlocal depth
            depth = max(depth, level)
            at = len(feature)
            feature.append(-1), threshold.append(0.0), left.append(-1), right.append(-1)
            value.append(0.0)
            if "leaf_value" in node:
                value[at] = node["leaf_value"]
                return at
            assert node["decision_type"] == "<=", node["decision_type"]
            feature[at], threshold[at] = node["split_feature"], node["threshold"]
            left[at] = add(node["left_child"], level + 1)
            right[at] = add(node["right_child"], level + 1)
            return at

        for tree in booster.dump_model()["tree_info"]:
            roots.append(add(tree["tree_structure"], 0))
        return cls(np.array(feature, np.int32), np.array(threshold, np.float64),
                   np.array(left, np.int32), np.array(right, np.int32),
                   np.array(value, np.float64), np.array(roots, np.int32), depth + 1)
