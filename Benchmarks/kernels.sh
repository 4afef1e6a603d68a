#!/usr/bin/env bash
# The OpenBLAS part of `make bench` (run by Benchmarks/run.sh at its end, or alone): sgemm under the
# kernel OpenBLAS picks by itself and under each kernel this processor can run (OPENBLAS_CORETYPE),
# the BERT figures under the Prescott (SSE3) fallback a cloud VM hiding its CPU model gets, what the
# program says on stderr there, and the user and system time of every timed step.
#
# Assumes release builds of salience-bench and salience (in BIN_DIR, default the release bin path).
# Environment: PYTHON, BENCH_DATA (as run.sh), BIN_DIR; BENCH_REPORT_ONLY=1 only writes the tables from
# the JSON files of an earlier run.
# Appends to Benchmarks/RESULTS.md; uses $BENCH_DATA/bert-swift.json from run.sh when present.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
DATA=${BENCH_DATA:-Benchmarks/work}
BIN_DIR=${BIN_DIR:-$(swift build -c release --show-bin-path)}
BIN="$BIN_DIR/salience-bench"
SALIENCE="$BIN_DIR/salience"
mkdir -p "$DATA"
timed() {
    local name=$1
    shift
    /usr/bin/time -f "%U %S %e" -o "$DATA/time-$name.txt" "$@"
}
KERNELS="default Prescott Sandybridge Haswell Zen"
if grep -qw avx512vl /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo; then KERNELS="$KERNELS SkylakeX"; fi
if grep -qw avx512_bf16 /proc/cpuinfo; then KERNELS="$KERNELS Cooperlake"; fi
if [[ ${BENCH_REPORT_ONLY:-0} != 1 ]]; then
    if [[ ! -f "$DATA/bert-swift.json" ]]; then
        timed bert "$BIN" bert --checkpoint Data/models/all-MiniLM-L6-v2 --data Data/rotten-tomatoes.csv \
            --batch 16 --length 64 --repetitions 10 --out "$DATA/bert-swift.json"
    fi
    for kernel in $KERNELS; do
        if [[ $kernel == default ]]; then
            timed "sgemm-$kernel" "$BIN" sgemm --out "$DATA/sgemm-$kernel.json" 2> "$DATA/sgemm-$kernel.stderr"
        else
            OPENBLAS_CORETYPE=$kernel timed "sgemm-$kernel" "$BIN" sgemm --out "$DATA/sgemm-$kernel.json" 2> "$DATA/sgemm-$kernel.stderr"
        fi
    done
    OPENBLAS_CORETYPE=Prescott timed bert-Prescott "$BIN" bert --checkpoint Data/models/all-MiniLM-L6-v2 --data Data/rotten-tomatoes.csv \
        --batch 16 --length 64 --repetitions 10 --out "$DATA/bert-swift-Prescott.json" 2> "$DATA/bert-Prescott.stderr"
    OPENBLAS_CORETYPE=Prescott "$SALIENCE" env > "$DATA/env-Prescott.txt" 2> "$DATA/env-Prescott.stderr"
    "$SALIENCE" env > "$DATA/env-default.txt"
fi
"$PYTHON" - "$DATA" "$KERNELS" >> Benchmarks/RESULTS.md <<'PY'
import json, pathlib, sys
data, kernels = pathlib.Path(sys.argv[1]), sys.argv[2].split()
print("\n## OpenBLAS kernels\n")
print("What `salience env` prints here:\n")
print("```\n" + (data / "env-default.txt").read_text().rstrip() + "\n```\n")
print("sgemm GFLOP/s under each kernel this processor can run (`OPENBLAS_CORETYPE`; *default* is OpenBLAS's own choice): "
      "cblas_sgemm on OpenBLAS's threads, salience's `gemm` (OpenBLAS on one thread, blocks split across the cores), one thread; "
      "largest error of a 256³ product against Double arithmetic.\n")
print("Wall-clock GFLOP/s depend on what else the machine runs; GFLOP per processor-second (user + system time of all threads, "
      "best of four) do not, and are the figures to compare across kernels on a loaded machine.\n")
