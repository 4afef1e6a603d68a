#!/usr/bin/env bash
# End-to-end acceptance of the core pipeline (issue 2): runs the release demo on the bundled
# synthetic Rotten Tomatoes data and checks the figures the issue asks for.
set -euo pipefail
binary="${1:-.build/release/salience}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
"$binary" demo --out "$out" > "$out/demo.txt"
seconds=$(( $(date +%s) - start ))
cat "$out/demo.txt"
python3 - "$out" "$seconds" <<'PY'
import json, sys
out, seconds = sys.argv[1], sys.argv[2]
compare = json.load(open(f"{out}/compare.json"))
accuracy = json.load(open(f"{out}/accuracy.json"))
checks = []
def check(name, ok, value):
    checks.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {value}")
rows = {(r["representation"], r["method"]): r for r in compare["rows"]}
vocab = rows[("vocab", "grad-l2")]
check("vocab × grad-l2 precision ≥ 0.95", vocab["precision"] >= 0.95, round(vocab["precision"], 3))
check("vocab × grad-l2 recall ≥ 0.95", vocab["recall"] >= 0.95, round(vocab["recall"], 3))
kinds = {r["representation"] for r in compare["rows"]}
check("all five representations compared", kinds == {"vocab", "emb", "pmi", "avg-emb", "cls"}, sorted(kinds))
check("accuracy on untouched test examples ≥ 0.72", accuracy["untouched (shortcut=none)"]["accuracy"] >= 0.72,
      round(accuracy["untouched (shortcut=none)"]["accuracy"], 3))
rule_n = accuracy["rule0"]["n"] + accuracy["rule1"]["n"]
rule_acc = (accuracy["rule0"]["accuracy"] * accuracy["rule0"]["n"] + accuracy["rule1"]["accuracy"] * accuracy["rule1"]["n"]) / rule_n
check("accuracy on rule test examples ≥ 0.98", rule_acc >= 0.98, round(rule_acc, 3))
print(f"demo wall time: {seconds} s")
passed = sum(checks)
print(f"acceptance: {passed} passed, {len(checks) - passed} failed")
sys.exit(0 if all(checks) else 1)
PY
