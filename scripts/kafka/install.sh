#!/usr/bin/env bash
# Fetches the Apache Kafka broker jars (version from scripts/versions.env) from Maven Central
# into .tools/kafka-$KAFKA_VERSION/libs, with a Maven local repository under .tools/m2.
# Idempotent: a stamp file makes a second run return at once.
# Usage: scripts/kafka/install.sh        (scripts/toolchain.sh kafka calls it)
LOG_TAG=kafka
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

KAFKA_HOME="$TOOLS/kafka-$KAFKA_VERSION"
STAMP="$KAFKA_HOME/.installed"
POM="$ROOT/scripts/kafka/pom.xml"
# The stamp records what was resolved, so a changed pom or version fetches again.
want="kafka_$SCALA_BINARY_VERSION:$KAFKA_VERSION $(sha256sum "$POM" | cut -c1-64)"

need_cmd java "apt-get install -y maven openjdk-17-jre-headless"
if [ -f "$STAMP" ] && [ "$(<"$STAMP")" = "$want" ] && [ -d "$KAFKA_HOME/libs" ]; then
  exit 0
fi
need_cmd mvn "apt-get install -y maven openjdk-17-jre-headless"

log "fetching kafka_$SCALA_BINARY_VERSION $KAFKA_VERSION jars from Maven Central into ${KAFKA_HOME#"$ROOT/"}/libs"
start=$SECONDS
# Resolve in a scratch copy so Maven's target/ never lands in the source tree; swap in at the end.
work="$KAFKA_HOME.tmp"
rm -rf "$work" && mkdir -p "$work" "$TOOLS/m2"
cp "$POM" "$work/pom.xml"
# Output goes to a log shown only on failure (Debian's mvn prints stray ANSI codes even with -q -B).
if ! mvn -B -q -Dstyle.color=never -f "$work/pom.xml" \
  -Dmaven.repo.local="$TOOLS/m2" \
  -Dkafka.version="$KAFKA_VERSION" -Dscala.binary.version="$SCALA_BINARY_VERSION" \
  -DincludeScope=runtime -DoutputDirectory="$work/libs" \
  dependency:copy-dependencies >"$work/mvn.log" 2>&1; then
  sed 's/\x1b\[[0-9;]*m//g' "$work/mvn.log" | tail -n 30 >&2
  die "mvn could not fetch kafka_$SCALA_BINARY_VERSION:$KAFKA_VERSION (network? Maven Central?). Fix: check the error above, then re-run scripts/kafka/install.sh"
fi
ls "$work/libs/kafka_$SCALA_BINARY_VERSION-$KAFKA_VERSION.jar" >/dev/null 2>&1 \
  || die "mvn ran but kafka_$SCALA_BINARY_VERSION-$KAFKA_VERSION.jar is not in $work/libs"

rm -rf "$KAFKA_HOME" && mkdir -p "$KAFKA_HOME"
mv "$work/libs" "$KAFKA_HOME/libs"
rm -rf "$work"
echo "$want" >"$STAMP"
ok "kafka $KAFKA_VERSION: $(ls "$KAFKA_HOME/libs" | wc -l) jars in $((SECONDS - start))s"
