#!/usr/bin/env bash
# Scale-out benchmark on emulated hosts: one process on one core against N workers on N emulated hosts (one
# core each, links shaped to RATE by ../shared/tools/netem-cluster/netem-cluster.sh), the same global batch.
# Prints img/s, speed-up, scaling efficiency, and the cluster's step time split into compute (one process on
# one core with a worker's share of the batch) and exposed communication (the rest), and the speed-up N hosts
# would reach with no communication at all. Needs root (namespaces).
# The emulated hosts share one box's memory bandwidth and caches, which separate machines would not: each round also
# runs N plain processes at once, one per core with a worker's share (no cluster), and prints the slower one's img/s
# as the box's own ceiling and, per cluster row, the time beyond it ("beyond box s": what the exchange itself costs).
# Figures are of epoch 2 (epoch 1 holds the warm-up); train-only img/s as the epoch line prints it.
#
#   tools/scale-out-bench.sh [--hosts N] [--rate 1gbit,10gbit] [--precision fp32|bf16] [--reduce-dtype fp32,bf16]
#                            [-b 32] [--steps 6] [--jar target/tftrain.jar] [--data DIR] [--no-baseline] [--rounds N]
#                            [--no-side-by-side] [-- TRAIN_ARGS…]
#   --rounds N         N rounds, each its own baseline then the cluster runs (the machine drifts over minutes: a ratio
#                      is only as good as a baseline taken next to it), and the median speed-up per row at the end
#   --interop N        TF_NUM_INTEROP_THREADS=N for the workers (builds before the server set 4 inter-op threads itself)
#   --reduce-dtype -   passes none (a build from before the option); BASE_IMGS=… SHARE_IMGS=… with --no-baseline
#                      reuse baseline figures of the same sitting.
#
# Keeps only the logs (the run folders would take a few GB per invocation).
# Takes the project's lock (/tmp/tftrain-bench.lock) around each run, so it never times next to another job.
set -euo pipefail
cd "$(dirname "$0")/.."
NETEM=${NETEM:-../shared/tools/netem-cluster/netem-cluster.sh}
LOCK=${LOCK:-/tmp/tftrain-bench.lock}
HOSTS=2 RATES=10gbit PRECISION=fp32 REDUCE=fp32 BATCH=32 STEPS=6 JAR=target/tftrain.jar DATA=data BASELINE=1 INTEROP=
ROUNDS=1 SIDE=1
EXTRA=()
while [ $# -gt 0 ]; do
  case $1 in
    --hosts) HOSTS=$2; shift 2 ;;
    --rate) RATES=$2; shift 2 ;;
    --precision) PRECISION=$2; shift 2 ;;
    --reduce-dtype) REDUCE=$2; shift 2 ;;
    -b) BATCH=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --no-baseline) BASELINE=0; shift ;;
    --interop) INTEROP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --no-side-by-side) SIDE=0; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    *) echo "scale-out-bench: unknown argument $1 (see the first lines of $0)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "scale-out-bench: needs root for the network namespaces" >&2; exit 2; }
[ $((BATCH % HOSTS)) = 0 ] || { echo "scale-out-bench: -b $BATCH does not split over $HOSTS hosts" >&2; exit 2; }
JAR=$(realpath "$JAR")
WORK=$(mktemp -d /tmp/scale-out-bench.XXXXXX)
# A validation set of two images per class: validation is not what is measured, and it runs between epochs.
mkdir -p "$WORK/data/val"
ln -s "$(realpath "$DATA/train")" "$WORK/data/train"
for class in "$DATA"/train/*/; do
  name=$(basename "$class"); mkdir -p "$WORK/data/val/$name"
  files=("$class"*); cp "${files[@]:0:2}" "$WORK/data/val/$name/"
done
TRAIN=(train --data "$WORK/data" --epochs 2 --max-batches "$STEPS" --seed 1 --no-progress --threads 1
  --precision "$PRECISION" "${EXTRA[@]}")

# Any other java or mvn running while a run is timed (the lock keeps the project's own jobs out): recorded.
quiet_check() { echo "$(date -u +%T) other java/mvn: $(pgrep -c -f '^(/usr/lib/jvm/[^ ]*/)?(java|mvn) ' || true)"; }
export -f quiet_check

# Epoch 2's img/s from a log.
imgs() { grep -h "^Epoch 2/2" "$1" | sed -E 's/.* ([0-9.]+) img\/s.*/\1/'; }

# One process on core 0: img/s of batch $1.
single() {
  local b=$1 log=$WORK/single-b$1.log
  flock "$LOCK" bash -c '"$0" >>"$1"; exec taskset -c 0 "${@:2}"' quiet_check "$WORK/busy.log" \
    java -jar "$JAR" "${TRAIN[@]}" -b "$b" -o "$WORK/single-b$b" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  rm -rf "$WORK/single-b$b"   # its SavedModels and checkpoint, ~1 GB: only the log is read
  imgs "$log"
}

# N plain processes at once with batch $1, process k on core k-1 as the emulated hosts are: the slowest one's img/s
# (a synchronous step waits for the slowest worker).
side_by_side() {
  local b=$1 out=$WORK/side-b$1
  flock "$LOCK" bash -c '
    "$0" >>"$1"
    pids=()
    for k in $(seq 1 "$2"); do
      taskset -c $((k - 1)) java -jar "$3" "${@:6}" -b "$4" -o "$5-$k" >"$5-$k.log" 2>&1 &
      pids+=($!)
    done
    status=0; for p in "${pids[@]}"; do wait "$p" || status=1; done
    exit $status' quiet_check "$WORK/busy.log" "$HOSTS" "$JAR" "$b" "$out" "${TRAIN[@]}" \
    || { cat "$out-1.log" >&2; exit 1; }
  for k in $(seq 1 "$HOSTS"); do rm -rf "$out-$k"; done
  for k in $(seq 1 "$HOSTS"); do imgs "$out-$k.log"; done | sort -n | head -1
}

