#!/usr/bin/env bash
# Runs every libFuzzer target of Fuzz/SalienceFuzz for SECONDS each and prints one line a target:
# executions, seconds, and whether it crashed. New inputs go to .build-fuzz/corpus/TARGET (the
# committed seed corpus in Fuzz/Corpus/TARGET is read, never written); a crash leaves its input in
# .build-fuzz/artifacts/ (add it to Fuzz/Corpus/TARGET once fixed). Exit 1 when any target crashed.
#
# usage: scripts/fuzz.sh FUZZER SECONDS [TARGET ...]
set -u
fuzzer=$1
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv tsv jsonl import safetensors config vocab wordpiece where)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/.build-fuzz
mkdir -p "$work/artifacts"
crashed=0
printf '%-12s %12s %8s %s\n' target executions seconds result
for target in "${targets[@]}"; do
    mkdir -p "$work/corpus/$target"
    log=$work/$target.log
    SALIENCE_FUZZ_TARGET=$target "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=20 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/$target-" \
        "$work/corpus/$target" "$root/Fuzz/Corpus/$target" >"$log" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    time=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' | tail -1)
    if [ $status -eq 0 ]; then result="0 crashes"; else result="CRASH (exit $status, see $log)"; crashed=1; fi
    printf '%-12s %12s %8s %s\n' "$target" "${runs:-?}" "${time:-$seconds}" "$result"
done
exit $crashed
