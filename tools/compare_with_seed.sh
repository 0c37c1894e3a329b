#!/usr/bin/env bash
# Measures tftrain against the PyTorch tutorial it replaces, on this machine, one after the other (never at
# the same time: two jobs on 2 cores halve each other). Writes OUT/*.json and OUT/*.txt and prints a table
# with one row per CPU class, each with the limit, the seed and tftrain's auto measured in one sitting.
#
#   tools/compare_with_seed.sh [--class CLASS]... [OUT]      (default OUT: /tmp/tftrain-compare)
#
# Without --class: this machine's own class ("measured"), plus tftrain in fp32 and in bf16 explicitly.
# --class CLASS emulates a lower CPU class on this machine, capping both sides the same way:
#   avx2         ONEDNN_MAX_CPU_ISA=AVX2 for both, ATEN_CPU_CAPABILITY=avx2 for the seed, PEAKFLOPS_ISA=avx2
#   avx512       ONEDNN_MAX_CPU_ISA=AVX512_CORE, ATEN_CPU_CAPABILITY=avx512 (AVX-512 without VNNI)
#   avx512-vnni  ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI, ATEN_CPU_CAPABILITY=avx512
#   avx512-bf16  ONEDNN_MAX_CPU_ISA=AVX512_CORE_BF16, ATEN_CPU_CAPABILITY=avx512
#   native       no caps (the default)
# TensorFlow's Eigen kernels are the same compiled code on every x86 CPU, so a cap on oneDNN is what makes the
# difference between classes; the row says "emulated" when tftrain's bench saw its class lowered by the cap.
# tftrain runs as a user's would: auto precision and auto's kernel library (oneDNN or Eigen, chosen per class
# for training; when predict would run the other library, inference is timed in a second bench with it).
# Repeat --class for several rows, e.g. --class native --class avx2.
#
# With ../shared/tools/peakflops (or PEAKFLOPS=path/peakflops.sh) it first measures the machine's arithmetic
# limit and adds each precision's share of it.
#
# Needs: target/tftrain.jar (mvn -B -DskipTests package), ../shared/peer/ (the seed as runnable scripts) and
# Debian's torch with OpenBLAS. Without libopenblas0, Debian's libblas.so.3 is the reference BLAS and the
# seed's fully connected layers run ~25× slower than they should; we compare against the seed at its best.
set -euo pipefail
cd "$(dirname "$0")/.."
classes=()
out=/tmp/tftrain-compare
while [[ $# -gt 0 ]]; do
  case "$1" in
    --class) [[ $# -ge 2 ]] || { echo "compare_with_seed.sh: --class needs a class name" >&2; exit 2; }
             classes+=("$2"); shift 2 ;;
    --class=*) classes+=("${1#--class=}"); shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compare_with_seed.sh: unknown option $1" >&2; exit 2 ;;
    *) out=$1; shift ;;
  esac
done
[[ ${#classes[@]} -gt 0 ]] || classes=(native)
peer=${PEER_DIR:-../shared/peer}

# The caps of a class: oneDNN's, the seed's own ATen kernels', and the limit's ISA.
caps_of() {
  case "$1" in
    native) onednn_isa=""; aten=""; peak_isa="" ;;
    avx2) onednn_isa=AVX2; aten=avx2; peak_isa=avx2 ;;
    avx512) onednn_isa=AVX512_CORE; aten=avx512; peak_isa="" ;;
    avx512-vnni) onednn_isa=AVX512_CORE_VNNI; aten=avx512; peak_isa="" ;;
    avx512-bf16) onednn_isa=AVX512_CORE_BF16; aten=avx512; peak_isa="" ;;
    *) echo "compare_with_seed.sh: unknown class '$1' (native, avx2, avx512, avx512-vnni, avx512-bf16)" >&2; exit 2 ;;
  esac
}
for class in "${classes[@]}"; do caps_of "$class"; done # every name checked before anything is timed
mkdir -p "$out"

if ! /usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null || ! ls /usr/lib/x86_64-linux-gnu/openblas-pthread >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq python3-torch python3-torchvision python3-pil python3-numpy libopenblas0-pthread >/dev/null
fi

run() { echo "+ $*" >&2; "$@"; }
# Runs "$@" with the variables in the array named by $1 set (an empty array: the plain environment).
with_env() {
  local -n vars=$1; shift
  run env "${vars[@]}" "$@"
}
peakflops=${PEAKFLOPS:-../shared/tools/peakflops/peakflops.sh}
# A user's own switch would override auto's choice on every row; this script measures auto.
unset TF_ENABLE_ONEDNN_OPTS ONEDNN_MAX_CPU_ISA ATEN_CPU_CAPABILITY

