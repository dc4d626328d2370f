#!/usr/bin/env bash
# How much time the checks add to a learner's run: the per-exercise command on the reference
# answer, warm, against the same Maven running a trivial one-test module, alternating, N rounds.
#
#   bench/grading-overhead.sh [exercise] [rounds]      e.g. bench/grading-overhead.sh exercise-01-hello-server 5
#
# Prints every run, the medians, the ratio and the seconds the checks add. The target is a ratio of
# at most 1.5. Both commands run with the JVM settings of .mvn/jvm.config, so a quicker Maven
# shortens both and raises the ratio; the seconds added are the checks' own cost.
set -euo pipefail
cd "$(dirname "$0")/.."

exercise=${1:-exercise-01-hello-server}
rounds=${2:-5}
trivial=target/bench-trivial

mkdir -p "$trivial/src/test/java/bench"
cat > "$trivial/pom.xml" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>workshop</groupId>
    <artifactId>how-servers-work</artifactId>
    <version>1.0.0-SNAPSHOT</version>
    <relativePath>../../pom.xml</relativePath>
  </parent>
  <artifactId>bench-trivial</artifactId>
  <dependencies>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>
POM
cat > "$trivial/src/test/java/bench/TrivialTest.java" <<'JAVA'
package bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrivialTest {
    @Test
    void adds() {
        assertEquals(2, 1 + 1);
    }
}
JAVA

seconds() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) / 1e9 }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Warm both: Maven's own start, compiled classes, the compiled answer.
./mvnw -q -f "$trivial/pom.xml" test > /dev/null 2>&1
./mvnw -q test -pl "$exercise" -Dworkshop.answer=reference > /dev/null 2>&1

checks=()
baseline=()
for round in $(seq 1 "$rounds"); do
  b=$(seconds ./mvnw -f "$trivial/pom.xml" test)
  c=$(seconds ./mvnw test -pl "$exercise" -Dworkshop.answer=reference)
  baseline+=("$b")
  checks+=("$c")
  echo "round $round: trivial module ${b} s, $exercise on the reference answer ${c} s"
done

b=$(printf '%s\n' "${baseline[@]}" | median)
c=$(printf '%s\n' "${checks[@]}" | median)
echo "median of $rounds: trivial module ${b} s, $exercise ${c} s, ratio $(awk -v c="$c" -v b="$b" 'BEGIN { printf "%.2f", c / b }'), checks add $(awk -v c="$c" -v b="$b" 'BEGIN { printf "%.2f", c - b }') s"
