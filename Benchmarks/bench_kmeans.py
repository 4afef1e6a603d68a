#!/usr/bin/env python3
"""The k-means part of `make bench`: scikit-learn's KMeans vs salience's, same matrices.

Subcommands (Benchmarks/run.sh calls them in this order):

  generate --data DIR     write the seeded benchmark matrices (.npy) and DIR/kmeans-tasks.json
  sklearn  --data DIR     time KMeans(n_clusters=k, n_init=10, random_state=0).fit(X) on every
                          task, 2 threads (threadpoolctl + OMP_NUM_THREADS), best of --repeats;
                          writes DIR/kmeans-sklearn.json
  report   --data DIR     merge DIR/kmeans-swift.json (written by `salience-bench kmeans`) and
                          DIR/kmeans-sklearn.json into a Markdown table (--out, default stdout)

Matrices, shaped like the paper's salience vocabulary representation (|V| = 30,522, the
BERT uncased vocabulary; top-5 salient tokens per example; L2-normalised rows):
  * sparse n = 2,500 / 10,000 / 25,000: each row picks one of 20 "topics"; 4 distinct columns
    come from that topic's pool of 250 columns (Zipf-like weights), 1 from the whole vocabulary
    (Zipf-like, so frequent tokens recur across topics); values log-normal; unit norm.
  * dense 25,000 x 384 (the MiniLM width): a mixture of 10 Gaussians, rows L2-normalised.
Relies on numpy, scipy, scikit-learn 1.7.x, threadpoolctl (tested: 2.4.6, 1.17.1, 1.7.2, 3.8.0).
"""
import argparse
import json
import os
import pathlib
import platform
import sys
import time

import numpy as np

GENERATOR_VERSION = 1
VOCABULARY_SIZE = 30522
TASKS = [
    # name, kind, rows, columns, k
    ("sparse-2500", "sparse", 2500, VOCABULARY_SIZE, 5),
    ("sparse-10000", "sparse", 10000, VOCABULARY_SIZE, 5),
    ("sparse-25000", "sparse", 25000, VOCABULARY_SIZE, 5),
    ("sparse-25000", "sparse", 25000, VOCABULARY_SIZE, 20),
    ("dense-25000x384", "dense", 25000, 384, 5),
]


def zipf_weights(count, exponent=1.0, offset=10.0):
    weights = 1.0 / (np.arange(count) + offset) ** exponent
    return weights / weights.sum()


def sparse_salience_like(rows, columns=VOCABULARY_SIZE, topics=20, pool=250, per_row=5, seed=0):
    """CSR arrays (indptr int32, indices int32, data float32) of topic-structured unit rows."""
    rng = np.random.default_rng(seed)
    global_weights = zipf_weights(columns)
    pools = [rng.choice(columns, size=pool, replace=False, p=global_weights) for _ in range(topics)]
    pool_weights = zipf_weights(pool, exponent=0.8, offset=1.0)
    indptr = np.zeros(rows + 1, dtype=np.int32)
    indices = np.empty(rows * per_row, dtype=np.int32)
    data = np.empty(rows * per_row, dtype=np.float32)
    topic_of_row = rng.integers(topics, size=rows)
    for row in range(rows):
        chosen = set(rng.choice(pools[topic_of_row[row]], size=per_row - 1, replace=False, p=pool_weights).tolist())
        while len(chosen) < per_row:
            chosen.add(int(rng.choice(columns, p=global_weights)))
        values = rng.lognormal(0.0, 0.6, size=per_row)
        values /= np.linalg.norm(values)
        start = row * per_row
        indices[start:start + per_row] = sorted(chosen)
        data[start:start + per_row] = values
        indptr[row + 1] = start + per_row
    return indptr, indices, data


def dense_mixture(rows, dimension, components=10, seed=0):
    rng = np.random.default_rng(seed)
    means = rng.normal(0.0, 1.0, size=(components, dimension))
    labels = rng.integers(components, size=rows)
    matrix = means[labels] + rng.normal(0.0, 1.5, size=(rows, dimension))
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix.astype(np.float32)


def task_id(name, k):
    return f"{name}-k{k}"


def generate(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = data_dir / "kmeans-tasks.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("generatorVersion") == GENERATOR_VERSION and all(
                (data_dir / f).exists() for task in manifest["tasks"] for f in task["files"].values()):
            print(f"benchmark matrices already in {data_dir}")
            return
    tasks = []
    written = set()
    for name, kind, rows, columns, k in TASKS:
        if kind == "sparse":
            files = {part: f"{name}-{part}.npy" for part in ("indptr", "indices", "data")}
            if name not in written:
                arrays = sparse_salience_like(rows, columns, seed=rows)
                for part, array in zip(("indptr", "indices", "data"), arrays):
                    np.save(data_dir / files[part], array)
        else:
            files = {"values": f"{name}.npy"}
            if name not in written:
                np.save(data_dir / files["values"], dense_mixture(rows, columns, seed=rows))
        written.add(name)
        tasks.append({"id": task_id(name, k), "matrix": name, "kind": kind, "rows": rows, "columns": columns,
                      "k": k, "files": files})
        print(f"task {task_id(name, k)}: {kind} [{rows}, {columns}], k = {k}")
    manifest_path.write_text(json.dumps({"generatorVersion": GENERATOR_VERSION, "nInit": 10, "tasks": tasks}, indent=1) + "\n")


