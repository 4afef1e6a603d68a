"""What the notebooks need to drive the `salience` command-line program: run a command and
parse its JSON, find (or make) the demo's workspace, load an export.

Paths are relative to the repository root, as in the Makefile; the program is
$SALIENCE or .build/release/salience.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import scipy.sparse

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("SALIENCE", ROOT / ".build" / "release" / "salience"))
# Workspaces the notebooks make themselves (outside the source tree, reused between runs).
WORK = Path(os.environ.get("SALIENCE_NOTEBOOK_WORK", ROOT / ".build" / "notebooks" / "work"))
DEMO = ROOT / "demo-output"


def run(*arguments, json_output=True):
    """Run `salience ARGUMENTS… --format json` from the repository root; return the parsed JSON
    (or the command's message when it prints no JSON, as `export` does).

    Progress (stderr) is dropped unless the command fails; then it is raised with the message."""
    command = [str(BINARY), *map(str, arguments)] + (["--format", "json"] if json_output else [])
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    if json_output and done.stdout.strip():
        return json.loads(done.stdout)
    return done.stdout or done.stderr.strip()  # `export` writes a file and says so on stderr only


def demo_workspace():
    """The demo's workspace (demo-output/workspace), running `salience demo` first when it is missing
    or when this build of the program cannot read it (made by an older one)."""
    workspace = DEMO / "workspace"
    if workspace.is_dir() and (DEMO / "compare.json").exists():
        try:
            run("evaluate", "--split", "test", "--workspace", workspace)
            return workspace.relative_to(ROOT)
        except RuntimeError as error:
            print(f"demo-output/workspace is not usable, running the demo again: {error}", file=sys.stderr)
    print("running salience demo (a minute or a few)…", file=sys.stderr)
    shutil.rmtree(workspace, ignore_errors=True)
    run("demo", "--out", DEMO, json_output=False)
    return workspace.relative_to(ROOT)


def train(workspace, *arguments):
    """`salience train … --workspace W` (it reuses the model when nothing changed); a workspace that
    this build of the program cannot read (made by an older one) is made anew."""
    try:
        return run("train", *arguments, "--workspace", workspace)
    except RuntimeError as error:
        if not Path(ROOT / workspace).exists():
            raise
        print(f"{workspace} is not usable, training again: {error}", file=sys.stderr)
        shutil.rmtree(ROOT / workspace)
        return run("train", *arguments, "--workspace", workspace)


def load_npz(path):
    """A `salience export --out R.npz`: the SciPy CSR matrix and the example ids of its rows."""
    path = ROOT / path
    return scipy.sparse.load_npz(path), np.load(path)["ids"]


def read_jsonl(path):
    """A JSON Lines file (`salience export --maps`, or maps for `salience import`) as a list of dicts."""
    with open(ROOT / path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
