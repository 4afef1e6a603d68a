#!/usr/bin/env python3
"""Determinism check (issue 17): the same commands with the same seed give identical bytes run to
run, and identical models, cluster assignments and salience maps (within 1e-6) with
OPENBLAS_NUM_THREADS 1 vs 2 and with the program's own thread count 1 vs 2.

The program's parallel loops (LinearAlgebra/ParallelFor.swift) use as many threads as the process
may run on (ProcessInfo.activeProcessorCount, which honours the CPU affinity mask), so its thread
count is set with `taskset -c 0` (1) or `taskset -c 0,1` (2); OpenBLAS reads OPENBLAS_NUM_THREADS.

usage: scripts/determinism.py SALIENCE_BINARY [--rows 600]
For each configuration: train a KimCNN (seed 1), attribute (Grad-L2 and Integrated Gradients),
cluster --k 4 --format json, then compare against the first configuration. Exit 1 on any difference.
Only the standard library is used.
"""
import argparse, hashlib, json, os, shutil, sqlite3, struct, subprocess, sys, tempfile

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--rows", type=int, default=600)
    parser.add_argument("--known-blas-difference", action="store_true",
                        help="report, without failing, a difference confined to OPENBLAS_NUM_THREADS=2 on 2 processors"
                             " (found by this script: OpenBLAS's threaded sgemm trains a slightly different CNN); any other difference fails")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    work = tempfile.mkdtemp(prefix="salience-determinism-")
    rows = open(os.path.join(root, "Data/rotten-tomatoes.csv"), encoding="utf-8").read().splitlines()
    data = os.path.join(work, "reviews.csv")
    open(data, "w", encoding="utf-8").write("\n".join(rows[:args.rows + 1]) + "\n")
    cpus = os.sched_getaffinity(0)
    two = len(cpus) >= 2 and shutil.which("taskset") is not None
    cpu_list = sorted(cpus)
    configurations = [("run 1", "1", None), ("run 2 (same)", "1", None), ("OPENBLAS 2", "2", None)]
    if two:
        configurations = [("blas 1, threads 1", "1", f"{cpu_list[0]}"), ("blas 1, threads 1 again", "1", f"{cpu_list[0]}"),
                          ("blas 2, threads 1", "2", f"{cpu_list[0]}"), ("blas 1, threads 2", "1", f"{cpu_list[0]},{cpu_list[1]}"),
                          ("blas 2, threads 2", "2", f"{cpu_list[0]},{cpu_list[1]}")]
    else:
        print("determinism: fewer than 2 processors or no taskset; only OPENBLAS_NUM_THREADS varies")

    results = []
    for index, (name, blas, cpuset) in enumerate(configurations):
        workspace = os.path.join(work, f"workspace-{index}")
        environment = dict(os.environ, OPENBLAS_NUM_THREADS=blas)
        prefix = ["taskset", "-c", cpuset] if cpuset else []
        def run(arguments):
            result = subprocess.run(prefix + [binary, *arguments, "--workspace", workspace, "--seed", "1"], capture_output=True,
                                    text=True, env=environment, cwd=work)
            if result.returncode != 0:
                print(f"determinism: {name}: {' '.join(arguments[:1])} failed: {result.stderr.strip()}")
                sys.exit(1)
            return result.stdout
        run(["train", "--data", data, "--model", "cnn", "--epochs", "2", "--checkpoint", os.path.join(root, "Data/models/all-MiniLM-L6-v2")])
        run(["attribute", "--method", "grad-l2"])
        run(["attribute", "--method", "ig", "--steps", "16"])
        cluster = run(["cluster", "--k", "4", "--format", "json"])
        connection = sqlite3.connect(f"file:{workspace}/salience.sqlite?mode=ro", uri=True)
        model = connection.execute("SELECT fingerprint FROM model").fetchall()
        maps = {}
        for key, position, scores in connection.execute(
                "SELECT r.recipeKey, m.position, m.scores FROM salienceMap m JOIN salienceRun r ON r.id = m.runID ORDER BY 1, 2"):
            maps[(key, position)] = struct.unpack(f"<{len(scores) // 4}f", scores)
        connection.close()
        report = json.loads(cluster)
        assignments = sorted(sorted(entry["exampleIds"]) for entry in report["clusters"])
        results.append(dict(name=name, model=model, maps=maps, assignments=assignments,
                            cluster_bytes=hashlib.sha256(cluster.encode()).hexdigest()[:16]))

    first = results[0]
    failed = False
    print(f"{'configuration':<34} {'model':<6} {'maps':>6} {'max |Δ score|':>14} {'clusters':<9} cluster JSON bytes")
    for result in results:
        same_model = result["model"] == first["model"]
        same_keys = result["maps"].keys() == first["maps"].keys()
        difference = max((abs(a - b) for key in first["maps"] if key in result["maps"]
                          for a, b in zip(first["maps"][key], result["maps"][key])), default=0.0) if same_keys else float("inf")
        same_clusters = result["assignments"] == first["assignments"]
        ok = same_model and same_keys and difference <= 1e-6 and same_clusters
        known = args.known_blas_difference and result["name"] == "blas 2, threads 2"
        failed |= not ok and not known
        if not ok and known:
            result["name"] += " (known)"
        print(f"{result['name']:<34} {'same' if same_model else 'DIFF':<6} {len(result['maps']):>6} {difference:>14.3g}"
              f" {'same' if same_clusters else 'DIFF':<9} {result['cluster_bytes']}{' = run 1' if result['cluster_bytes'] == first['cluster_bytes'] else ''}")
    if results[1]["cluster_bytes"] != first["cluster_bytes"] and configurations[1][1:] == configurations[0][1:]:
        print("determinism: the same configuration twice gave different cluster JSON bytes")
        failed = True
    shutil.rmtree(work, ignore_errors=True)
    known = [result["name"] for result in results if result["name"].endswith("(known)")]
    print("determinism: " + ("FAILED" if failed else "identical models and cluster assignments, maps within 1e-6, in every configuration"
                             + (f" except the known OpenBLAS one ({', '.join(known)})" if known else "")))
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
