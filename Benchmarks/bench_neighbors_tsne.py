#!/usr/bin/env python3
"""Nearest neighbours and t-SNE part of `make bench`: salience vs scikit-learn, faiss, openTSNE.

Subcommands (in this order; `salience-bench neighbors` and `salience-bench tsne` run between
`generate` and `report`):

  generate  --data DIR   write the seeded matrices (.npy), DIR/neighbors-tasks.json and
                         DIR/tsne-tasks.json
  reference --data DIR   time the reference tools with 2 threads and save their outputs:
                         * all-rows 10-NN, cosine: sklearn NearestNeighbors(metric="cosine",
                           algorithm="brute") on the sparse and the dense matrix, faiss
                           IndexFlatIP on the dense matrix (rows are unit length, so inner
                           product = cosine); best of --repeats
                         * t-SNE of the 10,000 x 50 matrix: sklearn TSNE(random_state=0, n_jobs=2)
                           (defaults: perplexity 30, early exaggeration 12 for 250 iterations,
                           1000 iterations, learning rate 'auto', PCA init, Barnes-Hut theta 0.5)
                           and openTSNE TSNE(random_state=0, n_jobs=2) (defaults: perplexity 30,
                           early exaggeration 12 for 250 iterations then 500 more, FFT
                           interpolation at this size, Annoy neighbours); one run each
                         writes DIR/neighbors-reference.json, DIR/tsne-reference.json
  report    --data DIR   quality and the Markdown table (--out, default stdout):
                         * recall@10 of salience's neighbours against scikit-learn's exact ones
                           (and faiss's), counting ties at the 10th similarity as hits
                         * exact KL(P || Q) of every final embedding against one P (openTSNE's
                           exact-kNN perplexity-30 affinities, shared by all), each tool's own KL,
                           and sklearn.manifold.trustworthiness(k=10)

Matrices (the k-means benchmark's generators, Benchmarks/bench_kmeans.py):
  * sparse 25,000 x 30,522, 5 non-zeros per row, topic-structured, unit rows
  * dense 25,000 x 384, a mixture of 10 Gaussians, unit rows
  * dense 10,000 x 50, a mixture of 10 Gaussians, unit rows (the t-SNE input)
Thread limits: the script drops OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (tuned for the Swift
side's OpenBLAS) before NumPy loads, and runs every tool with 2 threads.
Relies on numpy, scipy, scikit-learn 1.7, threadpoolctl, faiss-cpu, openTSNE (tested:
numpy 2.4.6, scipy 1.17.1, scikit-learn 1.7.2, threadpoolctl 3.8.0, faiss-cpu 1.15.1,
openTSNE 1.0.4).
"""
import os

for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(variable, None)
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "2"

import argparse  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_kmeans import cpu_name, dense_mixture, format_load, sparse_salience_like  # noqa: E402

GENERATOR_VERSION = 1
NEIGHBOR_COUNT = 10
SPARSE = ("neighbors-sparse-25000", 25000, 30522)
DENSE = ("neighbors-dense-25000x384", 25000, 384)
TSNE_INPUT = ("tsne-dense-10000x50", 10000, 50)


