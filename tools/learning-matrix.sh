#!/usr/bin/env bash
# Learning quality as a measurement: trains a matrix of data sets × seeds × batch sizes with one set of
# training flags and prints, per cell, the best val_acc, its epoch, the last epoch's val_acc, the mean of the
# last three epochs, the first epoch at ≥ 0.90, whether the run diverged, and its seconds; then a summary line per
# data set with the spread across seeds (the model a user keeps is the last one as often as the best).
#
#   tools/learning-matrix.sh                                   # the default recipe, default precision
#   tools/learning-matrix.sh --label seed -- --recipe seed     # the tutorial's exact recipe
#   SEEDS="1 2 3" BATCHES="32 64" EPOCHS=6 tools/learning-matrix.sh -- --precision fp32
# One ingredient at a time against the default (issue 20; the default decays the rate ×0.1 after 2/3 and 5/6
# of the epochs; each of these is off unless given; docs/learning-quality.md has what each measured):
#   tools/learning-matrix.sh --label cosine -- --lr-schedule cosine      # to 0 after the warm-up, per step
#   tools/learning-matrix.sh --label half -- --lr-boundaries 3,4         # ×0.1 after 50 % and 75 % of 6 epochs (the earlier default)
#   tools/learning-matrix.sh --label plateau -- --lr-schedule plateau --lr-patience 1
#   tools/learning-matrix.sh --label wd -- --weight-decay 0.0005         # biases excluded
#   tools/learning-matrix.sh --label ls -- --label-smoothing 0.1
#   tools/learning-matrix.sh --label ema -- --ema-decay 0.95             # validation, best/ and last/ averaged
#   tools/learning-matrix.sh --label crop -- --crop random               # random 224 of 256, as the AlexNet paper
#   tools/learning-matrix.sh --label jitter -- --color-jitter 0.2
#
# Data sets are made once from Fashion-MNIST's *train* split (Debian's dataset-fashion-mnist) with
# ../shared/peer/fmnist_to_imagefolder.py: 300 training and 100 validation images per class at 64×64:
#   easy  = sneaker/boot, hard = pullover/coat, multi = tshirt/trouser/pullover/dress.
# Other held-out sets of the same classes: easy-s2 (the converter's seed 2 instead of 1), easy-test (val/ from the
# test split), likewise hard-… and multi-….
# Run from the repository root after `mvn -B -DskipTests package` (JAVA=/path/to/java picks another JVM). One job at a time: the seconds column
# is only comparable within one sitting on a quiet machine. LOCK=FILE runs each cell under `flock FILE`, so a
# benchmark that takes the same lock gets the machine to itself between two cells.
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

classes_of() {
  case "${1%%-*}" in
    easy) echo sneaker,boot ;;
    hard) echo pullover,coat ;;
    multi) echo tshirt,trouser,pullover,dress ;;
    *) return 1 ;;
  esac
}

# The converter's arguments for a data set's split: its seed (1, or N of NAME-sN), and validation from the test split
# for NAME-test.
split_of() {
  case "$1" in
    *-test) echo "--seed 1 --val-split test" ;;
    *-s*) [[ "${1##*-s}" =~ ^[0-9]+$ ]] && echo "--seed ${1##*-s}" ;;
    *-*) return 1 ;;
    *) echo "--seed 1" ;;
  esac
}

# Every name checked before anything is written.
for data in $DATASETS; do
  if ! classes_of "$data" >/dev/null || ! split_of "$data" >/dev/null; then
    echo "unknown data set $data (easy, hard or multi, optionally with -sN or -test: easy-s2, hard-test)" >&2
    exit 2
  fi
done

