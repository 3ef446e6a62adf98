#!/usr/bin/env bash
# plugin-out-of-tree.sh — what docs/plugins.md promises a plugin author: install
# the plugin API package, build docs/examples/hello-plugin from a directory of its
# own with find_package(RotundaPluginApi), and have Rotunda load it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$ROTUNDA_BINARY_DIR" --component plugin-api --prefix "$work/prefix" >/dev/null
check "the package config is installed" test -f "$work/prefix/lib/cmake/RotundaPluginApi/RotundaPluginApiConfig.cmake"
check "the headers are installed" test -f "$work/prefix/include/rotunda/plugin/Plugin.h"

cp -r "$ROTUNDA_SOURCE_DIR/docs/examples/hello-plugin" "$work/src"
cmake -S "$work/src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >"$work/cmake.log" 2>&1 \
  || { cat "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
check "the plugin is built as hello-auth.so" test -f "$work/build/hello-auth.so"
exported=$(nm -D --defined-only "$work/build/hello-auth.so" | awk '{print $3}' | grep -v '^_' | sort | tr '\n' ' ')
check "it exports only the descriptor" equals "$exported" "rotunda_plugin "

cat >"$work/site.properties" <<CONF
plugins.directory = $work/build
plugins.dataDirectory = $work/data
plugins.hello-auth.enabled = true
plugins.hello-auth.user = alice
plugins.hello-auth.password = example-secret
CONF
set +e
listing=$("$ROTUNDA_ADMIN" --config "$work/site.properties" plugins 2>&1)
status=$?
set -e
echo "$listing"
check "rotunda-admin finds it loadable" equals "$status" "0"
check "it is loaded" contains "$listing" "hello-auth 1.0.0"
check "with its authenticator" contains "$listing" "provides:    PasswordAuthenticator:hello"
check "its password masked" contains "$listing" "plugins.hello-auth.password (string, required, secret) = ********"

# And rotundad starts with it and reports it healthy.
port=$(free_port)
cd "$work"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
pid=$!
wait_for_http "http://127.0.0.1:$port/health" 30
health=$(curl -s "http://127.0.0.1:$port/health")
kill -TERM "$pid"
wait_for_exit "$pid" 30
check "rotundad reports the plugin ok" equals \
  "$(json_field "$health" "[p for p in d['plugins'] if p['id']=='hello-auth'][0]['state']")" "ok"
finish