for class in "${classes[@]}"; do
  caps_of "$class"
  seed_env=(); tftrain_env=(); peak_env=()
  if [[ -n $onednn_isa ]]; then
    seed_env+=("ONEDNN_MAX_CPU_ISA=$onednn_isa"); tftrain_env+=("ONEDNN_MAX_CPU_ISA=$onednn_isa")
  fi
  [[ -z $aten ]] || seed_env+=("ATEN_CPU_CAPABILITY=$aten")
  [[ -z $peak_isa ]] || peak_env+=("PEAKFLOPS_ISA=$peak_isa")
  echo "== class $class: seed ${seed_env[*]:-(no caps)}; tftrain ${tftrain_env[*]:-(no caps)} + auto" >&2

  peak=()
  if [[ -x "$peakflops" || -f "$peakflops" ]]; then
    with_env peak_env bash "$peakflops" > "$out/peakflops-$class.json"
    cat "$out/peakflops-$class.json"
    peak=(--peak-json "$out/peakflops-$class.json")
  fi
  with_env tftrain_env java -jar target/tftrain.jar bench --overwrite --json "$out/tftrain-$class.json" "${peak[@]}" \
    | tee "$out/tftrain-$class.txt"
  # bench runs training's kernel library; where predict gets the other one, time inference with that too.
  read -r ran predict < <(/usr/bin/python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))
print(t["kernel_library"], t["predict_kernel_library"])' "$out/tftrain-$class.json")
  if [[ $ran != "$predict" ]]; then
    switch=0; [[ $predict == oneDNN ]] && switch=1
    infer_env=("${tftrain_env[@]}" "TF_ENABLE_ONEDNN_OPTS=$switch")
    with_env infer_env java -jar target/tftrain.jar bench --overwrite --json "$out/tftrain-$class-inference.json" \
      "${peak[@]}" | tee "$out/tftrain-$class-inference.txt"
  fi
  with_env seed_env /usr/bin/python3 "$peer/seed_bench.py" --threads 2 --json "$out/seed-$class.json" \
    | tee "$out/seed-$class.txt"
  if [[ $class == native ]]; then
    for p in fp32 bf16; do
      run java -jar target/tftrain.jar bench --precision $p --overwrite --json "$out/tftrain-$p.json" "${peak[@]}" \
        | tee "$out/tftrain-$p.txt"
    done
  fi
done

/usr/bin/python3 - "$out" "${classes[@]}" <<'PY'
import json, os, sys
out, classes = sys.argv[1], sys.argv[2:]
def load(name):
    path = os.path.join(out, name)
    return json.load(open(path)) if os.path.exists(path) else None
def share(t, key):
    v = t.get(key) if t else None
    return "%.0f %%" % (100 * v) if v is not None else "-"
print("\n| CPU class | limit GFLOP/s | seed train / inference img/s | tftrain auto train / inference img/s"
      " | vs seed (train / inference) | tftrain share of the limit (train / inference) | tftrain's choice |")
print("|---|---|---|---|---|---|---|")
for c in classes:
    t, seed, peak = load("tftrain-%s.json" % c), load("seed-%s.json" % c), load("peakflops-%s.json" % c)
    infer = load("tftrain-%s-inference.json" % c) or t
    seed_train, seed_infer = seed["train"]["img_per_s"], seed["inference"]["img_per_s"]
    train_ips, infer_ips = t["train_images_per_sec"], infer["inference_images_per_sec"]
    how = "emulated" if "emulated" in t["cpu_class"] else "measured"
    limit = "-"
    if peak:
        limit = "%.0f fp32 (%s)" % (peak["fp32_gflops"], peak["isa"])
        if peak.get("bf16_gflops") and t["precision"] == "bf16":
            limit += ", %.0f bf16" % peak["bf16_gflops"]
    choice = "%s; train on %s, inference on %s" % (t["precision"], t["kernel_library"], infer["kernel_library"])
    print("| %s, %s (%s, family %s) | %s | %.1f / %.1f | %.1f / %.1f | %.2f× / %.2f× | %s / %s | %s |" % (
        t["cpu_class"].split(" (emulated")[0], how, peak["cpu"] if peak else "CPU", peak["cpu_family"] if peak else "?",
        limit, seed_train, seed_infer, train_ips, infer_ips, train_ips / seed_train, infer_ips / seed_infer,
        share(t, "train_share_of_limit"), share(infer, "inference_share_of_limit"), choice))
native_seed = load("seed-native.json")
if native_seed:
    print("\nThis machine without caps, each precision explicitly:")
    print("\n| | train img/s | inference img/s | vs seed (train / inference) | share of the limit (train / inference) |")
    print("|---|---|---|---|---|")
    seed_train, seed_infer = native_seed["train"]["img_per_s"], native_seed["inference"]["img_per_s"]
    print("| seed's PyTorch, 2 threads | %.1f | %.1f | 1.0× / 1.0× | |" % (seed_train, seed_infer))
    for p in ("fp32", "bf16"):
        t = load("tftrain-%s.json" % p)
        print("| tftrain %s | %.1f | %.1f | %.2f× / %.2f× | %s / %s |" % (p, t["train_images_per_sec"],
              t["inference_images_per_sec"], t["train_images_per_sec"] / seed_train,
              t["inference_images_per_sec"] / seed_infer, share(t, "train_share_of_limit"),
              share(t, "inference_share_of_limit")))
PY
