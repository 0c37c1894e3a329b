#!/usr/bin/env bash
# Learning quality as a measurement: trains a matrix of data sets × seeds × batch sizes with one set of
# training flags and prints, per cell, the best val_acc, its epoch, the first epoch at ≥ 0.90, whether the
# run diverged, and its seconds; then a summary line per data set.
#
#   tools/learning-matrix.sh                                   # the default recipe, default precision
#   tools/learning-matrix.sh --label seed -- --recipe seed     # the tutorial's exact recipe
#   SEEDS="1 2 3" BATCHES="32 64" EPOCHS=6 tools/learning-matrix.sh -- --precision fp32
#
# Data sets are made once from Fashion-MNIST's *train* split (Debian's dataset-fashion-mnist) with
# ../shared/peer/fmnist_to_imagefolder.py: 300 training and 100 validation images per class at 64×64:
#   easy  = sneaker/boot, hard = pullover/coat, multi = tshirt/trouser/pullover/dress.
# Run from the repository root after `mvn -B -DskipTests package` (JAVA=/path/to/java picks another JVM). One job at a time: the seconds column
# is only comparable within one sitting on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

label=default
while [[ $# -gt 0 && "$1" != "--" ]]; do
  case "$1" in
    --label) label="$2"; shift 2 ;;
    *) echo "usage: $0 [--label NAME] [-- TRAIN-FLAGS...]" >&2; exit 2 ;;
  esac
done
[[ "${1:-}" == "--" ]] && shift
extra=("$@")

SEEDS=${SEEDS:-"1 2 3"}
BATCHES=${BATCHES:-"32 64"}
EPOCHS=${EPOCHS:-6}
DATASETS=${DATASETS:-"easy hard multi"}
WORK=${WORK:-/tmp/tftrain-learning-matrix}
PEER=${PEER:-../shared/peer}
JAR=target/tftrain.jar

[[ -f "$JAR" ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
# A private copy, so a rebuild during a long matrix cannot swap the jar under a running cell.
mkdir -p "$WORK/runs"
cp "$JAR" "$WORK/tftrain-$label.jar"
JAR="$WORK/tftrain-$label.jar"

classes_of() {
  case "$1" in
    easy) echo sneaker,boot ;;
    hard) echo pullover,coat ;;
    multi) echo tshirt,trouser,pullover,dress ;;
    *) echo "unknown data set $1" >&2; exit 2 ;;
  esac
}

make_data() {
  local name=$1 out="$WORK/data/$1"
  [[ -d "$out/val" ]] && return 0
  if ! /usr/bin/python3 -c 'import PIL, numpy' 2>/dev/null || [[ ! -d /usr/share/datasets/fashion-mnist ]]; then
    echo "installing Debian's python3-pil, python3-numpy, dataset-fashion-mnist…" >&2
    apt-get update -qq && apt-get install -y -qq python3-pil python3-numpy dataset-fashion-mnist >/dev/null
  fi
  /usr/bin/python3 "$PEER/fmnist_to_imagefolder.py" --out "$out" --classes "$(classes_of "$name")" \
    --train-per-class 300 --val-per-class 100 --size 64 --seed 1 --clean >/dev/null
}

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')"
echo "Learning matrix '$label': $EPOCHS epochs, flags: ${extra[*]:-(none)}; CPU: $cpu"
echo
echo "| data | seed | batch | precision | best val_acc | epoch of best | epoch ≥ 0.90 | diverged | seconds |"
echo "|---|---|---|---|---|---|---|---|---|"
results="$WORK/$label.results"
: > "$results"
for data in $DATASETS; do
  make_data "$data"
  for batch in $BATCHES; do
    for seed in $SEEDS; do
      run="$WORK/runs/$label-$data-b$batch-s$seed"
      rm -rf "$run"
      start=$(date +%s.%N)
      set +e
      ${JAVA:-java} -jar "$JAR" train --data "$WORK/data/$data" --epochs "$EPOCHS" --seed "$seed" -b "$batch" \
        --no-progress -o "$run" "${extra[@]}" > "$run.log" 2>&1
      code=$?
      set -e
      seconds=$(echo "$(date +%s.%N) - $start" | bc)
      precision=$(sed -n 's/^Device: .*threads, \([a-z0-9]*\).*/\1/p' "$run.log" | head -1)
      diverged=no
      if grep -q "training diverged" "$run.log"; then diverged=yes; elif [[ $code -ne 0 ]]; then diverged="error $code"; fi
      read -r best best_epoch first90 < <(awk -F, 'NR > 1 {
          if ($6 > best) { best = $6; at = $1 }
          if (first == "" && $6 >= 0.90) first = $1 }
        END { printf "%.4f %s %s\n", best, (at == "" ? "-" : at), (first == "" ? "-" : first) }' "$run/metrics.csv" 2>/dev/null || echo "0 - -")
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %.0f |\n" "$data" "$seed" "$batch" "${precision:-?}" \
        "$best" "$best_epoch" "$first90" "$diverged" "$seconds"
      echo "$data $seed $batch $best $diverged" >> "$results"
      rm -rf "$run"
    done
  done
done
rm -f "$JAR"
echo
awk '{ n[$1]++; sum[$1] += $4; if (min[$1] == "" || $4 < min[$1]) min[$1] = $4; if ($5 != "no") div[$1]++ }
  END { for (d in n) printf "%s: mean best val_acc %.4f, worst %.4f, diverged %d of %d\n", d, sum[d] / n[d], min[d], div[d] + 0, n[d] }' "$results" | sort