def generate(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = data_dir / "neighbors-tasks.json"
    if manifest_path.exists() and json.loads(manifest_path.read_text()).get("generatorVersion") == GENERATOR_VERSION \
            and (data_dir / "tsne-tasks.json").exists():
        print(f"neighbour and t-SNE matrices already in {data_dir}")
        return
    name, rows, columns = SPARSE
    sparse_files = {part: f"{name}-{part}.npy" for part in ("indptr", "indices", "data")}
    for part, array in zip(("indptr", "indices", "data"), sparse_salience_like(rows, columns, seed=rows)):
        np.save(data_dir / sparse_files[part], array)
    dense_name, dense_rows, dense_columns = DENSE
    np.save(data_dir / f"{dense_name}.npy", dense_mixture(dense_rows, dense_columns, seed=dense_rows))
    tsne_name, tsne_rows, tsne_columns = TSNE_INPUT
    np.save(data_dir / f"{tsne_name}.npy", dense_mixture(tsne_rows, tsne_columns, seed=tsne_rows + 1))
    tasks = [
        {"id": name, "kind": "sparse", "rows": rows, "columns": columns, "count": NEIGHBOR_COUNT,
         "files": sparse_files, "oursFile": f"{name}-salience.npy"},
        {"id": dense_name, "kind": "dense", "rows": dense_rows, "columns": dense_columns, "count": NEIGHBOR_COUNT,
         "files": {"values": f"{dense_name}.npy"}, "oursFile": f"{dense_name}-salience.npy"},
    ]
    manifest_path.write_text(json.dumps({"generatorVersion": GENERATOR_VERSION, "tasks": tasks}, indent=1) + "\n")
    tsne_tasks = [{"id": tsne_name, "rows": tsne_rows, "columns": tsne_columns, "file": f"{tsne_name}.npy",
                   "oursFile": f"{tsne_name}-salience.npy", "seed": 0}]
    (data_dir / "tsne-tasks.json").write_text(json.dumps({"tasks": tsne_tasks}, indent=1) + "\n")
    print(f"wrote the neighbour and t-SNE matrices to {data_dir}")


def load_task(data_dir, task):
    import scipy.sparse as sp
    if task["kind"] == "sparse":
        files = task["files"]
        return sp.csr_matrix((np.load(data_dir / files["data"]), np.load(data_dir / files["indices"]),
                              np.load(data_dir / files["indptr"])), shape=(task["rows"], task["columns"]))
    return np.load(data_dir / task["files"]["values"])


def timed(function, repeats):
    timings, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    return min(timings), timings, result


def reference(data_dir, repeats):
    import faiss
    import openTSNE
    import sklearn
    from sklearn.manifold import TSNE
    from sklearn.neighbors import NearestNeighbors
    from threadpoolctl import threadpool_limits

    faiss.omp_set_num_threads(2)
    manifest = json.loads((data_dir / "neighbors-tasks.json").read_text())
    results = []
    load_before = os.getloadavg()[0]
    with threadpool_limits(limits=2):
        for task in manifest["tasks"]:
            matrix = load_task(data_dir, task)
            k = task["count"]

            def sklearn_search():
                model = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute", n_jobs=2).fit(matrix)
                return model.kneighbors(return_distance=False)

            best, timings, indices = timed(sklearn_search, repeats)
            np.save(data_dir / f"{task['id']}-sklearn.npy", indices.astype(np.int32))
            results.append({"id": task["id"], "tool": f"scikit-learn {sklearn.__version__}", "seconds": best,
                            "allSeconds": timings})
            print(f"scikit-learn {task['id']}: {best:.3f} s", flush=True)
            if task["kind"] == "dense":
                def faiss_search():
                    index = faiss.IndexFlatIP(matrix.shape[1])
                    index.add(matrix)
                    _, found = index.search(matrix, k + 1)
                    # Drop each row itself (normally in front; exact duplicates may reorder).
                    return np.array([[j for j in row if j != i][:k] for i, row in enumerate(found)])

                best, timings, indices = timed(faiss_search, repeats)
                np.save(data_dir / f"{task['id']}-faiss.npy", indices.astype(np.int32))
                results.append({"id": task["id"], "tool": f"faiss-cpu {faiss.__version__} IndexFlatIP",
                                "seconds": best, "allSeconds": timings})
                print(f"faiss {task['id']}: {best:.3f} s", flush=True)

        tsne_manifest = json.loads((data_dir / "tsne-tasks.json").read_text())
        for task in tsne_manifest["tasks"]:
            data = np.load(data_dir / task["file"])
            start = time.perf_counter()
            model = TSNE(n_components=2, random_state=0, n_jobs=2)
            embedding = model.fit_transform(data)
            seconds = time.perf_counter() - start
            np.save(data_dir / f"{task['id']}-sklearn.npy", embedding.astype(np.float32))
            results.append({"id": task["id"], "tool": f"scikit-learn {sklearn.__version__} TSNE (Barnes-Hut)",
                            "seconds": seconds, "allSeconds": [seconds], "klDivergence": float(model.kl_divergence_),
                            "output": f"{task['id']}-sklearn.npy"})
            print(f"scikit-learn TSNE {task['id']}: {seconds:.3f} s, KL {model.kl_divergence_:.4f}", flush=True)

            start = time.perf_counter()
            embedding = openTSNE.TSNE(random_state=0, n_jobs=2).fit(data)
            seconds = time.perf_counter() - start
            np.save(data_dir / f"{task['id']}-opentsne.npy", np.asarray(embedding, dtype=np.float32))
            results.append({"id": task["id"], "tool": f"openTSNE {openTSNE.__version__} (FFT)", "seconds": seconds,
                            "allSeconds": [seconds], "klDivergence": float(embedding.kl_divergence),
                            "output": f"{task['id']}-opentsne.npy"})
            print(f"openTSNE {task['id']}: {seconds:.3f} s, KL {embedding.kl_divergence:.4f}", flush=True)
    document = {"threads": 2, "results": results, "loadAverage": [load_before, os.getloadavg()[0]]}
    (data_dir / "neighbors-tsne-reference.json").write_text(json.dumps(document, indent=1) + "\n")


def recall(found, truth, similarities_of):
    """Share of the true top-k found, counting a found row that ties the true k-th similarity as a hit."""
    hits = 0
    for row in range(truth.shape[0]):
        kth = similarities_of(row, truth[row]).min()
        chosen = found[row]
        exact = np.isin(chosen, truth[row])
        tied = similarities_of(row, chosen) >= kth - 1e-6
        hits += int(np.count_nonzero(exact | tied))
    return hits / truth.size


def exact_kl(P, embedding, chunk=2000):
    """KL(P || Q) with Q the Student-t affinities of the embedding, Z summed over all pairs."""
    y = np.asarray(embedding, dtype=np.float64)
    total = 0.0
    for start in range(0, y.shape[0], chunk):
        block = y[start:start + chunk]
        squared = (block ** 2).sum(1)[:, None] + (y ** 2).sum(1)[None, :] - 2 * block @ y.T
        total += (1.0 / (1.0 + np.maximum(squared, 0))).sum() - block.shape[0]
    P = P.tocoo()
    rows, columns, p = P.row, P.col, P.data
    distances = ((y[rows] - y[columns]) ** 2).sum(1)
    return float((p * (np.log(p) + np.log1p(distances))).sum() + p.sum() * np.log(total))


def report(data_dir, out):
    import openTSNE
    from sklearn.manifold import trustworthiness

    ours = {entry["id"]: entry for entry in json.loads((data_dir / "neighbors-swift.json").read_text())["results"]}
    ours_tsne_document = json.loads((data_dir / "tsne-swift.json").read_text())
    ours.update({entry["id"]: entry for entry in ours_tsne_document["results"]})
    reference_document = json.loads((data_dir / "neighbors-tsne-reference.json").read_text())
    manifest = json.loads((data_dir / "neighbors-tasks.json").read_text())
    lines = [
        "## Nearest neighbours and t-SNE",
        "",
        f"Machine: {cpu_name()}, {os.cpu_count()} cores, Python {platform.python_version()}; every tool limited to 2 threads. "
        f"1-minute load average before/after the reference runs: {format_load(reference_document.get('loadAverage'))}.",
        "",
        "All-rows exact cosine 10-NN (each row against all others, itself excluded); best of several runs. "
        "Recall@10 is measured against scikit-learn's brute-force result (ties at the 10th similarity count as hits).",
        "",
        "| task | n | d | salience (s) | reference | reference (s) | speed-up | recall@10 |",
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for task in manifest["tasks"]:
        matrix = load_task(data_dir, task)
        if task["kind"] == "sparse":
            import scipy.sparse as sp
            normalised = sp.csr_matrix(matrix)

            def similarities_of(row, columns, normalised=normalised):
                return np.asarray(normalised[row].dot(normalised[columns].T).todense()).ravel()
        else:
            def similarities_of(row, columns, matrix=matrix):
                return matrix[columns] @ matrix[row]
        mine = np.load(data_dir / task["oursFile"])
        truth = np.load(data_dir / f"{task['id']}-sklearn.npy")
        our_recall = recall(mine, truth, similarities_of)
        for entry in reference_document["results"]:
            if entry["id"] != task["id"]:
                continue
            seconds = ours[task["id"]]["seconds"]
            lines.append(f"| {task['kind']} | {task['rows']:,} | {task['columns']:,} | {seconds:.3f} | {entry['tool']} | "
                         f"{entry['seconds']:.3f} | {entry['seconds'] / seconds:.1f}x | {our_recall:.4f} |")
        if task["kind"] == "dense":
            faiss_recall = recall(np.load(data_dir / f"{task['id']}-faiss.npy"), truth, similarities_of)
            lines.append(f"|  |  |  |  | (faiss recall@10 against scikit-learn: {faiss_recall:.4f}) |  |  |  |")

    tsne_manifest = json.loads((data_dir / "tsne-tasks.json").read_text())
    lines += [
        "",
        "t-SNE into 2-D (perplexity 30, seed 0). KL is each tool's own figure and, for a like-for-like comparison, "
        "the exact KL(P || Q) of every final embedding against one shared P (openTSNE's exact-kNN perplexity-30 "
        "affinities); trustworthiness is sklearn.manifold.trustworthiness with k = 10 on the (unit-row) input.",
        "",
        "| task | tool | iterations | seconds | speed-up of salience | own KL | exact KL (shared P) | trustworthiness (k = 10) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for task in tsne_manifest["tasks"]:
        data = np.load(data_dir / task["file"])
        affinities = openTSNE.affinity.PerplexityBasedNN(data, perplexity=30, method="exact", n_jobs=2, random_state=0)
        P = affinities.P
        entries = [("salience", ours[task["id"]].get("iterationCount", 1000), ours[task["id"]], task["oursFile"])]
        for entry in reference_document["results"]:
            if entry["id"] == task["id"]:
                iterations = 750 if entry["tool"].startswith("openTSNE") else 1000
                entries.append((entry["tool"], iterations, entry, entry["output"]))
        our_seconds = ours[task["id"]]["seconds"]
        for tool, iterations, entry, output in entries:
            embedding = np.load(data_dir / output)
            kl = exact_kl(P, embedding)
            trust = trustworthiness(data, embedding, n_neighbors=10)
            speed = "" if tool == "salience" else f"{entry['seconds'] / our_seconds:.1f}x"
            lines.append(f"| {task['id']} | {tool} | {iterations} | {entry['seconds']:.2f} | {speed} | "
                         f"{entry['klDivergence']:.4f} | {kl:.4f} | {trust:.4f} |")
            print(f"{tool}: exact KL {kl:.4f}, trustworthiness {trust:.4f}", flush=True)
    text = "\n".join(lines) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text)
        print(f"wrote {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["generate", "reference", "report"])
    parser.add_argument("--data", type=pathlib.Path, default=pathlib.Path("Benchmarks/work"))
    parser.add_argument("--out", type=pathlib.Path)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    if arguments.command == "generate":
        generate(arguments.data)
    elif arguments.command == "reference":
        reference(arguments.data, arguments.repeats)
    else:
        report(arguments.data, arguments.out)


if __name__ == "__main__":
    main()
