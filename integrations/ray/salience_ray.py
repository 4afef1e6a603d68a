#!/usr/bin/env python3
"""Sharded `salience attribute` on Ray: N tasks, each running the salience binary on its shard
(`attribute --shard i/N`) in its own copy of the trained workspace, retried when a shard fails or
its worker is killed, with progress across shards; then `salience merge` on the driver.

    python integrations/ray/salience_ray.py --binary .build/release/salience \
        --workspace salience-workspace --shards 4 --out merged-workspace -- --split test --method grad-l2

Everything after `--` goes to every `salience attribute` call. Without --address, Ray starts on
this machine (`ray.init()`); with --address auto (or ray://HOST:10001) it joins a running cluster.
The trained workspace travels to the workers through Ray's object store (a tar of the workspace
folder) unless --shared-workspace says every worker sees the same path; the binary must exist at
the same path on every worker (a shared filesystem or the same machine image). See README.md.
"""
import argparse
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time

import ray

# Exit code of `salience` for bad input: retrying cannot help, so it is not retried.
BAD_INPUT = 1


class ShardFailed(Exception):
    """A shard whose process died or failed for a reason a retry may cure (killed, crashed)."""


class ShardRefused(Exception):
    """A shard the salience binary refused as bad input (exit code 1): not retried."""


@ray.remote
class Progress:
    """Maps done and expected per shard, and attempts, reported by the shard tasks."""

    def __init__(self):
        self.done, self.total, self.attempts = {}, {}, {}

    def started(self, shard):
        self.attempts[shard] = self.attempts.get(shard, 0) + 1
        self.done[shard] = 0

    def report(self, shard, done, total):
        self.done[shard], self.total[shard] = done, total

    def snapshot(self):
        return dict(self.done), dict(self.total), dict(self.attempts)


