#!/usr/bin/env python3
"""Writes Tests/AnalysisTests/Fixtures/tsne-reference.json: golden values for PCA, t-SNE's
affinities, KL divergence and gradient, and trustworthiness, from scikit-learn.

* `pca`, `pcaWide`: PCA(n_components=2, svd_solver="full").fit_transform on a tall (30 x 6) and a
  wide (8 x 20) matrix; scikit-learn orients each axis so its largest-magnitude entry is positive.
* `affinities`: the exact joint P of scikit-learn's TSNE (`_joint_probabilities`, perplexity 10)
  on the squared Euclidean distances of the rows scaled to unit length, as a full 40 x 40 matrix.
* `kl`: `_kl_divergence` (the exact objective and its gradient, factor 4 included) of that P at a
  random 40 x 2 embedding.
* `trustworthiness`: sklearn.manifold.trustworthiness(X, Y, n_neighbors=5).

`_joint_probabilities` and `_kl_divergence` are private scikit-learn functions; this script was
run with numpy 2.4.6, scipy 1.17.1 and scikit-learn 1.7.2.
Run: .venv/bin/python scripts/tsne_reference.py (`make reference-tools` makes .venv)
"""
import json
import pathlib

import numpy as np
from scipy.spatial.distance import squareform
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.manifold._t_sne import _joint_probabilities, _kl_divergence
from sklearn.metrics import pairwise_distances

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/AnalysisTests/Fixtures/tsne-reference.json"


def floats(array):
    return [float(v) for v in np.asarray(array, dtype=np.float64).ravel()]


def pca_case(matrix):
    scores = PCA(n_components=2, svd_solver="full").fit_transform(matrix.astype(np.float64))
    return {"rowCount": matrix.shape[0], "columnCount": matrix.shape[1], "values": floats(matrix), "scores": floats(scores)}


def main():
    rng = np.random.default_rng(7)
    tall = (rng.normal(size=(30, 6)) * np.array([3.0, 2.0, 1.0, 0.5, 0.3, 0.1])).astype(np.float32)
    wide = rng.normal(size=(8, 20)).astype(np.float32)

    # Three loose clusters in 5-D, rows scaled to unit length as salience's t-SNE does.
    centers = rng.normal(size=(3, 5)) * 2
    data = (centers[np.arange(40) % 3] + rng.normal(size=(40, 5))).astype(np.float32)
    unit = data.astype(np.float64) / np.linalg.norm(data.astype(np.float64), axis=1, keepdims=True)
    distances = pairwise_distances(unit, metric="euclidean", squared=True)
    condensed = _joint_probabilities(distances, 10.0, 0)
    embedding = rng.normal(size=(40, 2)) * 3
    kl, gradient = _kl_divergence(embedding.ravel(), condensed, 1, 40, 2)

    near = unit[:, :2] + rng.normal(size=(40, 2)) * 0.3
    fixture = {
        "pca": pca_case(tall),
        "pcaWide": pca_case(wide),
        "affinities": {
            "rowCount": 40, "columnCount": 5, "perplexity": 10.0,
            "values": floats(data), "probabilities": floats(squareform(condensed)),
        },
        "kl": {"embedding": floats(embedding), "divergence": float(kl), "gradient": floats(gradient)},
        "trustworthiness": {
            "neighborCount": 5, "embedded": floats(near),
            "value": float(trustworthiness(unit, near, n_neighbors=5)),
        },
    }
    OUTPUT.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
