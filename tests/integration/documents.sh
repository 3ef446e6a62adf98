#!/usr/bin/env bash
# documents.sh — uploads and downloads through rotundad with the fs-documents plugin
# on real files in a temporary root: binary round trips (empty, 1 byte, 50 MB),
# multipart and raw bodies, ETag and ranges, hostile file names, a type that lies,
# oversize (declared and streamed), an upload cut off mid-body, another
# organization's user, a root that disappears and comes back, concurrent uploads,
# corruption on disk, deletion and its refusal, audit events, and the server's
# memory during a 200 MB upload.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

root="$work/documents"
cat >"$work/site.properties" <<CONF
plugins.directory = $ROTUNDA_BINARY_DIR/plugins-out
plugins.fs-documents.enabled = true
plugins.fs-documents.root = $root
plugins.fs-documents.minFreeMegabytes = 0
documents.maxMegabytes = 250
documents.allowedTypes = application/pdf, image/png, text/plain, application/octet-stream
database.sqlite.path = $work/rotunda.db
CONF
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

signup() {  # signup NAME: creates NAME@example.org with a cookie jar $work/NAME; sets $csrf and $uid
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":\"$1 Tester\",\"password\":\"a long enough passphrase 1\"}" "$work/$1"
  csrf=$(json_field "$body" 'd["csrfToken"]')
  uid=$(json_field "$body" 'd["user"]["id"]')
}
# upload WHO CSRF QUERY FILE NAME [CONTENT-TYPE]: a raw-body upload; sets $status, $body
upload() {
  local args=(-s -o "$work/body" -w '%{http_code}' -X POST -b "$work/$1" -H "X-CSRF-Token: $2"
              -H "X-Filename: $5" --data-binary "@$4")
  [ -n "${6:-}" ] && args+=(-H "Content-Type: $6") || args+=(-H "Content-Type:")
  status=$(curl "${args[@]}" "$base/api/v1/documents?$3")
  body=$(cat "$work/body")
}
# download WHO ID OUT [CURL-ARGS...]: sets $status; the body goes to OUT, headers to $work/headers
download() {
  local who=$1 id=$2 out=$3
  shift 3
  status=$(curl -s -o "$out" -D "$work/headers" -w '%{http_code}' -b "$work/$who" "$@" "$base/api/v1/documents/$id")
}
header() { grep -i "^$1:" "$work/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
stored_files() { find "$root" -type f ! -name '*.sha256' | wc -l; }
rss_kb() { awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status"; }

signup alice
alice_csrf=$csrf alice=$uid
signup bob
bob_csrf=$csrf
request POST /api/v1/organizations '{"kind":"facility","name":"Mercy General","orgType":"Teaching hospital"}' "$work/alice" "$alice_csrf"
check "a facility is created by its first admin" equals "$status" "201"
mercy=$(json_field "$body" 'd["id"]')
request POST /api/v1/organizations '{"kind":"school","name":"Lakeside School of Nursing"}' "$work/bob" "$bob_csrf"
lakeside=$(json_field "$body" 'd["id"]')
request POST /api/v1/organizations '{"kind":"hospital","name":""}' "$work/bob" "$bob_csrf"
check "a bad organization gets field errors" equals "$(json_field "$body" '",".join(sorted(e["field"] for e in d["errors"]))')" "kind,name"

# ---- binary round trips
python3 -c "import os,sys; open(sys.argv[1],'wb').write(os.urandom(50*1024*1024))" "$work/big.bin"
printf '' >"$work/empty.bin"
printf '\x00' >"$work/one.bin"
for f in empty one big; do
  upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/$f.bin" "$f.bin"
  check "upload of $f.bin answers 201" equals "$status" "201"
  id=$(json_field "$body" 'd["id"]')
  check "$f.bin is recorded with its SHA-256" equals "$(json_field "$body" 'd["sha256"]')" "$(sha256sum "$work/$f.bin" | cut -d' ' -f1)"
  download alice "$id" "$work/$f.out"
  check "$f.bin downloads as 200" equals "$status" "200"
  check "$f.bin comes back byte for byte" cmp "$work/$f.bin" "$work/$f.out"
done
big=$id
check "binary content is application/octet-stream" equals "$(header Content-Type)" "application/octet-stream"

# ---- multipart, ETag, ranges
printf '%%PDF-1.4\n%% affiliation agreement\n%%%%EOF\n' >"$work/agreement.pdf"
status=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/alice" -H "X-CSRF-Token: $alice_csrf" \
  -F "note=signed copy" -F "file=@$work/agreement.pdf;type=application/pdf;filename=Agreement 2026 (signed).pdf" \
  "$base/api/v1/documents?recordType=organization&recordId=$mercy")
body=$(cat "$work/body")
check "a multipart upload answers 201" equals "$status" "201"
check "its type is detected as PDF" equals "$(json_field "$body" 'd["contentType"]')" "application/pdf"
pdf=$(json_field "$body" 'd["id"]')
download alice "$pdf" "$work/pdf.out"
etag=$(header ETag)
check "downloads carry an ETag" contains "$etag" '"'
check "and a safe Content-Disposition" contains "$(header Content-Disposition)" "attachment; filename=\"Agreement 2026 (signed).pdf\""
download alice "$pdf" "$work/none" -H "If-None-Match: $etag"
check "If-None-Match answers 304" equals "$status" "304"
download alice "$big" "$work/range" -H "Range: bytes=10-19"
check "a range answers 206" equals "$status" "206"
check "with Content-Range" equals "$(header Content-Range)" "bytes 10-19/52428800"
check "and exactly those bytes" cmp "$work/range" <(tail -c +11 "$work/big.bin" | head -c 10)
download alice "$big" "$work/range" -H "Range: bytes=-5"
check "a suffix range gives the last bytes" cmp "$work/range" <(tail -c 5 "$work/big.bin")
download alice "$big" "$work/range" -H "Range: bytes=52428800-"
check "a range past the end is 416" equals "$status" "416"

# ---- hostile names and lying types
printf 'hello\n' >"$work/hello.txt"
upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/hello.txt" "..%2F..%2F..%2Fetc%2Fpasswd"
check "a path in the file name is cut to its last part" equals "$(json_field "$body" 'd["filename"]')" "passwd"
check "nothing is written outside the root" test ! -e "$work/etc/passwd"
upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/hello.txt" "evil%00.txt%0D%0AX-Injected: 1"
check "NUL and line breaks are removed from a name" equals "$(json_field "$body" 'd["filename"]')" "evil.txtX-Injected: 1"
download alice "$(json_field "$body" 'd["id"]')" "$work/out"
check "no header can be injected through a name" equals "$(grep -ci '^X-Injected' "$work/headers" || true)" "0"
printf '\x7fELF\x02\x01\x01\x00binary' >"$work/fake.png"
upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/fake.png" "photo.png" "image/png"
check "a type that lies about itself is 415" equals "$status" "415"
check "naming what the content really is" contains "$body" "application/octet-stream"
printf '\xff\xd8\xff\xe0JFIF' >"$work/photo.jpg"
upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/photo.jpg" "photo.jpg" "image/jpeg"
check "a type outside documents.allowedTypes is 415" equals "$status" "415"
upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/hello.txt" ""
check "a raw upload without a name is a field error" contains "$body" '"field":"X-Filename"'
upload alice "$alice_csrf" "recordType=rotation&recordId=x" "$work/hello.txt" "a.txt"
check "an unknown record type is a field error" equals "$status" "422"

# ---- oversize, declared and streamed, and an upload cut off mid-body
before=$(stored_files)
answer=$(python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /api/v1/documents?recordType=user&recordId=x HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\nExpect: 100-continue\r\nX-Filename: a\r\n\r\n")
print(s.recv(200).split(b"\r\n")[0].decode())
PY
)
check "a declared size over the limit is refused before the body is read" contains "$answer" "413"
status=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/alice" -H "X-CSRF-Token: $alice_csrf" -H "X-Filename: huge.bin" \
  -H "Transfer-Encoding: chunked" -H "Content-Type:" --data-binary @<(head -c $((251 * 1024 * 1024)) /dev/zero) \
  "$base/api/v1/documents?recordType=user&recordId=$alice")
check "a chunked body over the limit is 413 while streaming" equals "$status" "413"
python3 - "$port" "$alice" "$alice_csrf" "$work/alice" <<'PY'
import socket, sys
port, user, csrf, jar = sys.argv[1:5]
cookie = [l.split("\t") for l in open(jar) if "rotunda_session" in l][0]
s = socket.create_connection(("127.0.0.1", int(port)))
s.sendall(("POST /api/v1/documents?recordType=user&recordId=%s HTTP/1.1\r\nHost: x\r\nCookie: rotunda_session=%s\r\n"
           "X-CSRF-Token: %s\r\nX-Filename: cut.bin\r\nContent-Length: 10485760\r\n\r\n" % (user, cookie[6].strip(), csrf)).encode())
s.sendall(b"\1" * 300000)
s.close()
PY
deadline=$((SECONDS + 30))
until grep -q 'cut.bin\|/api/v1/documents?recordType=user.* 400' "$work/server.log" 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 0.1; done
check "the cut-off upload was answered" grep -q '"POST /api/v1/documents" 400' "$work/server.log"
check "nothing is left behind on disk" equals "$(stored_files)" "$before"
request GET "/api/v1/documents?recordType=user&recordId=$alice" "" "$work/alice"
check "and nothing is listed" equals "$(json_field "$body" 'len(d["items"])')" "5"

# ---- another organization's user
download bob "$big" "$work/out"
check "another user's own document is 404 to bob" equals "$status" "404"
request GET "/api/v1/documents?recordType=user&recordId=$alice" "" "$work/bob"
check "so is its listing" equals "$status" "404"
download bob "$pdf" "$work/out"
check "an organization's profile documents are readable by signed-in users" equals "$status" "200"
request DELETE "/api/v1/documents/$pdf" "" "$work/bob" "$bob_csrf"
check "but another organization's user cannot delete them" equals "$status" "403"
upload bob "$bob_csrf" "recordType=organization&recordId=$mercy" "$work/hello.txt" "x.txt"
check "nor add to them" equals "$status" "403"
upload bob "$bob_csrf" "recordType=organization&recordId=$lakeside" "$work/hello.txt" "x.txt"
check "bob adds to his own organization" equals "$status" "201"
download anonymous "$pdf" "$work/out"
check "without a session a download is 401" equals "$status" "401"

# ---- the root disappears and comes back
mv "$root" "$root.away"
echo "not a directory" >"$root"
upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/hello.txt" "a.txt"
check "a missing root is 503" equals "$status" "503"
check "saying the document store is unavailable" contains "$body" "document store unavailable"
health=$(curl -s "$base/health")
check "/health names the failing store" contains "$health" "fs-documents"
check "the server keeps serving" equals "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/version")" "200"
rm "$root"
mv "$root.away" "$root"
upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/hello.txt" "a.txt"
check "uploads work again once the root is back" equals "$status" "201"

# ---- concurrent uploads
uploads=()
for i in $(seq 1 8); do
  head -c $((100000 + i)) /dev/urandom >"$work/c$i.bin"
  curl -s -o "$work/c$i.json" -b "$work/alice" -H "X-CSRF-Token: $alice_csrf" -H "X-Filename: c$i.bin" -H "Content-Type:" \
    --data-binary "@$work/c$i.bin" "$base/api/v1/documents?recordType=user&recordId=$alice" &
  uploads+=($!)
done
wait "${uploads[@]}"  # not a bare wait: rotundad is a child too
ok=0
for i in $(seq 1 8); do
  id=$(json_field "$(cat "$work/c$i.json")" 'd["id"]' 2>/dev/null || echo none)
  download alice "$id" "$work/c$i.out"
  cmp -s "$work/c$i.bin" "$work/c$i.out" && ok=$((ok + 1))
done
check "eight concurrent uploads all round-trip" equals "$ok" "8"

# ---- corruption on disk
head -c 12345 /dev/urandom >"$work/exact.bin"
upload alice "$alice_csrf" "recordType=user&recordId=$alice" "$work/exact.bin" "exact.bin"
exact=$(json_field "$body" 'd["id"]')
file=$(find "$root" -type f -size 12345c | head -1)
printf 'X' | dd of="$file" bs=1 seek=100 conv=notrunc status=none
download alice "$exact" "$work/out"
check "a document damaged on disk is not served" equals "$status" "500"
check "the answer says it is damaged" contains "$(cat "$work/out")" "Document damaged"

# ---- deletion
request PATCH "/api/v1/organizations/$mercy" "{\"logoDocumentId\":\"$pdf\"}" "$work/alice" "$alice_csrf"
check "a PDF cannot be a logo" equals "$status" "422"
printf '\x89PNG\r\n\x1a\n rest of a png' >"$work/logo.png"
status=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/alice" -H "X-CSRF-Token: $alice_csrf" \
  -F "file=@$work/logo.png;type=image/png" "$base/api/v1/documents?recordType=organization&recordId=$mercy")
logo=$(json_field "$(cat "$work/body")" 'd["id"]')
request PATCH "/api/v1/organizations/$mercy" "{\"logoDocumentId\":\"$logo\"}" "$work/alice" "$alice_csrf"
check "an image of the organization becomes its logo" equals "$status" "200"
request DELETE "/api/v1/documents/$logo" "" "$work/alice" "$alice_csrf"
check "deleting a document in use is refused" equals "$status" "409"
check "with the reason" contains "$body" "the logo of organization Mercy General"
files_before=$(stored_files)
request DELETE "/api/v1/documents/$big" "" "$work/alice" "$alice_csrf"
check "the owner deletes a document" equals "$status" "204"
download alice "$big" "$work/out"
check "it is gone" equals "$status" "404"
check "and its bytes with it" equals "$(stored_files)" "$((files_before - 1))"

# ---- profile photo
status=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/alice" -H "X-CSRF-Token: $alice_csrf" \
  -F "file=@$work/logo.png;type=image/png;filename=me.png" "$base/api/v1/documents?recordType=profile&recordId=$alice")
photo=$(json_field "$(cat "$work/body")" 'd["id"]')
check "a profile photo is uploaded" equals "$status" "201"
request PATCH /api/v1/me "{\"photoDocumentId\":\"$pdf\"}" "$work/alice" "$alice_csrf"
check "another record's document cannot be the photo" contains "$body" '"field":"photoDocumentId"'
request PATCH /api/v1/me "{\"photoDocumentId\":\"$photo\"}" "$work/alice" "$alice_csrf"
check "the photo is set on the profile" equals "$(json_field "$body" 'd["photoDocumentId"]')" "$photo"
download bob "$photo" "$work/out"
check "other signed-in users see the photo" equals "$status" "200"
upload bob "$bob_csrf" "recordType=profile&recordId=$alice" "$work/logo.png" "x.png"
check "but cannot upload to someone else's profile" equals "$status" "403"
request DELETE "/api/v1/documents/$photo" "" "$work/alice" "$alice_csrf"
check "the photo in use is not deleted" contains "$body" "the profile photo of alice Tester"
request PATCH /api/v1/me '{"photoDocumentId":null}' "$work/alice" "$alice_csrf"
request DELETE "/api/v1/documents/$photo" "" "$work/alice" "$alice_csrf"
check "once removed from the profile it can be deleted" equals "$status" "204"

# ---- audit
audit_count() { sqlite3 "$work/rotunda.db" "SELECT count(*) FROM audit_events WHERE action = '$1'"; }
check "uploads are audited" test "$(audit_count document.uploaded)" -ge 10
check "downloads are audited" test "$(audit_count document.downloaded)" -ge 5
check "deletions are audited" equals "$(audit_count document.deleted)" "2"
check "damage is audited" equals "$(audit_count document.corrupt)" "1"

# ---- memory during a 200 MB upload (streamed, never held)
before_kb=$(rss_kb)
status=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/alice" -H "X-CSRF-Token: $alice_csrf" -H "X-Filename: large.bin" \
  -H "Content-Type:" --data-binary @<(head -c $((200 * 1024 * 1024)) /dev/zero) \
  "$base/api/v1/documents?recordType=user&recordId=$alice")
after_kb=$(rss_kb)
echo "peak RSS before the 200 MB upload: ${before_kb} kB, after: ${after_kb} kB"
check "a 200 MB upload is stored" equals "$status" "201"
check "and raises the server's peak memory by less than 16 MB" test $((after_kb - before_kb)) -lt 16384

finish
