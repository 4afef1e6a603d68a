#!/usr/bin/env python3
"""Writes Tests/AnalysisTests/Fixtures/neighbors-cosine.json: golden cosine neighbours.

The fixture holds a small sparse matrix (CSR arrays) and a small dense matrix, and for each
the neighbours scikit-learn's brute-force cosine search returns:

* `self`: NearestNeighbors(metric="cosine", algorithm="brute").fit(X).kneighbors(n_neighbors=k)
  (no query argument, so every row's own index is left out), and
* `split`: the first `queryCount` rows queried against the remaining rows as the pool.

Similarity is 1 - cosine distance. The data are drawn so that no two of a row's k + 1 best
similarities are within 1e-4 of each other, because scikit-learn breaks ties in no
particular order while `salience` breaks them by the lower row.

Relies on numpy, scipy and scikit-learn (tested with numpy 2.4.6, scipy 1.17.1,
scikit-learn 1.7.2). Run: .venv/bin/python scripts/neighbors_reference.py (`make reference-tools` makes .venv)
"""
import json
import pathlib

import numpy as np
import scipy.sparse as sp
from sklearn.neighbors import NearestNeighbors

K = 5
OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/AnalysisTests/Fixtures/neighbors-cosine.json"


def neighbours(pool, queries, k):
    model = NearestNeighbors(metric="cosine", algorithm="brute").fit(pool)
    if queries is None:
        distances, indices = model.kneighbors(n_neighbors=k)
    else:
        distances, indices = model.kneighbors(queries, n_neighbors=k)
    return indices.tolist(), (1.0 - distances).tolist()


def has_near_ties(pool, queries, k, exclude_self):
    """True if any row's k + 1 best similarities include two within 1e-4."""
    dense_pool = pool.toarray() if sp.issparse(pool) else pool
    dense_queries = dense_pool if queries is None else (queries.toarray() if sp.issparse(queries) else queries)
    a = dense_queries / np.linalg.norm(dense_queries, axis=1, keepdims=True)
    b = dense_pool / np.linalg.norm(dense_pool, axis=1, keepdims=True)
    similarity = a @ b.T
    if exclude_self:
        np.fill_diagonal(similarity, -np.inf)
    best = -np.sort(-similarity, axis=1)[:, : k + 1]
    return bool(np.any(np.abs(np.diff(best, axis=1)) < 1e-4))


def sparse_case(rng):
    while True:
        rows, columns, per_row = 60, 24, 8
        data, indices, indptr = [], [], [0]
        for _ in range(rows):
            chosen = np.sort(rng.choice(columns, size=per_row, replace=False))
            values = rng.uniform(-0.5, 1.0, size=per_row)
            indices.extend(int(c) for c in chosen)
            data.extend(float(np.float32(v)) for v in values)
            indptr.append(len(data))
        matrix = sp.csr_matrix((np.array(data, dtype=np.float32), indices, indptr), shape=(rows, columns))
        queries, pool = matrix[:10], matrix[10:]
        if not has_near_ties(matrix, None, K, True) and not has_near_ties(pool, queries, K, False):
            return matrix, queries, pool


def dense_case(rng):
    while True:
        matrix = rng.normal(size=(50, 12)).astype(np.float32)
        queries, pool = matrix[:10], matrix[10:]
        if not has_near_ties(matrix, None, K, True) and not has_near_ties(pool, queries, K, False):
            return matrix, queries, pool


def main():
    rng = np.random.default_rng(20240611)
    sparse, sparse_queries, sparse_pool = sparse_case(rng)
    dense, dense_queries, dense_pool = dense_case(rng)
    self_sparse = neighbours(sparse, None, K)
    split_sparse = neighbours(sparse_pool, sparse_queries, K)
    self_dense = neighbours(dense, None, K)
    split_dense = neighbours(dense_pool, dense_queries, K)
    fixture = {
        "count": K,
        "queryCount": 10,
        "sparse": {
            "rowCount": sparse.shape[0],
            "columnCount": sparse.shape[1],
            "rowOffsets": sparse.indptr.tolist(),
            "columnIndices": sparse.indices.tolist(),
            "values": sparse.data.tolist(),
            "selfIndices": self_sparse[0],
            "selfSimilarities": self_sparse[1],
            "splitIndices": split_sparse[0],
            "splitSimilarities": split_sparse[1],
        },
        "dense": {
            "rowCount": dense.shape[0],
            "columnCount": dense.shape[1],
            "values": dense.ravel().tolist(),
            "selfIndices": self_dense[0],
            "selfSimilarities": self_dense[1],
            "splitIndices": split_dense[0],
            "splitSimilarities": split_dense[1],
        },
    }
    OUTPUT.write_text(json.dumps(fixture, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
