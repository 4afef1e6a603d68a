#!/usr/bin/env python3
"""The Ray driver in local mode (what `make test` runs): 4 shards, the worker of one shard killed
mid-run and the shard retried, merged maps byte-identical to a single-process `attribute`.

    python integrations/ray/test_ray_local.py --binary .build/release/salience --workspace WS -- --split dev --method grad-input
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import salience_ray  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workspace", required=True, help="a trained workspace (left unchanged)")
    parser.add_argument("--method", default="grad-input")
    parser.add_argument("attribute_arguments", nargs="*")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="salience-ray-test-")
    try:
        arguments = ["--method", args.method] + args.attribute_arguments
        single = os.path.join(scratch, "single")
        shutil.copytree(args.workspace, single)
        start = time.time()
        result = subprocess.run([args.binary, "attribute", "--workspace", single] + arguments, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"single-process attribute failed: {result.stderr}")
        single_seconds = time.time() - start
        single_digest, single_count = salience_ray.maps_digest(single, args.method)

        merged = os.path.join(scratch, "merged")
        start = time.time()
        summary = salience_ray.run(args.binary, args.workspace, 4, merged, arguments, kill_shard=2,
                                   shard_directory=os.path.join(scratch, "shards"))
        ray_seconds = time.time() - start
        merged_digest, merged_count = salience_ray.maps_digest(merged, args.method)

        checks = []

        def check(name, ok, value):
            checks.append(ok)
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {value}")

        check("4 shards merged", summary["shardCount"] == 4 and len(summary["shardExampleCounts"]) == 4, summary["shardExampleCounts"])
        check("the killed shard 2 ran twice, the others once", summary["attempts"] == {"1": 1, "2": 2, "3": 1, "4": 1}, summary["attempts"])
        check("merged maps byte-identical to one process (SHA-256 over every map column)",
              merged_digest == single_digest and merged_count == single_count > 0,
              f"{merged_digest[:16]}… = {single_digest[:16]}… over {merged_count} maps")
        print(f"one process {single_seconds:.1f} s; Ray local mode, 4 shards with one retry, merge included {ray_seconds:.1f} s")
        passed = sum(checks)
        print(f"ray: {passed} passed, {len(checks) - passed} failed")
        sys.exit(0 if all(checks) else 1)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