def pack(directory):
    """The workspace folder as tar bytes (what travels to workers through the object store)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.add(directory, arcname="workspace")
    return buffer.getvalue()


def shard_progress(database):
    """(maps stored, maps expected) of the shard in a shard workspace database, or None while it has no shard record."""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            row = connection.execute("SELECT runID, positionCount FROM salienceShard LIMIT 1").fetchone()
            if row is None:
                return None
            done = connection.execute("SELECT COUNT(*) FROM salienceMap WHERE runID = ?", (row[0],)).fetchone()[0]
            return done, row[1]
    except sqlite3.Error:
        return None


@ray.remote
def attribute_shard(index, count, binary, workspace, attribute_arguments, progress, kill_marker=None):
    """Runs `salience attribute --shard index/count` in a private copy of the workspace and returns
    (index, the shard workspace's database bytes, the command's JSON summary).

    `workspace` is tar bytes (shipped through the object store) or a path every worker can read.
    `kill_marker` (tests): the first attempt of this shard kills the salience process and its own
    worker process once the shard has started, so Ray must retry it on a fresh worker.
    """
    progress.started.remote(index)
    scratch = tempfile.mkdtemp(prefix=f"salience-shard-{index}-")
    try:
        target = os.path.join(scratch, "workspace")
        if isinstance(workspace, bytes):
            with tarfile.open(fileobj=io.BytesIO(workspace)) as archive:
                archive.extractall(scratch, filter="data")
        else:
            shutil.copytree(workspace, target)
        database = os.path.join(target, "salience.sqlite")
        command = [binary, "attribute", "--workspace", target, "--shard", f"{index}/{count}", "--format", "json"] + attribute_arguments
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if kill_marker is not None and not os.path.exists(kill_marker):
            # The shard's process has started; the worker dies with it, as on a lost node. Done at
            # once rather than after the first stored map: a small shard (or an empty one) can finish
            # within one polling interval, and then nothing would be killed.
            time.sleep(0.1)
            open(kill_marker, "w").close()
            child.kill()
            os.kill(os.getpid(), signal.SIGKILL)
        while child.poll() is None:
            time.sleep(0.2)
            state = shard_progress(database)
            if state is not None:
                progress.report.remote(index, *state)
        output, errors = child.communicate()
        if child.returncode == BAD_INPUT:
            raise ShardRefused(f"shard {index}/{count}: {errors.decode().strip()}")
        if child.returncode != 0:
            raise ShardFailed(f"shard {index}/{count} exited with {child.returncode}: {errors.decode().strip()[-500:]}")
        summary = json.loads(output)
        state = shard_progress(database)
        if state is not None:
            progress.report.remote(index, *state)
        with open(database, "rb") as handle:
            return index, handle.read(), summary
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def start_ray(address, attempts=3):
    """`ray.init` (local without `address`), tried `attempts` times: Ray 2.60's raylet gives its
    Python agents a fixed 15 s to report their ports and gives up on a heavily loaded machine
    (ray-project/ray#65983); a second start finds their modules in the page cache."""
    for attempt in range(1, attempts + 1):
        try:
            ray.init(address=address, include_dashboard=False, logging_level="WARNING", log_to_driver=False)
            return
        except Exception as error:  # Ray raises a bare Exception when the node does not come up
            ray.shutdown()
            if attempt == attempts or address is not None:
                raise
            print(f"Ray did not start ({error}); trying again ({attempt + 1} of {attempts}).", file=sys.stderr, flush=True)


def maps_digest(workspace, method):
    """SHA-256 over every column of the stored maps of `method` in `workspace`, by position: the
    figure that shows merged maps equal single-process maps byte for byte."""
    digest = hashlib.sha256()
    count = 0
    with sqlite3.connect(f"file:{os.path.join(workspace, 'salience.sqlite')}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            """SELECT position, tokenIDs, scores, target, targetLogit, prediction, probability, baselineLogit, delta
               FROM salienceMap JOIN salienceRun ON salienceRun.id = salienceMap.runID
               WHERE json_extract(salienceRun.recipe, '$.method') = ? ORDER BY position""", (method,))
        for row in rows:
            digest.update(repr((row[0], row[3], row[4], row[5], row[6], row[7], row[8])).encode())
            digest.update(row[1])
            digest.update(row[2])
            count += 1
    return digest.hexdigest(), count


def run(binary, workspace, shard_count, out, attribute_arguments, address=None, shared_workspace=False,
        max_retries=3, kill_shard=None, shard_directory=None, log=print):
    """Attributes `shard_count` shards on Ray and merges them into `out`; returns the merge summary
    (with `attempts` per shard and the shard count)."""
    binary = os.path.abspath(binary)
    workspace = os.path.abspath(workspace)
    if not os.path.exists(os.path.join(workspace, "salience.sqlite")):
        sys.exit(f"error: There is no workspace at {workspace}; train a model there first (salience train --data FILE).")
    if not ray.is_initialized():
        # A loaded machine starts Ray's Python agents slowly; give the raylet and workers time.
        for name, value in {"RAY_agent_register_timeout_ms": "300000", "RAY_worker_register_timeout_seconds": "300"}.items():
            os.environ.setdefault(name, value)
        start_ray(address)
    progress = Progress.remote()
    payload = workspace if shared_workspace else ray.put(pack(workspace))
    kill_marker = None
    task = attribute_shard.options(max_retries=max_retries, retry_exceptions=[ShardFailed])
    pending = {}
    for index in range(1, shard_count + 1):
        marker = None
        if kill_shard == index:
            kill_marker = os.path.join(tempfile.mkdtemp(prefix="salience-kill-"), "killed")
            marker = kill_marker
        reference = task.remote(index, shard_count, binary, payload, attribute_arguments, progress, marker)
        pending[reference] = index
    shard_directory = shard_directory or tempfile.mkdtemp(prefix="salience-shards-")
    shard_paths = {}
    started = time.time()
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
        for reference in ready:
            index, database, summary = ray.get(reference)  # raises ShardRefused, or once retries are spent
            path = os.path.join(shard_directory, f"shard-{index}")
            os.makedirs(path, exist_ok=True)
            with open(os.path.join(path, "salience.sqlite"), "wb") as handle:
                handle.write(database)
            shard_paths[index] = path
            del pending[reference]
        done, total, attempts = ray.get(progress.snapshot.remote())
        retried = sum(max(0, count - 1) for count in attempts.values())
        log(f"[{time.time() - started:6.1f} s] shards {len(shard_paths)}/{shard_count} done, "
            f"maps {sum(done.values())}/{sum(total.values()) if len(total) == shard_count else '?'}"
            + (f", {retried} shard{'s' if retried != 1 else ''} retried" if retried else ""), flush=True)
    _, _, attempts = ray.get(progress.snapshot.remote())
    if not os.path.exists(os.path.join(out, "salience.sqlite")):
        shutil.copytree(workspace, out)  # the merged workspace starts as the trained one
    merge = subprocess.run([binary, "merge", "--workspace", out, "--format", "json"]
                           + [shard_paths[index] for index in sorted(shard_paths)], capture_output=True, text=True)
    if merge.returncode != 0:
        sys.exit(merge.stderr.strip())
    summary = json.loads(merge.stdout)
    summary["attempts"] = {str(index): attempts.get(index, 0) for index in sorted(shard_paths)}
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the salience binary (same path on every worker)")
    parser.add_argument("--workspace", required=True, help="the trained workspace")
    parser.add_argument("--shards", type=int, required=True, help="the shard count N")
    parser.add_argument("--out", required=True, help="the merged workspace (made as a copy of --workspace when missing)")
    parser.add_argument("--address", help="a running Ray cluster (auto, or ray://HOST:10001); default: start Ray on this machine")
    parser.add_argument("--shared-workspace", action="store_true", help="every worker reads --workspace at the same path (no shipping)")
    parser.add_argument("--max-retries", type=int, default=3, help="retries of a failed or killed shard")
    parser.add_argument("--kill-shard", type=int, help="(tests) kill the worker of this shard once, mid-run")
    parser.add_argument("--seed", type=int, default=0, help="passed to every salience call")
    parser.add_argument("attribute_arguments", nargs="*", help="after --: arguments of every salience attribute call")
    args = parser.parse_args()
    if args.shards < 1:
        sys.exit(f"error: --shards {args.shards} cuts nothing; pass --shards N with N ≥ 1.")
    summary = run(args.binary, args.workspace, args.shards, args.out, args.attribute_arguments + ["--seed", str(args.seed)],
                  address=args.address, shared_workspace=args.shared_workspace, max_retries=args.max_retries, kill_shard=args.kill_shard)
    method = summary["method"].split("-")[0] if summary["method"].startswith("ig-") else summary["method"]
    digest, count = maps_digest(args.out, method)
    summary["mapsSHA256"], summary["mapsStored"] = digest, count
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