# N hosts at rate $1 with reduce dtype $2: the chief's img/s.
cluster() {
  local rate=$1 reduce=$2 hosts="" log=$WORK/cluster-$1-$2
  for k in $(seq 1 "$HOSTS"); do hosts+="${hosts:+,}10.77.0.$k:2222"; done
  flock "$LOCK" bash -c '
    set -e
    quiet_check >>"$5.busy"
    "$0" up "$1" "$2" >/dev/null
    pids=()
    for k in $(seq 1 "$1"); do
      wire=(); [ "$7" = "-" ] || wire=(--reduce-dtype "$7")
      "$0" run "$k" $((k - 1)) env ${8:+TF_NUM_INTEROP_THREADS=$8} java -jar "$3" "${@:9}" -b "$4" -o "$5/run" --cluster "$6" --task $((k - 1)) \
        "${wire[@]}" >"$5-$k.log" 2>&1 &
      pids+=($!)
    done
    status=0; for p in "${pids[@]}"; do wait "$p" || status=1; done
    "$0" down; exit $status' "$NETEM" "$HOSTS" "$rate" "$JAR" "$BATCH" "$log" "$hosts" "$reduce" "$INTEROP" "${TRAIN[@]}" \
    || { cat "$log-1.log" >&2; exit 1; }
  rm -rf "$log"   # the chief's run folder (~1–2 GB); the workers' logs stay
  imgs "$log-1.log"
}

echo "scale-out-bench: $HOSTS hosts × 1 core, global -b $BATCH, $STEPS steps/epoch (epoch 2), $PRECISION compute${INTEROP:+, workers with TF_NUM_INTEROP_THREADS=$INTEROP}, $(date -u +%F)"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs)"
declare -A SPEEDUPS
for round in $(seq 1 "$ROUNDS"); do
  [ "$ROUNDS" = 1 ] || echo "round $round of $ROUNDS, $(date -u +%T)"
  if [ "$BASELINE" = 1 ] || [ -z "${BASE_IMGS:-}" ] || [ -z "${SHARE_IMGS:-}" ]; then
    BASE_IMGS=$(single "$BATCH")
    SHARE_IMGS=$(single $((BATCH / HOSTS)))
  fi
  SIDE_IMGS=""
  [ "$SIDE" = 0 ] || SIDE_IMGS=$(side_by_side $((BATCH / HOSTS)))
  printf '%-34s %8s %8s %6s %9s %9s %9s%s\n' run img/s speed-up eff. "step s" "compute s" "exposed s" \
    "${SIDE_IMGS:+ beyond box s}"
  printf '%-34s %8.2f %8s %6s %9.2f\n' "1 process, 1 core, -b $BATCH" "$BASE_IMGS" 1.00 - "$(echo "$BATCH / $BASE_IMGS" | bc -l)"
  COMPUTE=$(echo "$BATCH / $HOSTS / $SHARE_IMGS" | bc -l)
  for rate in ${RATES//,/ }; do
    for reduce in ${REDUCE//,/ }; do
      img=$(cluster "$rate" "$reduce")
      step=$(echo "$BATCH / $img" | bc -l)
      speedup=$(printf '%.2f' "$(echo "$img / $BASE_IMGS" | bc -l)")
      SPEEDUPS["$rate/$reduce"]+="$speedup "
      beyond=""
      [ -z "$SIDE_IMGS" ] || beyond=$(printf ' %13.2f' "$(echo "$step - $BATCH / $HOSTS / $SIDE_IMGS" | bc -l)")
      printf '%-34s %8.2f %8.2f %5.0f%% %9.2f %9.2f %9.2f%s\n' "$HOSTS hosts, $rate, reduce $reduce" "$img" \
        "$speedup" "$(echo "100 * $img / $BASE_IMGS / $HOSTS" | bc -l)" "$step" "$COMPUTE" \
        "$(echo "$step - $COMPUTE" | bc -l)" "$beyond"
    done
  done
  echo "(compute: one process on one core with -b $((BATCH / HOSTS)), $SHARE_IMGS img/s; logs in $WORK)"
  # What N hosts could reach with no communication at all: a worker's share of the batch costs more than its share.
  printf 'no-communication ceiling: %.2f× (one core: -b %s step / -b %s step)\n' \
    "$(echo "$BATCH / $BASE_IMGS / $COMPUTE" | bc -l)" "$BATCH" "$((BATCH / HOSTS))"
  if [ -n "$SIDE_IMGS" ]; then
    printf 'side by side: %s processes at once, -b %s each, no cluster: %s img/s the slower (alone: %s); the box'"'"'s ceiling %.2f×\n' \
      "$HOSTS" "$((BATCH / HOSTS))" "$SIDE_IMGS" "$SHARE_IMGS" "$(echo "$HOSTS * $SIDE_IMGS / $BASE_IMGS" | bc -l)"
  fi
done
if [ "$ROUNDS" -gt 1 ]; then
  for rate in ${RATES//,/ }; do
    for reduce in ${REDUCE//,/ }; do
      all=${SPEEDUPS["$rate/$reduce"]}
      median=$(tr ' ' '\n' <<<"$all" | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
      printf 'median of %d rounds, %s hosts, %s, reduce %s: %.2f× (each: %s)\n' "$ROUNDS" "$HOSTS" "$rate" "$reduce" \
        "$median" "${all% }"
    done
  done
fi
