#!/usr/bin/env python3
"""KL of salience's t-SNE against openTSNE on the same rows (issue 18, `make scale`).

Reads the exported vocab rows (`salience export --representation vocab --out X.npz`, unit-length
sparse rows) and salience's map of the same slice (`salience map --format json`), then:
1. one shared P: exact 90 nearest neighbours by cosine (sparse products in chunks of 2,000 query
   rows; rows sharing no column are at distance 2) and openTSNE's perplexity-30 joint
   probabilities on them (`joint_probabilities_nn`, pair-wise normalisation, symmetrised);
2. openTSNE 1.0.4 on that P (its defaults: early exaggeration 12 for 250 iterations, then 500
   iterations, FFT interpolation), initialised with the first two principal directions of the
   rows (TruncatedSVD), scaled to standard deviation 1e-4 as openTSNE does;
3. the exact KL(P || Q) of both final embeddings: Q's normaliser Z summed over all N² pairs in
   chunks (float64), the P-weighted terms over P's non-zeros.
Prints one line per tool with seconds (openTSNE) and exact KL.
"""
import argparse
import json
import os
import time

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(variable, "2")

import numpy as np  # noqa: E402
import scipy.sparse  # noqa: E402


def exact_neighbors(X, count, chunk=2000):
    """Indices and squared Euclidean distances (= 2 - 2 cos for unit rows) of the `count` nearest rows."""
    n = X.shape[0]
    XT = X.T.tocsc()
    indices = np.empty((n, count), dtype=np.int64)
    distances = np.empty((n, count), dtype=np.float64)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        similarity = (X[start:stop] @ XT).tocsr()
        for row in range(stop - start):
            begin, end = similarity.indptr[row], similarity.indptr[row + 1]
            columns, values = similarity.indices[begin:end], similarity.data[begin:end]
            keep = columns != start + row
            columns, values = columns[keep], values[keep]
            if len(columns) < count:  # pad with rows sharing no column (cosine 0)
                others = np.setdiff1d(np.arange(min(n, count + len(columns) + 1)), np.append(columns, start + row))[:count - len(columns)]
                columns = np.concatenate([columns, others])
                values = np.concatenate([values, np.zeros(len(others))])
            order = np.argpartition(-values, count - 1)[:count]
            order = order[np.argsort(-values[order], kind="stable")]
            indices[start + row] = columns[order]
            distances[start + row] = np.maximum(2 - 2 * values[order], 0)
    return indices, distances


def exact_kl(P, embedding, chunk=1000):
    """KL(P || Q) with Q the Student-t affinities of the embedding, Z summed over all pairs."""
    y = np.asarray(embedding, dtype=np.float64)
    norms = (y ** 2).sum(1)
    total = 0.0
    for start in range(0, y.shape[0], chunk):
        block = y[start:start + chunk]
        squared = norms[start:start + chunk, None] + norms[None, :] - 2 * block @ y.T
        total += (1.0 / (1.0 + np.maximum(squared, 0))).sum() - block.shape[0]
    P = P.tocoo()
    rows, columns, p = P.row, P.col, P.data
    distances = ((y[rows] - y[columns]) ** 2).sum(1)
    return float((p * (np.log(p) + np.log1p(distances))).sum() + p.sum() * np.log(total))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vocab", required=True)
    parser.add_argument("--map", required=True)
    parser.add_argument("--perplexity", type=float, default=30)
    args = parser.parse_args()
    import openTSNE
    from openTSNE.affinity import joint_probabilities_nn
    from sklearn.decomposition import TruncatedSVD

    X = scipy.sparse.load_npz(args.vocab).tocsr().astype(np.float64)
    ids = [str(i) for i in np.load(args.vocab)["ids"]]
    points = {point["id"]: (point["x"], point["y"]) for point in json.load(open(args.map))["points"]}
    ours = np.array([points[i] for i in ids])
    start = time.time()
    neighbors, distances = exact_neighbors(X, int(3 * args.perplexity))
    P = joint_probabilities_nn(neighbors, distances, [args.perplexity], symmetrize=True, normalization="pair-wise", n_jobs=2)
    print(f"shared P (exact 90-NN, perplexity {args.perplexity:g}) over {X.shape[0]} rows in {time.time() - start:.1f} s", flush=True)

    class Shared(openTSNE.affinity.Affinities):
        def __init__(self):
            super().__init__(verbose=False)
            self.P = P

    initial = TruncatedSVD(n_components=2, random_state=0).fit_transform(X)
    initial = initial / np.std(initial[:, 0]) * 1e-4
    start = time.time()
    theirs = openTSNE.TSNE(n_jobs=2, random_state=0, perplexity=args.perplexity).fit(affinities=Shared(), initialization=initial)
    seconds = time.time() - start
    print(f"openTSNE {openTSNE.__version__}: {seconds:.1f} s on the shared P, exact KL {exact_kl(P, np.asarray(theirs)):.4f}", flush=True)
    print(f"salience (its own P): exact KL against the shared P {exact_kl(P, ours):.4f}", flush=True)


if __name__ == "__main__":
    main()
