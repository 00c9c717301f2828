"""A gradient-boosted tree ensemble evaluated with NumPy: trained with LightGBM (scripts only),
shipped as plain arrays, so running it needs nothing beyond NumPy."""

from __future__ import annotations

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

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Probability of the positive class for each row."""
        count = rows.shape[0]
        if count == 0:
            return np.zeros(0)
        nodes = np.broadcast_to(self.roots, (count, len(self.roots))).copy()
        flat = np.ascontiguousarray(rows, dtype=np.float64).ravel()
        row_start = (np.arange(count) * rows.shape[1])[:, None]
        for _ in range(self.depth):
            feature = self.feature.take(nodes)
            internal = feature >= 0
            if not internal.any():
                break
            values = flat.take(row_start + np.maximum(feature, 0))
            child = np.where(values <= self.threshold.take(nodes), self.left.take(nodes),
                             self.right.take(nodes))
            nodes = np.where(internal, child, nodes)
        raw = self.value[nodes].sum(axis=1)
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
