#!/usr/bin/env bash
# Loads an HTML report in headless Chromium: fails on any console error, and checks that the
# search box (driven through the page's #search= link) marks exactly the points whose text
# contains the term.  Usage: scripts/check_report.sh REPORT.html TERM
set -euo pipefail
report="$(realpath "$1")"
term="$2"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
    echo "check_report: chromium is missing (apt-get install chromium)" >&2
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$work/profile" --enable-logging=stderr --v=0 --virtual-time-budget=3000)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$report#search=$term" > "$work/dom.html" 2> "$work/console.txt" || true
python3 - "$work/dom.html" "$work/console.txt" "$term" <<'PY'
import re, sys, html
dom, console, term = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
checks = []
def check(name, ok, detail=""):
    checks.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}")
errors = [line for line in console.splitlines() if "CONSOLE" in line and ("Uncaught" in line or "ERROR" in line.split("CONSOLE")[0])]
check("no console errors", not errors, "\n".join(errors[:5]))
circles = re.findall(r'<circle([^>]*)>\s*<title>(.*?)</title>', dom, flags=re.S)
check("the map is in the page", len(circles) > 0, f"({len(circles)} points)")
expected = sum(1 for _, title in circles if term.lower() in html.unescape(title).split("\n", 1)[-1].lower())
found = sum(1 for attributes, _ in circles if re.search(r'class="[^"]*\bfound\b', attributes))
check(f"search '{term}' marks the matching points", found == expected and found > 0, f"({found} marked, {expected} expected)")
print(f"report check: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY
