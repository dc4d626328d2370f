#!/usr/bin/env bash
# Throughput of the exercise 01 reference answer, next to Node.js's built-in http server sending the
# same reply. Both get the same load (wrk, 2 threads, 50 keep-alive connections), in alternating
# runs; the Java answer passes when its median reaches 0.7 times Node's median (MIN_RATIO).
#
# Usage, from anywhere:
#   bench/hello-throughput.sh [--rounds N] [--duration 10s] [--no-nodelay]
#
#   --rounds N      measured runs per server (default 3; the median of them is compared)
#   --duration D    length of each run, in wrk's syntax (default 10s)
#   --no-nodelay    start Java with -Dsun.net.httpserver.nodelay=false: Nagle's algorithm then holds
#                   back each small keep-alive response until the client's delayed ACK (about 40 ms),
#                   and throughput collapses. The comparison is printed but not judged.
#
# Needs: a JDK 17+ (javac and java on PATH, or JAVA_HOME), node, wrk.
# The servers and wrk share this machine's CPU cores, so the figures are only comparable with each
# other, on the same machine, in the same run.
set -euo pipefail
# Numbers with a decimal point, whatever the user's locale.
export LC_ALL=C

readonly MIN_RATIO=0.7
rounds=3
duration=10s
nodelay=true

while (($# > 0)); do
  case "$1" in
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    --duration) duration=${2:?--duration needs a time such as 10s}; shift 2 ;;
    --no-nodelay) nodelay=false; shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "Unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "--rounds must be a whole number of at least 1, got \"$rounds\"" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac_bin=${JAVA_HOME:+$JAVA_HOME/bin/}javac

command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install wrk (Debian, Ubuntu) or brew install wrk (macOS)" >&2; exit 2; }
command -v node > /dev/null || { echo "node is not installed: apt-get install nodejs (Debian, Ubuntu) or brew install node (macOS)" >&2; exit 2; }
command -v "$javac_bin" > /dev/null || { echo "javac is not on PATH: install a JDK 17 or newer, or set JAVA_HOME" >&2; exit 2; }

work=$(mktemp -d)
java_pid=
node_pid=
wrk_pid=

stop_process() {
  local pid=$1
  kill -TERM "$pid" 2> /dev/null || return 0
  # Bounded: 5 s for the shutdown hooks, then SIGKILL.
  for _ in $(seq 50); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
}

cleanup() {
  if [[ -n "$wrk_pid" ]]; then
    kill -KILL "$wrk_pid" 2> /dev/null || true
    wait "$wrk_pid" 2> /dev/null || true
  fi
  [[ -z "$java_pid" ]] || stop_process "$java_pid"
  [[ -z "$node_pid" ]] || stop_process "$node_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits (at most 10 s) for the "Listening on http://host:port" line in a log; prints the port.
await_port() {
  local name=$1 pid=$2 log=$3 port
  for _ in $(seq 100); do
    port=$(sed -n 's|^Listening on http://[^ ]*:\([0-9][0-9]*\)$|\1|p' "$log" | head -n 1)
    if [[ -n "$port" ]]; then
      echo "$port"
      return 0
    fi
    if ! kill -0 "$pid" 2> /dev/null; then
      echo "$name exited before it was ready; its last lines:" >&2
      tail -n 5 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$name did not print its Listening line within 10 s" >&2
  return 1
}

# Runs wrk against a URL for a duration and sets rps to its requests per second. wrk runs in the
# background so that Ctrl+C or SIGTERM reach the traps at once, not when the run ends.
measure() {
  local url=$1 length=$2
  wrk -t2 -c50 -d"$length" "$url" > "$work/wrk.out" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid"
  wrk_pid=
  if grep -q 'Non-2xx\|Socket errors' "$work/wrk.out"; then
    echo "wrk saw errors against $url:" >&2
    cat "$work/wrk.out" >&2
  fi
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.out")
  [[ -n "$rps" ]] || { echo "wrk printed no Requests/sec against $url:" >&2; cat "$work/wrk.out" >&2; exit 1; }
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

"$javac_bin" --release 17 -d "$work/classes" \
  "$root/solutions/exercise-01-hello-server/src/main/java/workshop/hello/HelloServer.java"

HOST=127.0.0.1 PORT=0 "$java_bin" -Dsun.net.httpserver.nodelay="$nodelay" -cp "$work/classes" workshop.hello.HelloServer \
  > "$work/java.log" 2>&1 &
java_pid=$!
java_port=$(await_port "The Java server" "$java_pid" "$work/java.log")

HOST=127.0.0.1 PORT=0 node "$root/bench/hello-node.js" > "$work/node.log" 2>&1 &
node_pid=$!
node_port=$(await_port "The Node.js server" "$node_pid" "$work/node.log")

java_url="http://127.0.0.1:$java_port/"
node_url="http://127.0.0.1:$node_port/"
for url in "$java_url" "$node_url"; do
  reply=$(curl -s --max-time 5 -D - "$url" | tr -d '\r')
  grep -q '^HTTP/1.1 200' <<< "$reply" && grep -q '^Hello, world!$' <<< "$reply" \
    || { echo "$url did not answer 200 Hello, world!; it answered:" >&2; echo "$reply" >&2; exit 1; }
done

echo "$("$java_bin" -version 2>&1 | head -n 1); node $(node --version); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "$(getconf _NPROCESSORS_ONLN) CPU cores, shared by wrk and the server under test"
echo "Java: sun.net.httpserver.nodelay=$nodelay; load: wrk -t2 -c50 -d$duration per run, measured runs per server: $rounds, alternating"

# An unmeasured run each first, so the JIT has compiled Java's hot paths before the measured runs.
measure "$java_url" 5s
measure "$node_url" 5s

java_runs=()
node_runs=()
for round in $(seq "$rounds"); do
  measure "$java_url" "$duration"
  java_runs+=("$rps")
  measure "$node_url" "$duration"
  node_runs+=("$rps")
  printf 'round %d: java %10.0f req/s   node %10.0f req/s\n' "$round" "${java_runs[round - 1]}" "${node_runs[round - 1]}"
done

java_median=$(printf '%s\n' "${java_runs[@]}" | median)
node_median=$(printf '%s\n' "${node_runs[@]}" | median)
ratio=$(awk -v j="$java_median" -v n="$node_median" 'BEGIN { printf "%.2f", j / n }')
printf 'median:  java %10.0f req/s   node %10.0f req/s   java/node %s\n' "$java_median" "$node_median" "$ratio"

if [[ "$nodelay" == false ]]; then
  echo "(--no-nodelay shows the Nagle stall; it is not judged against $MIN_RATIO)"
elif awk -v r="$ratio" -v min="$MIN_RATIO" 'BEGIN { exit !(r >= min) }'; then
  echo "PASS: java/node $ratio >= $MIN_RATIO"
else
  echo "FAIL: java/node $ratio < $MIN_RATIO"
  exit 1
fi
