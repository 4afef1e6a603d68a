#!/usr/bin/env bash
# Loads an HTML report in headless Chromium: fails on any console error, and checks that the
# search box (driven through the page's #search= link) marks exactly the points whose text
# contains the term.  Usage: scripts/check_report.sh REPORT.html TERM
set -euo pipefail
report="$(realpath "$1")"
term="$2"
scripts="$(dirname "$(realpath "$0")")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bash "$scripts/headless_page.sh" "file://$report#search=$term" "$work"
PYTHONPATH="$scripts" python3 - "$work/dom.html" "$work/console.txt" "$term" <<'PY'
import re, sys, html
from page_checks import PageChecks
page, term = PageChecks(sys.argv[1], sys.argv[2]), sys.argv[3]
page.check_console()
circles = re.findall(r'<circle([^>]*)>\s*<title>(.*?)</title>', page.dom, flags=re.S)
page.check("the map is in the page", len(circles) > 0, f"({len(circles)} points)")
expected = sum(1 for _, title in circles if term.lower() in html.unescape(title).split("\n", 1)[-1].lower())
found = sum(1 for attributes, _ in circles if re.search(r'class="[^"]*\bfound\b', attributes))
page.check(f"search '{term}' marks the matching points", found == expected and found > 0, f"({found} marked, {expected} expected)")
page.finish("report check")
PY
