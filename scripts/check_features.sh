#!/usr/bin/env bash
# Loads a `salience features --html` page in headless Chromium with two boxes ticked through the
# page's #tick= link: fails on any console error, checks that every card has its word cloud and
# that the command line lists exactly the ticked features.  Usage: scripts/check_features.sh PAGE.html
set -euo pipefail
page="$(realpath "$1")"
scripts="$(dirname "$(realpath "$0")")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The first two enabled features of the page.
ticks="$(python3 -c 'import re,sys; print(",".join(re.findall(r"class=\"pick\" value=\"(\d+)\">", open(sys.argv[1]).read())[:2]))' "$page")"
bash "$scripts/headless_page.sh" "file://$page#tick=$ticks" "$work"
PYTHONPATH="$scripts" python3 - "$work/dom.html" "$work/console.txt" "$ticks" <<'PY'
import re, sys, html
from page_checks import PageChecks
page, ticks = PageChecks(sys.argv[1], sys.argv[2]), sys.argv[3]
page.check_console()
cards = re.findall(r'<div class="card[^"]*" id="feature-\d+">(.*?)</div>\s*(?=<div class="card|</div>)', page.dom, flags=re.S)
page.check("every card has a word cloud", len(cards) > 0 and all("<svg" in card for card in cards), f"({len(cards)} cards)")
command = re.search(r'<code id="command">(.*?)</code>', page.dom, flags=re.S)
text = html.unescape(command.group(1)) if command else ""
page.check("the command lists the ticked features", bool(ticks) and text.endswith("--features " + ticks), f"({text!r}, ticked {ticks})")
page.finish("features page check")
PY
