#!/usr/bin/env bash
# How long watch mode takes to re-grade exercise 01 after a save: from appending a comment line to
# HelloServer.java to the end of the report on the terminal (the "Graded in" line), for N saves in
# a row, PAUSE seconds apart (the learner reading the report).
#
#   bench/watch-latency.sh [finished|stub] [saves] [pause]     e.g. bench/watch-latency.sh finished 7 3
#
# "finished" grades the reference answer copied into the exercise; "stub" the exercise as it is.
# The exercise's HelloServer.java is put back as it was at the end, whatever it held.
# The wait for each report blocks on the log (tail -f): a loop that polled it would take processor
# time from the two things measured, the test JVM and the servers. The pause between saves stands
# for the learner reading the report.
set -euo pipefail
cd "$(dirname "$0")/.."

answer=${1:-finished}
saves=${2:-7}
pause=${3:-3}
module=exercise-01-hello-server
file=$module/src/main/java/workshop/hello/HelloServer.java
work=$(mktemp -d)
log=$work/watch.log
cp "$file" "$work/HelloServer.java"
group=

finish() {
    if [ -n "$group" ]; then
        kill -INT -- "-$group" 2>/dev/null || true
        for _ in $(seq 50); do ps -o pid= -g "$group" >/dev/null || break; sleep 0.1; done
        kill -- "-$group" 2>/dev/null || true
    fi
    cp "$work/HelloServer.java" "$file"
    rm -rf "$work"
}
trap finish EXIT

if [ "$answer" = finished ]; then
    cp solutions/$module/src/main/java/workshop/hello/HelloServer.java "$file"
fi

# Its own process group, with SIGINT at its default, so that the end is a Ctrl+C as a terminal sends it.
setsid env --default-signal=INT ./mvnw test -pl $module -P watch > "$log" 2>&1 &
group=$!
for _ in $(seq 600); do grep -q "^Watching" "$log" && break; sleep 0.2; done
grep -q "^Watching" "$log" || { echo "watch mode did not start; see its output:"; cat "$log"; exit 1; }
sleep "$pause"

times=()
for n in $(seq "$saves"); do
    # The next "Graded in" line, counted from the log's start, so it is found wherever tail begins.
    seen=$(grep -c "Graded in" "$log" || true)
    exec 3< <(timeout 60 tail -n +1 -f "$log" | grep --line-buffered -m "$((seen + 1))" "Graded in" | tail -n 1)
    start=$(date +%s%N)
    printf '// save %s %s\n' "$n" "$start" >> "$file"
    read -r line <&3 || { echo "no report within 60 s of save $n"; exit 1; }
    end=$(date +%s%N)
    exec 3<&-
    ms=$(( (end - start) / 1000000 ))
    times+=("$ms")
    echo "save $n: $ms ms   (${line#*Graded in }"
    sleep "$pause"
done

# The first save after the start is left out of the median: the compiler is still warming up then.
median=$(printf '%s\n' "${times[@]:1}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}')
echo "median of saves 2 to $saves: $median ms ($answer, $pause s between saves)"
