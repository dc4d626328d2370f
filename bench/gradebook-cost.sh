#!/usr/bin/env bash
# What grading a whole class costs per student, against what the student's own commands cost: a
# copy of the workshop whose exercises hold the reference answers is one student. The per-exercise
# command (./mvnw test -pl <exercise>) is timed in that copy for every exercise; then bin/gradebook
# grades a class of N such copies. The target: gradebook's time per student at most 1.5 times the
# sum of that student's per-exercise commands.
#
#   bench/gradebook-cost.sh [students]      e.g. bench/gradebook-cost.sh 6
#
# Warm first (Maven's start, the compiled answers), so neither side pays for downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

students=${1:-6}
work=$root/target/bench-gradebook
rm -rf "$work"
mkdir -p "$work/class"

seconds() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) / 1e9 }'
}

# One student: the workshop with every exercise answered by the reference.
student=$work/class/student-1
git clone -q "$root" "$student"
exercises=$(bin/exercises pom.xml)
for exercise in $exercises; do
  rm -rf "$student/$exercise/src/main/java"
  cp -r "solutions/$exercise/src/main/java" "$student/$exercise/src/main/java"
done
for n in $(seq 2 "$students"); do
  cp -r "$student" "$work/class/student-$n"
done

# The student's own commands, warm, each exercise once after one warm-up run.
own=0
for exercise in $exercises; do
  (cd "$student" && ./mvnw -q test -pl "$exercise" > /dev/null 2>&1) || true
  s=$(cd "$student" && seconds ./mvnw test -pl "$exercise")
  echo "per-exercise command, $exercise: $s s"
  own=$(awk -v a="$own" -v b="$s" 'BEGIN { printf "%.2f", a + b }')
done
echo "sum of the per-exercise commands: $own s"

# The class, graded by this workshop's copy of the checks (warmed by the runs above).
total=$(seconds sh bin/gradebook -o "$work/out" "$work/class")
per=$(awk -v t="$total" -v n="$students" 'BEGIN { printf "%.2f", t / n }')
cat "$work/out/gradebook.md"
echo "gradebook: $students students in $total s, $per s each; ratio to the sum of the per-exercise commands $(awk -v p="$per" -v o="$own" 'BEGIN { printf "%.2f", p / o }')"
