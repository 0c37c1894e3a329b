#!/usr/bin/env bash
# Measures tftrain against the PyTorch tutorial it replaces, on this machine, one after the other (never at
# the same time: two jobs on 2 cores halve each other). Writes OUT/*.json and OUT/*.txt and prints a table.
#
#   tools/compare_with_seed.sh [OUT]          (default OUT: /tmp/tftrain-compare)
#
# With ../shared/tools/peakflops (or PEAKFLOPS=path/peakflops.sh) it first measures the machine's arithmetic
# limit and adds each precision's share of it.
#
# Needs: target/tftrain.jar (mvn -B -DskipTests package), ../shared/peer/ (the seed as runnable scripts) and
# Debian's torch with OpenBLAS. Without libopenblas0, Debian's libblas.so.3 is the reference BLAS and the
# seed's fully connected layers run ~25× slower than they should; we compare against the seed at its best.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/tftrain-compare}
peer=${PEER_DIR:-../shared/peer}
mkdir -p "$out"

if ! /usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null || ! ls /usr/lib/x86_64-linux-gnu/openblas-pthread >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq python3-torch python3-torchvision python3-pil python3-numpy libopenblas0-pthread >/dev/null
fi

run() { echo "+ $*" >&2; "$@"; }
# The machine's arithmetic limit (fp32 FMA, bf16 dot products, all cores), when the shared tools are here.
peakflops=${PEAKFLOPS:-../shared/tools/peakflops/peakflops.sh}
peak=()
if [[ -x "$peakflops" || -f "$peakflops" ]]; then
  run bash "$peakflops" > "$out/peakflops.json"
  cat "$out/peakflops.json"
  peak=(--peak-json "$out/peakflops.json")
fi
run java -jar target/tftrain.jar bench --precision fp32 --overwrite --json "$out/tftrain-fp32.json" "${peak[@]}" | tee "$out/tftrain-fp32.txt"
run java -jar target/tftrain.jar bench --precision bf16 --overwrite --json "$out/tftrain-bf16.json" "${peak[@]}" | tee "$out/tftrain-bf16.txt"
run /usr/bin/python3 "$peer/seed_bench.py" --threads 2 --json "$out/seed.json" | tee "$out/seed.txt"

/usr/bin/python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
seed = json.load(open(out + "/seed.json"))
seed_train = seed["train"]["img_per_s"]
seed_infer = seed["inference"]["img_per_s"]
import os
peak = json.load(open(out + "/peakflops.json")) if os.path.exists(out + "/peakflops.json") else None
if peak:
    print("\nCPU: %s, family %s; limit fp32 %.0f GFLOP/s, bf16 %.0f GFLOP/s (peakflops)"
          % (peak["cpu"], peak["cpu_family"], peak["fp32_gflops"], peak["bf16_gflops"]))
def share(t, key):
    v = t.get(key)
    return "%.0f %%" % (100 * v) if v is not None else "-"
print("\n| | train img/s | inference img/s | vs seed (train / inference) | share of the limit (train / inference) |")
print("|---|---|---|---|---|")
print("| seed's PyTorch, 2 threads | %.1f | %.1f | 1.0× / 1.0× | |" % (seed_train, seed_infer))
for p in ("fp32", "bf16"):
    t = json.load(open("%s/tftrain-%s.json" % (out, p)))
    print("| tftrain %s | %.1f | %.1f | %.2f× / %.2f× | %s / %s |" % (p, t["train_images_per_sec"], t["inference_images_per_sec"],
          t["train_images_per_sec"] / seed_train, t["inference_images_per_sec"] / seed_infer,
          share(t, "train_share_of_limit"), share(t, "inference_share_of_limit")))
PY
