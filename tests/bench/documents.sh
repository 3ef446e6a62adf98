#!/usr/bin/env bash
# documents.sh — upload and download throughput of 10 MB documents through rotundad
# (fs-documents plugin) against a plain cp of the same file on the same disk, in the
# same run, printed as ratios, with the server's peak RSS.
#
# The store flushes every document to disk before answering (fsync), so the
# baseline is measured twice: cp alone (page cache only) and cp followed by
# sync of the copy (what the store promises). Rounds alternate between Rotunda
# and the baseline and the medians are compared, so one disturbed round on a
# shared machine does not decide the ratio. Figures only: not a test.
#
# Usage: tests/bench/documents.sh [DOCUMENTS_PER_ROUND] [ROUNDS]   (default 20, 3)
# Environment: ROTUNDA_BUILD_DIR (default <repo>/build), built first if needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ROTUNDA_BUILD_DIR:-$root/build}
count=${1:-20}
rounds=${2:-3}
size_mb=10

for tool in curl python3 cmake sync; do
  command -v "$tool" >/dev/null || { echo "documents bench: $tool is missing" >&2; exit 1; }
done
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" --target rotundad fs-documents -j2 >/dev/null

# Same disk for both: the work directory holds the store's root and cp's copies.
work=$(mktemp -d "${TMPDIR:-/var/tmp}/rotunda-bench-docs-XXXXXX")
server_pid=""
trap 'if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
cat >"$work/site.properties" <<CONF
plugins.directory = $build/plugins-out
plugins.fs-documents.enabled = true
plugins.fs-documents.root = $work/store
plugins.fs-documents.minFreeMegabytes = 0
documents.allowedTypes = application/octet-stream
database.sqlite.path = $work/rotunda.db
log.access = false
CONF
ROTUNDA_HTTP_PORT=$port "$build/server/rotundad" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
deadline=$((SECONDS + 30))
until curl -s -o /dev/null "$base/health"; do
  [ $SECONDS -lt $deadline ] || { echo "rotundad did not start; see $work/server.log" >&2; exit 1; }
  sleep 0.1
done

curl -s -c "$work/jar" -o "$work/me.json" -H 'Content-Type: application/json' \
  --data '{"email":"bench@example.org","name":"Bench Mark","password":"violet stapler orbit 42"}' "$base/api/v1/auth/signup"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrfToken"])' "$work/me.json")
user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["user"]["id"])' "$work/me.json")
head -c $((size_mb * 1024 * 1024)) /dev/urandom >"$work/source.bin"

now() { date +%s.%N; }
mbps() { python3 -c "import sys; print('%.0f' % ($count * $size_mb / (float(sys.argv[2]) - float(sys.argv[1]))))" "$1" "$2"; }

upload_round() {
  local start end
  start=$(now)
  for i in $(seq 1 "$count"); do
    curl -s -o "$work/up.json" -b "$work/jar" -H "X-CSRF-Token: $csrf" -H "X-Filename: d$i.bin" -H 'Content-Type:' \
      --data-binary "@$work/source.bin" "$base/api/v1/documents?recordType=user&recordId=$user"
  done
  end=$(now)
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/up.json" >"$work/last-id"
  mbps "$start" "$end"
}
download_round() {
  local start end id
  id=$(cat "$work/last-id")
  start=$(now)
  for i in $(seq 1 "$count"); do curl -s -o /dev/null -b "$work/jar" "$base/api/v1/documents/$id"; done
  end=$(now)
  mbps "$start" "$end"
}
cp_round() {  # cp_round sync|nosync
  local start end
  mkdir -p "$work/copies"
  start=$(now)
  for i in $(seq 1 "$count"); do
    cp "$work/source.bin" "$work/copies/d$i.bin"
    [ "$1" = sync ] && sync "$work/copies/d$i.bin"
  done
  end=$(now)
  rm -rf "$work/copies"
  mbps "$start" "$end"
}
read_round() {  # reading a stored copy back, as cat does
  local start end file
  file=$(find "$work/store" -type f -size "$((size_mb * 1024 * 1024))c" | head -1)
  start=$(now)
  for i in $(seq 1 "$count"); do cat "$file" >/dev/null; done
  end=$(now)
  mbps "$start" "$end"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
up=() down=() cps=() cpn=() reads=()
for r in $(seq 1 "$rounds"); do
  up+=("$(upload_round)")
  cps+=("$(cp_round sync)")
  cpn+=("$(cp_round nosync)")
  down+=("$(download_round)")
  reads+=("$(read_round)")
done
u=$(median "${up[@]}") d=$(median "${down[@]}") s=$(median "${cps[@]}") n=$(median "${cpn[@]}") c=$(median "${reads[@]}")
peak=$(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status")
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
echo "documents of $size_mb MB, $count per round, median of $rounds rounds (MB/s)"
printf '%-34s %8s %10s\n' "" "MB/s" "ratio"
printf '%-34s %8s %10s\n' "upload through rotundad" "$u" ""
printf '%-34s %8s %10s\n' "cp + sync of the copy" "$s" "$(ratio "$u" "$s")"
printf '%-34s %8s %10s\n' "cp (page cache only)" "$n" "$(ratio "$u" "$n")"
printf '%-34s %8s %10s\n' "download through rotundad" "$d" ""
printf '%-34s %8s %10s\n' "cat of the stored file" "$c" "$(ratio "$d" "$c")"
echo "rotundad peak RSS during the run: $((peak / 1024)) MB"
