"""What the notebooks need to drive the `salience` command-line program: run a command and
parse its JSON, find (or make) the demo's workspace, load an export.

Paths are relative to the repository root, as in the Makefile; the program is
$SALIENCE or .build/release/salience.
"""

import json
import os
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
    """The demo's workspace (demo-output/workspace), running `salience demo` first when it is missing."""
    workspace = DEMO / "workspace"
    if not (workspace / "salience.sqlite").exists() or not (DEMO / "compare.json").exists():
        print("demo-output/workspace is missing: running salience demo (about a minute)…", file=sys.stderr)
        run("demo", "--out", DEMO, json_output=False)
    return workspace.relative_to(ROOT)


def load_npz(path):
    """A `salience export --out R.npz`: the SciPy CSR matrix and the example ids of its rows."""
    path = ROOT / path
    return scipy.sparse.load_npz(path), np.load(path)["ids"]


def read_jsonl(path):
    """A JSON Lines file (`salience export --maps`, or maps for `salience import`) as a list of dicts."""
    with open(ROOT / path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
