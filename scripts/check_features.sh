#!/usr/bin/env bash
# Loads a `salience features --html` page in headless Chromium with two boxes ticked through the
# page's #tick= link: fails on any console error, checks that every card has its word cloud and
# that the command line lists exactly the ticked features.  Usage: scripts/check_features.sh PAGE.html
set -euo pipefail
page="$(realpath "$1")"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
    echo "check_features: chromium is missing (apt-get install chromium)" >&2
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The first two enabled features of the page.
ticks="$(python3 -c 'import re,sys; print(",".join(re.findall(r"class=\"pick\" value=\"(\d+)\">", open(sys.argv[1]).read())[:2]))' "$page")"
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$work/profile" --enable-logging=stderr --v=0 --virtual-time-budget=3000)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$page#tick=$ticks" > "$work/dom.html" 2> "$work/console.txt" || true
python3 - "$work/dom.html" "$work/console.txt" "$ticks" <<'PY'
import re, sys, html
dom, console, ticks = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
checks = []
def check(name, ok, detail=""):
    checks.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}")
errors = [line for line in console.splitlines() if "CONSOLE" in line and ("Uncaught" in line or "ERROR" in line.split("CONSOLE")[0])]
check("no console errors", not errors, "\n".join(errors[:5]))
cards = re.findall(r'<div class="card[^"]*" id="feature-\d+">(.*?)</div>\s*(?=<div class="card|</div>)', dom, flags=re.S)
check("every card has a word cloud", len(cards) > 0 and all("<svg" in card for card in cards), f"({len(cards)} cards)")
command = re.search(r'<code id="command">(.*?)</code>', dom, flags=re.S)
text = html.unescape(command.group(1)) if command else ""
check("the command lists the ticked features", bool(ticks) and text.endswith("--features " + ticks), f"({text!r}, ticked {ticks})")
print(f"features page check: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY
