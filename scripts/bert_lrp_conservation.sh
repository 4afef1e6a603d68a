#!/usr/bin/env bash
# BERT LRP conservation gap (docs/METHOD.md §4.7): fine-tunes all-MiniLM-L6-v2 for 1 epoch on
# 600 Rotten Tomatoes snippets (seeded subset; 60 dev, 200 test), runs `attribute --method lrp`
# on the 200 test examples and prints the median relative conservation gap |δ| / |target logit|.
# Usage: scripts/bert_lrp_conservation.sh [WORK_DIR]   (needs .build/release/salience and Data/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
salience="$root/.build/release/salience"
mkdir -p "$work"
python3 - "$root/Data/rotten-tomatoes.csv" "$work/subset.csv" <<'PY'
import csv, random, sys
rows = list(csv.DictReader(open(sys.argv[1])))
random.Random(7).shuffle(rows)
out = csv.writer(open(sys.argv[2], "w", newline=""))
out.writerow(["id", "text", "label", "split"])
for index, row in enumerate(rows[:860]):
    out.writerow([row["id"], row["text"], row["label"], "train" if index < 600 else ("dev" if index < 660 else "test")])
PY
"$salience" train --model bert --data "$work/subset.csv" --checkpoint "$root/Data/models/all-MiniLM-L6-v2" --epochs 1 \
    --max-length 48 --learning-rate 1e-4 --batch-size 8 --seed 1 --workspace "$work/workspace" --format json > "$work/train.json"
"$salience" attribute --method lrp --split test --workspace "$work/workspace" --format json > "$work/lrp.json"
python3 - "$work/workspace/salience.sqlite" <<'PY'
import json, sqlite3, statistics, sys
database = sqlite3.connect(sys.argv[1])
rows = database.execute("select m.targetLogit, m.baselineLogit, m.delta from salienceMap m join salienceRun r on m.runID = r.id"
                        " where r.recipe like '%\"lrp\"%'").fetchall()
relative = sorted(abs(delta) / abs(logit) for logit, _, delta in rows)
print(json.dumps({"examples": len(rows), "medianRelativeGap": round(statistics.median(relative), 4),
                  "p90RelativeGap": round(relative[int(0.9 * len(relative))], 4),
                  "medianAbsoluteLogit": round(statistics.median(abs(logit) for logit, _, _ in rows), 4),
                  "medianRelativeBiasShare": round(statistics.median(abs(bias) / abs(logit) for logit, bias, _ in rows), 4)}))
PY
