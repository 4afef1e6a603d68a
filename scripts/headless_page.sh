#!/usr/bin/env bash
# Loads one page in headless Chromium and keeps what a page check needs: the DOM after the
# scripts ran (DIR/dom.html) and the browser's console log (DIR/console.txt).
# Shared by scripts/check_report.sh and scripts/check_features.sh.  Usage: headless_page.sh URL DIR
set -euo pipefail
url="$1"
dir="$2"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
    echo "$(basename "$0"): chromium is missing (apt-get install chromium)" >&2
    exit 1
fi
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$dir/profile"
       --enable-logging=stderr --v=0 --virtual-time-budget=3000)
timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" > "$dir/dom.html" 2> "$dir/console.txt" || true