print("| OPENBLAS_CORETYPE | kernel run | best here | 2048³ OpenBLAS threads GFLOP/s (per processor-s) | 2048³ salience gemm (per processor-s) | 1024×1536×384 salience gemm | 2048³ one thread (per processor-s) | error vs Double | load |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|")
for kernel in kernels:
    report = json.load(open(data / f"sgemm-{kernel}.json"))
    environment = report["environment"]
    print(f"| {kernel} | {environment['coreName']} | {environment['bestCoreName']} | {report['openBLASThreadedPeakGflops']:.0f} ({report['openBLASThreadedGflopsPerProcessorSecond']:.0f}) | "
          f"{report['salienceGemmPeakGflops']:.0f} ({report['salienceGemmGflopsPerProcessorSecond']:.0f}) | {report['salienceGemmFeedForwardGflops']:.0f} | "
          f"{report['singleThreadPeakGflops']:.0f} ({report['singleThreadGflopsPerProcessorSecond']:.0f}) | "
          f"{report['largestErrorAgainstNaive']:.1e} | {report.get('loadAverage') or float('nan'):.1f} |")
bert = [(name, json.load(open(data / file))) for name, file in (("default", "bert-swift.json"), ("Prescott", "bert-swift-Prescott.json"))
        if (data / file).exists()]
print("\nBERT under the default kernel and under the Prescott fallback (`OPENBLAS_CORETYPE=Prescott`, which the program never overrides)"
      + ("" if len(bert) == 2 else "; only the runs listed were measured") + ":\n")
print("Each figure as wall-clock rate, then (in brackets) per processor-second, user + system time of all threads.\n")
print("| kernel | forward+backward GFLOP/s | share of sgemm peak | fine-tuning examples/s | Grad-L2 examples/s | IG-50 / Grad-L2 cost |")
print("|---|---:|---:|---:|---:|---:|")
for name, report in bert:
    print(f"| {name} ({report['blasEnvironment'].split(' kernel ')[1].split(' ')[0]}) | {report['forwardBackwardGflops']:.0f} ({report['forwardBackwardGflopsPerProcessorSecond']:.0f}) | "
          f"{100 * report['forwardBackwardShareOfPeak']:.0f}% ({100 * report['forwardBackwardShareOfPeakPerProcessorSecond']:.0f}%) | "
          f"{report['fineTuneExamplesPerSecond']:.1f} ({report['fineTuneExamplesPerProcessorSecond']:.1f}) | "
          f"{report['gradientL2ExamplesPerSecond']:.1f} ({report['gradientL2ExamplesPerProcessorSecond']:.1f}) | "
          f"{report['integratedGradientsCostRatio']:.0f}× ({report['integratedGradientsProcessorCostRatio']:.0f}×) |")
phased = [(name, report) for name, report in bert if "phaseProcessorSeconds" in report]
if phased:
    print("\nUser and system processor seconds of each BERT phase (getrusage, all threads):\n")
    print("| kernel | phase | user s | system s | system share |")
    print("|---|---|---:|---:|---:|")
    for name, report in phased:
        for phase, time in sorted(report["phaseProcessorSeconds"].items()):
            print(f"| {name} | {phase} | {time['user']:.2f} | {time['system']:.2f} | {100 * time['systemShare']:.1f}% |")
warning = (data / "env-Prescott.stderr").read_text().strip()
print(f"\nWhat the program prints on stderr under `OPENBLAS_CORETYPE=Prescott`:\n\n```\n{warning or '(nothing)'}\n```")
print("\n## Processor time of each step\n")
print("GNU time of each Swift step of this run; system time above 10% of the processor time would mean threads spinning.\n")
print("| step | user s | system s | wall s | system share |")
print("|---|---:|---:|---:|---:|")
for path in sorted(data.glob("time-*.txt")):
    fields = path.read_text().split()
    try:
        user, system, wall = (float(value) for value in fields[-3:])
    except ValueError:
        continue
    print(f"| {path.stem[5:]} | {user:.2f} | {system:.2f} | {wall:.2f} | {100 * system / max(user + system, 1e-9):.1f}% |")
PY
