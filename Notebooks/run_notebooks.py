#!/usr/bin/env python3
"""Execute the notebooks headless (make notebooks), or check that none carries outputs.

    python Notebooks/run_notebooks.py --out .build/notebooks [NOTEBOOK…]   # execute, fail on any cell error
    python Notebooks/run_notebooks.py --check-clean                       # committed notebooks carry no outputs

Executed copies go to --out (outside the source tree); each notebook's run time and the
output of its last cell (the asserted headline figure) are printed.
"""

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent


def check_clean(paths):
    dirty = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
                dirty.append(f"{path}: cell {index} has outputs or an execution count")
    for line in dirty:
        print(line, file=sys.stderr)
    if dirty:
        print("Clear them before committing: jupyter nbconvert --clear-output --inplace Notebooks/*.ipynb", file=sys.stderr)
        return 1
    print(f"{len(paths)} notebooks, no outputs")
    return 0


def last_text(notebook):
    for output in notebook.cells[-1].get("outputs", []):
        if output.get("output_type") == "stream":
            return output.get("text", "").strip()
    return ""


def execute(paths, out, timeout):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    out.mkdir(parents=True, exist_ok=True)
    failures, total = [], time.monotonic()
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(HERE)}})
        start = time.monotonic()
        try:
            client.execute()
            status = "ok  "
        except CellExecutionError as error:
            status = "FAIL"
            failures.append(path.name)
            print(re.sub(r"\x1b\[[0-9;]*m", "", str(error))[-1500:], file=sys.stderr)
        seconds = time.monotonic() - start
        nbformat.write(notebook, out / path.name)
        print(f"{status} {path.name}  {seconds:6.1f} s  {last_text(notebook) if status == 'ok  ' else ''}", flush=True)
    print(f"{len(paths) - len(failures)} of {len(paths)} notebooks ran in {time.monotonic() - total:.1f} s; executed copies in {out}")
    if failures:
        print("failed: " + ", ".join(failures), file=sys.stderr)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: Notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=HERE.parent / ".build" / "notebooks")
    parser.add_argument("--check-clean", action="store_true")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per cell")
    arguments = parser.parse_args()
    paths = [path.resolve() for path in arguments.notebooks] or sorted(HERE.glob("*.ipynb"))
    sys.exit(check_clean(paths) if arguments.check_clean else execute(paths, arguments.out.resolve(), arguments.timeout))


if __name__ == "__main__":
    main()