def load(data_dir, task):
    import scipy.sparse as sp
    if task["kind"] == "sparse":
        files = task["files"]
        return sp.csr_matrix((np.load(data_dir / files["data"]), np.load(data_dir / files["indices"]),
                              np.load(data_dir / files["indptr"])), shape=(task["rows"], task["columns"]))
    return np.load(data_dir / task["files"]["values"])


def time_sklearn(data_dir, out, repeats):
    from sklearn import __version__ as sklearn_version
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    manifest = json.loads((data_dir / "kmeans-tasks.json").read_text())
    results = []
    load_before = os.getloadavg()[0]
    with threadpool_limits(limits=2):
        warm = load(data_dir, manifest["tasks"][0])
        KMeans(n_clusters=2, n_init=1, random_state=0).fit(warm)
        for task in manifest["tasks"]:
            matrix = load(data_dir, task)
            timings = []
            for _ in range(repeats):
                start = time.perf_counter()
                model = KMeans(n_clusters=task["k"], n_init=manifest["nInit"], random_state=0).fit(matrix)
                timings.append(time.perf_counter() - start)
            results.append({"id": task["id"], "seconds": min(timings), "allSeconds": timings,
                            "inertia": float(model.inertia_), "iterationCount": int(model.n_iter_)})
            print(f"scikit-learn {task['id']}: {min(timings):.3f} s, inertia {model.inertia_:.4f}", flush=True)
    document = {"tool": f"scikit-learn {sklearn_version}", "threads": 2, "results": results,
                "loadAverage": [load_before, os.getloadavg()[0]]}
    out.write_text(json.dumps(document, indent=1) + "\n")


def cpu_name():
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def format_load(pair):
    return "unknown" if not pair else f"{pair[0]:.2f}/{pair[1]:.2f}"


def report(data_dir, out):
    manifest = json.loads((data_dir / "kmeans-tasks.json").read_text())
    ours_document = json.loads((data_dir / "kmeans-swift.json").read_text())
    ours = {entry["id"]: entry for entry in ours_document["results"]}
    theirs_document = json.loads((data_dir / "kmeans-sklearn.json").read_text())
    theirs = {entry["id"]: entry for entry in theirs_document["results"]}
    lines = [
        "## k-means",
        "",
        f"{manifest['nInit']} restarts (n_init), k-means++ seeding, tol 1e-4, max 300 iterations, on both sides; "
        "the very same matrices (written once by `Benchmarks/bench_kmeans.py generate`, read by both). "
        "Seconds are the best of several fits (data already in memory; scikit-learn's time includes its input "
        "validation). scikit-learn runs with 2 threads (threadpoolctl + OMP_NUM_THREADS=2); "
        "salience runs sparse restarts concurrently on the available cores and dense restarts in lockstep (one pass over the data per step serves all of them). "
        "Speed-up = scikit-learn seconds / salience seconds; inertia ratio = salience / scikit-learn (lower is better).",
        "",
        f"Machine: {cpu_name()}, {os.cpu_count()} cores. {theirs_document['tool']}, Python {platform.python_version()}.",
        "1-minute load average before/after each side (other work on the machine skews timings, "
        "scikit-learn's spinning OpenMP threads more than salience's): "
        f"salience {format_load(ours_document.get('loadAverage'))}, "
        f"scikit-learn {format_load(theirs_document.get('loadAverage'))}.",
        "",
        "| task | n | d | k | salience (s) | scikit-learn (s) | speed-up | salience inertia | scikit-learn inertia | inertia ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for task in manifest["tasks"]:
        mine, other = ours.get(task["id"]), theirs.get(task["id"])
        if mine is None or other is None:
            lines.append(f"| {task['id']} | {task['rows']} | {task['columns']} | {task['k']} | missing | | | | | |")
            continue
        lines.append(
            f"| {task['kind']} | {task['rows']:,} | {task['columns']:,} | {task['k']} | {mine['seconds']:.3f} | "
            f"{other['seconds']:.3f} | {other['seconds'] / mine['seconds']:.1f}x | {mine['inertia']:.2f} | "
            f"{other['inertia']:.2f} | {mine['inertia'] / other['inertia']:.4f} |")
    text = "\n".join(lines) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text)
        print(f"wrote {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["generate", "sklearn", "report"])
    parser.add_argument("--data", type=pathlib.Path, default=pathlib.Path("Benchmarks/work"))
    parser.add_argument("--out", type=pathlib.Path)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    if arguments.command == "generate":
        generate(arguments.data)
    elif arguments.command == "sklearn":
        time_sklearn(arguments.data, arguments.out or arguments.data / "kmeans-sklearn.json", arguments.repeats)
    else:
        report(arguments.data, arguments.out)


if __name__ == "__main__":
    main()
