#!/usr/bin/env bash
# Assembles the installable archive from the packaged jars (server/target, client/target):
#   packaging/build-dist.sh OUTPUT_DIR     writes OUTPUT_DIR/my-chat-<version>.tar.gz and prints its path
# Needs JAVA_HOME: a JDK 21 or newer whose jlink can link a runtime: one with jmods/, or a JDK 24+ built to link from
# its own runtime image (JEP 493), as Temurin 25 is. On JDK 25+ the archive also carries the server's AOT cache.
# The archive holds one folder, my-chat-<version>/: bin/ (launchers), lib/ (jars, JVM options, the server's AOT
# cache), runtime/ (a Java runtime trimmed by jlink to the modules the jars use), etc/ (systemd unit, sample
# environment file), README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:?usage: build-dist.sh OUTPUT_DIR}"
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
server_jar="$root/server/target/my-chat-server.jar"
client_jar="$root/client/target/my-chat-client.jar"
for jar in "$server_jar" "$client_jar"; do
  [[ -f "$jar" ]] || { echo "build-dist: $jar is missing; build the jars first (./run dist does)" >&2; exit 1; }
done

version="$("$JAVA_HOME/bin/java" -jar "$server_jar" --version | awk '{print $2}')"
major="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
name="my-chat-$version"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d "$out/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tree="$work/$name"
mkdir -p "$tree/lib"

# The modules the jars refer to, plus those only reached by name at run time: DNS through JNDI (Netty's resolver
# finds the name servers with it), the EC provider for TLS, and the zip file system the server reads the web
# client's files from its own jar with.
modules="$("$JAVA_HOME/bin/jdeps" --multi-release "$major" --ignore-missing-deps --print-module-deps \
  "$server_jar" "$client_jar"),jdk.naming.dns,jdk.crypto.ec,jdk.zipfs"
if ! "$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$tree/runtime" \
    --strip-debug --no-header-files --no-man-pages --compress zip-6; then
  echo "build-dist: $JAVA_HOME cannot link a runtime: install its jmods (Debian: openjdk-<N>-jmods) or use a" \
    "JDK 24+ that links from its own image (Temurin 25)" >&2
  exit 1
fi

cp "$server_jar" "$client_jar" "$tree/lib/"
cp -r "$here/src/dist/bin" "$here/src/dist/etc" "$tree/"
grep -v '^\s*#' "$root/server/jvm.options" | grep -v '^\s*$' >"$tree/lib/server.jvm.options"
# protobuf (the OTLP metrics' encoding) uses sun.misc.Unsafe, which JDK 23+ warns about on standard error.
if (( major >= 23 )); then
  echo "--sun-misc-unsafe-memory-access=allow" >>"$tree/lib/server.jvm.options"
fi
cp "$root/README.md" "$tree/"
printf '%s\n' "$version" >"$tree/VERSION"
chmod 755 "$tree/bin/"*

# The AOT cache, trained by the packaged runtime with the launcher's own options (a cache made by another JDK
# build, or for other options, would be declined). Without it the server still starts, only colder.
mapfile -t server_opts <"$tree/lib/server.jvm.options"
if (( major < 25 )); then
  echo "build-dist: JDK $major has no AOT cache (25+); the archive has none" >&2
elif "$tree/runtime/bin/java" "${server_opts[@]}" -XX:AOTCacheOutput="$tree/lib/my-chat-server.aot" \
    -Xlog:aot=off -Xlog:cds=off -cp "$tree/lib/my-chat-server.jar" mychat.server.training.TrainingRun \
    >"$work/training.log" 2>&1 && [[ -f "$tree/lib/my-chat-server.aot" ]]; then
  :
else
  rm -f "$tree/lib/my-chat-server.aot" "$tree/lib/my-chat-server.aot.config"
  echo "build-dist: the AOT training run failed; the archive has no AOT cache:" >&2
  tail -20 "$work/training.log" >&2
fi

tar -C "$work" -czf "$out/$name.tar.gz" --owner=0 --group=0 "$name"
echo "$out/$name.tar.gz"
