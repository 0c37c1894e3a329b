#!/usr/bin/env bash
# Measures tftrain against the PyTorch tutorial it replaces, on this machine, one after the other (never at
# the same time: two jobs on 2 cores halve each other). Writes OUT/*.json and OUT/*.txt and prints a table.
#
#   tools/compare_with_seed.sh [OUT]          (default OUT: /tmp/tftrain-compare)
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
run java -jar target/tftrain.jar bench --precision fp32 --json "$out/tftrain-fp32.json" | tee "$out/tftrain-fp32.txt"
run java -jar target/tftrain.jar bench --precision bf16 --json "$out/tftrain-bf16.json" | tee "$out/tftrain-bf16.txt"
run /usr/bin/python3 "$peer/seed_bench.py" --threads 2 --json "$out/seed.json" | tee "$out/seed.txt"

/usr/bin/python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
seed = json.load(open(out + "/seed.json"))
seed_train = seed["train"]["img_per_s"]
seed_infer = seed["inference"]["img_per_s"]
print("\n| | train img/s | inference img/s | vs seed (train / inference) |")
print("|---|---|---|---|")
print("| seed's PyTorch, 2 threads | %.1f | %.1f | 1.0× / 1.0× |" % (seed_train, seed_infer))
for p in ("fp32", "bf16"):
    t = json.load(open("%s/tftrain-%s.json" % (out, p)))
    print("| tftrain %s | %.1f | %.1f | %.1f× / %.1f× |" % (p, t["train_images_per_sec"], t["inference_images_per_sec"],
          t["train_images_per_sec"] / seed_train, t["inference_images_per_sec"] / seed_infer))
PY
