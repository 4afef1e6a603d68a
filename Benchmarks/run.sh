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

# Processor time of every Swift step: `timed NAME command…` records user, system and wall
# seconds in $DATA/time-NAME.txt (GNU time), summarised at the end of RESULTS.md.
mkdir -p "$DATA"
rm -f "$DATA"/time-*.txt
timed() {
    local name=$1
    shift
    /usr/bin/time -f "%U %S %e" -o "$DATA/time-$name.txt" "$@"
}

"$PYTHON" Benchmarks/bench_kmeans.py generate --data "$DATA"
timed kmeans "$BIN" kmeans --data "$DATA" --out "$DATA/kmeans-swift.json" --repeats "$REPEATS"
# scikit-learn on 2 threads; the OpenBLAS tuning variables set for the Swift side are not
# meant for NumPy's bundled OpenBLAS, so they are dropped for this command only.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 \
    "$PYTHON" Benchmarks/bench_kmeans.py sklearn --data "$DATA" --out "$DATA/kmeans-sklearn.json" --repeats "$REPEATS"
"$PYTHON" Benchmarks/bench_kmeans.py report --data "$DATA" --out Benchmarks/RESULTS.md

# Nearest neighbours and t-SNE against scikit-learn, faiss and openTSNE (same matrices, 2 threads).
"$PYTHON" Benchmarks/bench_neighbors_tsne.py generate --data "$DATA"
timed neighbors "$BIN" neighbors --data "$DATA" --out "$DATA/neighbors-swift.json" --repeats "$REPEATS"
timed tsne "$BIN" tsne --data "$DATA" --out "$DATA/tsne-swift.json"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 \
    "$PYTHON" Benchmarks/bench_neighbors_tsne.py reference --data "$DATA" --repeats "$REPEATS"
"$PYTHON" Benchmarks/bench_neighbors_tsne.py report --data "$DATA" >> Benchmarks/RESULTS.md

# Salience throughput: Grad-L2, Grad×Input and IG-50 on the Rotten Tomatoes test split of a trained CNN.
SALIENCE="$(swift build -c release --show-bin-path)/salience"
timed cnn-train "$SALIENCE" train --data Data/rotten-tomatoes.csv --workspace "$DATA/attribution-workspace" > "$DATA/attribution-train.txt"
MODEL="$(ls -d "$DATA"/attribution-workspace/models/*/ | head -1)"
timed cnn-attribution "$BIN" attribution --model "$MODEL" --data Data/rotten-tomatoes.csv --out "$DATA/attribution.json"
"$PYTHON" - "$DATA/attribution.json" "$DATA/attribution-train.txt" >> Benchmarks/RESULTS.md <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print("\n## Salience throughput\n")
print(f"Kim CNN (hidden layer 100) trained on Rotten Tomatoes; {report['exampleCount']} test examples, batch {report['batchSize']}.\n")
print("| method | seconds | examples / s | cost × Grad-L2 (wall) | cost × Grad-L2 (processor) |")
print("|---|---:|---:|---:|---:|")
base = next(t for t in report["timings"] if t["method"] == "grad-l2")
for timing in report["timings"]:
    wall = timing["seconds"] / base["seconds"]
    processor = timing["processorSeconds"] / base["processorSeconds"]
    name = timing["method"] + (f" (internal batch {timing['internalBatchSize']})" if timing.get("internalBatchSize") else "")
    print(f"| {name} | {timing['seconds']:.2f} | {timing['examplesPerSecond']:.0f} | {wall:.1f} | {processor:.1f} |")
print("\nIntegrated Gradients completeness gap |δ| / |f(x) − f(b)|, Gauss–Legendre:\n")
print("| steps | baseline | median | 90th percentile | share below 1% |")
print("|---:|---|---:|---:|---:|")
for gap in report["gaps"]:
    print(f"| {gap['steps']} | {gap['baseline']} | {100 * gap['medianRelativeGap']:.2f}% | {100 * gap['percentile90RelativeGap']:.2f}% | {100 * gap['fractionBelowOnePercent']:.0f}% |")
PY
# BERT (all-MiniLM-L6-v2 + a 2-class head): our encoder against a jax.jit implementation of the same
# model, batch 16 × 64, 2 threads, dropout off on both sides; plus fine-tuning and salience throughput.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    "$PYTHON" Benchmarks/bench_bert_jax.py --model Data/models/all-MiniLM-L6-v2 \
    --batch 16 --length 64 --threads 2 --repetitions 10 > "$DATA/bert-jax.json"
timed bert "$BIN" bert --checkpoint Data/models/all-MiniLM-L6-v2 --data Data/rotten-tomatoes.csv \
    --batch 16 --length 64 --repetitions 10 --out "$DATA/bert-swift.json"
"$PYTHON" - "$DATA/bert-swift.json" "$DATA/bert-jax.json" >> Benchmarks/RESULTS.md <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
jax = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
print("\n## BERT encoder (all-MiniLM-L6-v2, 6 layers, H 384)\n")
print(f"Batch {ours['batch']} × {ours['length']} random word pieces, 2 threads, no dropout; JAX {jax.get('version', '?')} with jax.jit on the CPU.\n")
print("| pass | salience (s) | JAX (s) | salience / JAX | salience GFLOP/s |")
print("|---|---:|---:|---:|---:|")
print(f"| forward | {ours['forwardSeconds']:.3f} | {jax['forward_seconds']:.3f} | {ours['forwardSeconds'] / jax['forward_seconds']:.2f} | {ours['forwardGflops']:.0f} |")
print(f"| forward + backward | {ours['forwardBackwardSeconds']:.3f} | {jax['forward_backward_seconds']:.3f} | {ours['forwardBackwardSeconds'] / jax['forward_backward_seconds']:.2f} | {ours['forwardBackwardGflops']:.0f} |")
print(f"\n{ours['blasEnvironment']}. sgemm peak in the same run: {ours['sgemmPeakGflops']:.0f} GFLOP/s at 2048³ "
      f"(OpenBLAS's own threads {ours['sgemmOpenBLASThreadsGflops']:.0f}, salience's split gemm {ours['sgemmSalienceGemmGflops']:.0f}), "
      f"{ours['sgemmFeedForwardGflops']:.0f} at 1024×1536×384; forward+backward runs at {100 * ours['forwardBackwardShareOfPeak']:.0f}% of the 2048³ figure.\n")
print(f"Fine-tuning (AdamW, dropout, real snippets, max length 64, batch 16): {ours['fineTuneExamplesPerSecond']:.1f} examples/s over {ours['fineTuneExampleCount']} examples. "
      f"Grad-L2: {ours['gradientL2ExamplesPerSecond']:.1f} examples/s over {ours['attributionExampleCount']} test snippets. "
      f"IG-50: {ours['integratedGradientsSecondsPerExample']:.2f} s per example, {ours['integratedGradientsCostRatio']:.0f}× Grad-L2.")
PY

# The OpenBLAS kernels, BERT under the Prescott fallback, and the processor time of every step.
BENCH_DATA="$DATA" PYTHON="$PYTHON" bash Benchmarks/kernels.sh
echo "Wrote Benchmarks/RESULTS.md"
