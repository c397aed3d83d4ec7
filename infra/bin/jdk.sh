# Sourced by ./start, ./test and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Keeps a JAVA_HOME that already qualifies; otherwise looks in /usr/lib/jvm and /opt/java.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/* /opt/java/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best=$candidate best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "permit-ledger needs a JDK 21 or newer: set JAVA_HOME to one (found none under /usr/lib/jvm or /opt/java)" >&2
    return 1
  fi
  export JAVA_HOME=$best
}

pick_jdk || exit 1
echo "Using JDK $(java_major "$JAVA_HOME") at $JAVA_HOME" >&2
