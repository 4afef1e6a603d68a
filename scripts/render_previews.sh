#!/usr/bin/env bash
# Renders PNG previews of the SVG and HTML files in a directory (e.g. the output of
# `salience demo`), to look at pictures without a browser:
#   *.svg  -> *.png with rsvg-convert (Debian package librsvg2-bin)
#   *.html -> *.png with headless Chromium (Debian package chromium), 1200 px wide
# Usage: scripts/render_previews.sh DIR [HTML_HEIGHT]
set -euo pipefail
directory="${1:?usage: scripts/render_previews.sh DIR [HTML_HEIGHT]}"
height="${2:-1600}"
shopt -s nullglob
for svg in "$directory"/*.svg; do
    rsvg-convert "$svg" -o "${svg%.svg}.png"
    echo "wrote ${svg%.svg}.png"
done
html_files=("$directory"/*.html)
if ((${#html_files[@]} > 0)); then
    browser="$(command -v chromium || command -v chromium-browser || true)"
    if [[ -z "$browser" ]]; then
        echo "chromium is not installed (apt-get install -y chromium); skipping HTML previews" >&2
        exit 0
    fi
    for html in "${html_files[@]}"; do
        absolute="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
        "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=3000 \
            --window-size="1200,$height" --screenshot="${absolute%.html}.png" "file://$absolute" 2>/dev/null
        echo "wrote ${html%.html}.png"
    done
fi
