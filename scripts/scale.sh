#!/usr/bin/env bash
# `make scale` (issue 18): the aggregate stage at a million salience maps on one machine.
# Writes the maps with scripts/generate_million_maps.py (a planted shortcut in 5 %), then times
# import, cluster --k 10 --n-init 10 (with the shortcut's recall), three neighbors queries (answered
# from the neighbour index that import writes),
# compare, export --representation vocab and t-SNE (map) of the test split (about 100,000 rows)
# under /usr/bin/time -v, and compares the t-SNE's KL with openTSNE's on the same rows
# (scripts/scale_tsne_kl.py). Not part of `make test`: it needs about 4 GiB and several minutes.
#   bash scripts/scale.sh [BINARY]      (SCALE_COUNT=200000 for a smaller run; SCALE_DIR for the files)
set -euo pipefail
binary="$(realpath "${1:-.build/release/salience}")"
python="${PYTHON:-python3}"
count="${SCALE_COUNT:-1000000}"
dir="${SCALE_DIR:-.build/scale}"
mkdir -p "$dir"
maps="$dir/maps-$count.jsonl"
workspace="$dir/workspace-$count"
[ -s "$maps" ] || "$python" "$(dirname "$0")/generate_million_maps.py" --count "$count" --out "$maps"
rm -rf "$workspace"
echo "processor: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $count maps"
printf '%-22s %9s %9s %9s %10s\n' step "wall s" "user s" "sys s" "peak MiB"
step() {
    local name="$1"; shift
    /usr/bin/time -v -o "$dir/$name.time" "$binary" "$@" --workspace "$workspace" > "$dir/$name.out" 2> "$dir/$name.err" \
        || { echo "$name failed:"; cat "$dir/$name.err"; exit 1; }
    awk -v name="$name" -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, parts, ":"); wall = (n == 3) ? parts[1] * 3600 + parts[2] * 60 + parts[3] : parts[1] * 60 + parts[2] }
        /User time/ { usr = $2 }
        /System time/ { sys_ = $2 }
        /Maximum resident/ { rss = $2 / 1024 }
        END { printf "%-22s %9.2f %9.2f %9.2f %10.0f\n", name, wall, usr, sys_, rss }' "$dir/$name.time"
}
step import import --maps "$maps" --format json
step cluster cluster --split all --k 10 --n-init 10 --truth-where shortcut=planted --format json
step neighbors-1 neighbors m12345 --pool all --any-label --split all --format json
step neighbors-2 neighbors m777 --pool all --any-label --split all --format json
step neighbors-3 neighbors m424242 --split all --format json
step compare compare --split all --k 10 --truth-where shortcut=planted --format json
step export-vocab export --split all --representation vocab --out "$dir/vocab-all.npz"
step export-test export --split test --representation vocab --out "$dir/vocab-test.npz"
step tsne-test map --split test --format json
"$python" - "$dir" <<'PY'
import json, sys
out = sys.argv[1]
cluster = json.load(open(f"{out}/cluster.out"))
truth = cluster["truth"]
print(f"planted shortcut: best cluster precision {truth['precision']:.3f}, recall {truth['recall']:.3f} "
      f"({truth['truthCount']} planted of {cluster['n']})")
PY
"$python" "$(dirname "$0")/scale_tsne_kl.py" --vocab "$dir/vocab-test.npz" --map "$dir/tsne-test.out"