[[ -f "$JAR" ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
# A private copy, so a rebuild during a long matrix cannot swap the jar under a running cell.
mkdir -p "$WORK/runs"
cp "$JAR" "$WORK/tftrain-$label.jar"
JAR="$WORK/tftrain-$label.jar"

make_data() {
  local name=$1 out="$WORK/data/$1"
  [[ -d "$out/val" ]] && return 0
  if ! /usr/bin/python3 -c 'import PIL, numpy' 2>/dev/null || [[ ! -d /usr/share/datasets/fashion-mnist ]]; then
    echo "installing Debian's python3-pil, python3-numpy, dataset-fashion-mnist…" >&2
    apt-get update -qq && apt-get install -y -qq python3-pil python3-numpy dataset-fashion-mnist >/dev/null
  fi
  local split
  read -ra split < <(split_of "$name")
  /usr/bin/python3 "$PEER/fmnist_to_imagefolder.py" --out "$out" --classes "$(classes_of "$name")" \
    --train-per-class 300 --val-per-class 100 --size 64 "${split[@]}" --clean >/dev/null
}

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')"
echo "Learning matrix '$label': $EPOCHS epochs, flags: ${extra[*]:-(none)}; CPU: $cpu"
echo
echo "| data | seed | batch | precision | best val_acc | epoch of best | last val_acc | mean of last 3 | epoch ≥ 0.90 | diverged | seconds |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
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
      ${LOCK:+flock "$LOCK"} ${JAVA:-java} -jar "$JAR" train --data "$WORK/data/$data" --epochs "$EPOCHS" --seed "$seed" -b "$batch" \
        --no-progress -o "$run" "${extra[@]}" > "$run.log" 2>&1
      code=$?
      set -e
      seconds=$(echo "$(date +%s.%N) - $start" | bc)
      precision=$(sed -n 's/^Device: .*threads, \([a-z0-9]*\).*/\1/p' "$run.log" | head -1)
      diverged=no
      if grep -q "training diverged" "$run.log"; then diverged=yes; elif [[ $code -ne 0 ]]; then diverged="error $code"; fi
      read -r best best_epoch last last3 first90 < <(awk -F, 'NR > 1 {
          n++; acc[n] = $6
          if ($6 > best) { best = $6; at = $1 }
          if (first == "" && $6 >= 0.90) first = $1 }
        END { k = (n < 3 ? n : 3); for (i = n - k + 1; i <= n; i++) tail += acc[i]
          printf "%.4f %s %.4f %.4f %s\n", best, (at == "" ? "-" : at), acc[n], (k ? tail / k : 0), (first == "" ? "-" : first) }' \
        "$run/metrics.csv" 2>/dev/null || echo "0 - 0 0 -")
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f |\n" "$data" "$seed" "$batch" "${precision:-?}" \
        "$best" "$best_epoch" "$last" "$last3" "$first90" "$diverged" "$seconds"
      echo "$data $seed $batch $best ${diverged// /-} $last $last3" >> "$results"
      rm -rf "$run"
    done
  done
done
rm -f "$JAR"
echo
# Per data set: mean and range (worst..best across seeds and batches) of the best, the last and the last-3 mean over
# the cells that ran (a diverged run counts, with what it reached; a run that ended in an error, a bad flag or a crash,
# does not: it is counted as failed).
awk 'function span(lo, hi) { return sprintf("%.4f..%.4f", lo, hi) }
  { d = $1; all[d]++; if ($5 ~ /^error/) { failed[d]++; next }
    n[d]++; if ($5 == "yes") div[d]++
    for (c = 0; c < 3; c++) { v = (c == 0 ? $4 : c == 1 ? $6 : $7); sum[d, c] += v
      if (n[d] == 1 || v < lo[d, c]) lo[d, c] = v; if (n[d] == 1 || v > hi[d, c]) hi[d, c] = v } }
  END { for (d in all) {
          if (!n[d]) { printf "%s: every one of %d cells failed (see their logs)\n", d, all[d]; continue }
          printf "%s: best %.4f (%s), last %.4f (%s), last-3 mean %.4f (%s), diverged %d of %d%s\n", d,
            sum[d, 0] / n[d], span(lo[d, 0], hi[d, 0]), sum[d, 1] / n[d], span(lo[d, 1], hi[d, 1]),
            sum[d, 2] / n[d], span(lo[d, 2], hi[d, 2]), div[d] + 0, n[d],
            (failed[d] ? sprintf(", %d more failed", failed[d]) : "") } }' "$results" | sort
