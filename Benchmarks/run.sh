#!/usr/bin/env bash
# The k-means part of `make bench`: salience vs scikit-learn on the same matrices.
#
# Assumes `swift build -c release --product salience-bench` has run. Environment:
#   PYTHON        interpreter with numpy, scipy, scikit-learn 1.7, threadpoolctl (default python3)
#   BENCH_DATA    where the generated matrices and raw timings go (default Benchmarks/work, git-ignored)
#   BENCH_REPEATS fits per task on each side; the best time is reported (default 3)
# Writes Benchmarks/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
DATA=${BENCH_DATA:-Benchmarks/work}
REPEATS=${BENCH_REPEATS:-3}
BIN="$(swift build -c release --show-bin-path)/salience-bench"
if [[ ! -x "$BIN" ]]; then
    echo "run.sh: $BIN is missing; run 'swift build -c release --product salience-bench' first." >&2
    exit 1
fi

"$PYTHON" Benchmarks/bench_kmeans.py generate --data "$DATA"
"$BIN" kmeans --data "$DATA" --out "$DATA/kmeans-swift.json" --repeats "$REPEATS"
# scikit-learn on 2 threads; the OpenBLAS tuning variables set for the Swift side are not
# meant for NumPy's bundled OpenBLAS, so they are dropped for this command only.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 \
    "$PYTHON" Benchmarks/bench_kmeans.py sklearn --data "$DATA" --out "$DATA/kmeans-sklearn.json" --repeats "$REPEATS"
"$PYTHON" Benchmarks/bench_kmeans.py report --data "$DATA" --out Benchmarks/RESULTS.md
