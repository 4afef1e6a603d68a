#!/usr/bin/env python3
"""Reference values for the Swift k-means tests (Tests/AnalysisTests).

Builds two small seeded synthetic matrices, writes them as .npy fixtures, and records what
scikit-learn's KMeans does on them:

* ``sparse``: CSR, 2,000 rows x 3,000 columns, 5 non-zeros per row. Six "topics" each own a
  pool of 40 columns; a row takes 4 distinct columns from its topic's pool and 1 from the
  whole vocabulary (noise); values are log-normal, rows L2-normalised (like the salience
  vocabulary representation).
* ``dense``: 1,000 x 32 mixture of six Gaussians (means ~ N(0, 3^2), unit noise).

For each matrix and several k: the inertia of KMeans(n_clusters=k, n_init=10,
random_state=0) (the Swift fit must come within 1 %), and one deterministic run from fixed
initial centres (init=array, n_init=1), whose labels, inertia and iteration count the Swift
fit from the same centres must reproduce. The fixed centres are the first k rows for the
dense matrix; for the sparse one they are the means of k equal consecutive blocks of rows
(float64 sums, stored as float32): sparse rows as centres would share no column with most
rows, whose first assignment would then hinge on the rounding of near-equal centre norms.

Usage: python scripts/kmeans_reference.py [--out Tests/AnalysisTests/Fixtures]
Relies on numpy >= 1.26, scipy >= 1.11, scikit-learn 1.7.x (tested with 2.4.6 / 1.17.1 / 1.7.2).
"""
import argparse
import json
import pathlib

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.cluster import KMeans

SPARSE_CLUSTER_COUNTS = [3, 6, 8, 12]
DENSE_CLUSTER_COUNTS = [3, 6, 10]
FIXED_START_CLUSTER_COUNT = 6


def sparse_topics(rows=2000, columns=3000, topics=6, pool=40, per_row=5, seed=7):
    """Topic-structured sparse rows with unit norm; see the module docstring."""
    rng = np.random.default_rng(seed)
    pools = [rng.choice(columns, size=pool, replace=False) for _ in range(topics)]
    indptr, indices, data = [0], [], []
    for _ in range(rows):
        topic = rng.integers(topics)
        chosen = set(rng.choice(pools[topic], size=per_row - 1, replace=False).tolist())
        while len(chosen) < per_row:
            chosen.add(int(rng.integers(columns)))
        values = rng.lognormal(0.0, 0.5, size=per_row).astype(np.float32)
        values /= np.linalg.norm(values)
        indices.extend(sorted(chosen))
        data.extend(values.tolist())
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, np.float32), np.asarray(indices, np.int32), np.asarray(indptr, np.int32)),
        shape=(rows, columns),
    )


def gaussian_mixture(rows=1000, dimension=32, components=6, seed=11):
    """Rows drawn from a mixture of unit-variance Gaussians with spread-out means."""
    rng = np.random.default_rng(seed)
    means = rng.normal(0.0, 3.0, size=(components, dimension))
    labels = rng.integers(components, size=rows)
    return (means[labels] + rng.normal(0.0, 1.0, size=(rows, dimension))).astype(np.float32)


def block_means(matrix, k):
    """Mean of rows [j n / k, (j + 1) n / k) for each j, float64 sums, float32 result."""
    rows = matrix.shape[0]
    dense = matrix.toarray() if hasattr(matrix, "toarray") else matrix
    dense = np.asarray(dense, dtype=np.float64)
    return np.stack([dense[j * rows // k:(j + 1) * rows // k].mean(axis=0) for j in range(k)]).astype(np.float32)


def reference(matrix, cluster_counts):
    """scikit-learn's results on one matrix."""
    best_of_ten = {}
    for k in cluster_counts:
        model = KMeans(n_clusters=k, n_init=10, random_state=0).fit(matrix)
        best_of_ten[str(k)] = float(model.inertia_)
    k = FIXED_START_CLUSTER_COUNT
    initial = block_means(matrix, k) if sp.issparse(matrix) else matrix[:k]
    single = KMeans(n_clusters=k, init=initial, n_init=1).fit(matrix)
    return {
        "rows": int(matrix.shape[0]),
        "columns": int(matrix.shape[1]),
        "bestOfTenInertia": best_of_ten,
        "fixedStart": {
            "k": k,
            "inertia": float(single.inertia_),
            "iterationCount": int(single.n_iter_),
            "labels": [int(label) for label in single.labels_],
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = pathlib.Path(__file__).resolve().parent.parent
    parser.add_argument("--out", type=pathlib.Path, default=root / "Tests/AnalysisTests/Fixtures")
    arguments = parser.parse_args()
    out = arguments.out
    out.mkdir(parents=True, exist_ok=True)

    sparse = sparse_topics()
    dense = gaussian_mixture()
    np.save(out / "sparse_indptr.npy", sparse.indptr.astype(np.int32))
    np.save(out / "sparse_indices.npy", sparse.indices.astype(np.int32))
    np.save(out / "sparse_data.npy", sparse.data.astype(np.float32))
    np.save(out / "dense.npy", dense)

    document = {
        "generator": "scripts/kmeans_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "sparse": reference(sparse, SPARSE_CLUSTER_COUNTS),
        "dense": reference(dense, DENSE_CLUSTER_COUNTS),
    }
    with open(out / "kmeans_reference.json", "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")
    print(f"wrote fixtures to {out}")
    for name in ("sparse", "dense"):
        entry = document[name]
        print(name, entry["bestOfTenInertia"], "fixed start:", entry["fixedStart"]["inertia"],
              entry["fixedStart"]["iterationCount"], "iterations")


if __name__ == "__main__":
    main()
