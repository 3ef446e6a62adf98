# steps-lib.sh — set-up shared by the scripts that put plugin step types on
# rotations (sourced after lib.sh, inside enter_workdir): rotundad on SQLite, or
# on the PostgreSQL fixture when ROTUNDA_TEST_PG_DIR is set; people; a facility
# and a school with an active agreement; steps, services and rotations, all
# through the API as a facility would.

# start_rotundad DATABASE PLUGIN-DIR [CONFIG-LINES]: writes $work/site.properties
# (SQLite at $work/rotunda.db, or a fresh PostgreSQL database named DATABASE) and
# starts rotundad on a free port; sets $base, $server_pid and db() (SQL on it).
start_rotundad() {
  local database=$1 plugins=$2 extra=${3:-}
  cat >"$work/site.properties" <<CONF
database.sqlite.path = $work/rotunda.db
plugins.directory = $plugins
plugins.dataDirectory = $work/plugin-data
$extra
CONF
  if [ -n "${ROTUNDA_TEST_PG_DIR:-}" ]; then
    . "$ROTUNDA_TEST_PG_DIR/postgres.env"
    psql_as() { (cd / && runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ROTUNDA_TEST_PG_PORT" -U postgres "$@"); }
    psql_as -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
    export ROTUNDA_DATABASE_BACKEND=postgresql ROTUNDA_DATABASE_POSTGRESQL_HOST=127.0.0.1 \
      ROTUNDA_DATABASE_POSTGRESQL_PORT=$ROTUNDA_TEST_PG_PORT ROTUNDA_DATABASE_POSTGRESQL_NAME=$database \
      ROTUNDA_DATABASE_POSTGRESQL_USER=$ROTUNDA_TEST_PG_USER
    steps_db_name=$database
    db() { psql_as -d "$steps_db_name" -c "$1"; }
  else
    db() { sqlite3 -cmd ".timeout 5000" "$work/rotunda.db" "$@"; }
  fi
  # The rotation job runs every second, so a rotation whose steps are done becomes ready at once.
  export ROTUNDA_ROTATIONS_CHECK_INTERVAL_SECONDS=1
  port=$(free_port)
  base="http://127.0.0.1:$port"
  ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >>"$work/server.log" 2>&1 &
  server_pid=$!
  wait_for_http "$base/health" 30
}

day() { date -u -d "$1 days" +%F; }
declare -A csrf uid
signup() {  # signup NAME: an account NAME@example.org, signed in (cookie jar $work/NAME)
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":\"$1\",\"password\":\"a long enough passphrase 1\"}" "$work/$1"
  csrf[$1]=$(json_field "$body" 'd["csrfToken"]')
  uid[$1]=$(json_field "$body" 'd["user"]["id"]')
}
as() {  # as WHO METHOD PATH [JSON]
  local who=$1 method=$2 path=$3 data=${4:-}
  request "$method" "$path" "$data" "$work/$who" "${csrf[$who]}"
}
member() { db "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$1', '${uid[$2]}', '$3', 'manual', '2026-01-01T00:00:00.000Z')"; }
field_errors() { json_field "$body" '",".join(sorted(e["field"] for e in d.get("errors", [])))'; }
state_of() { db "SELECT state FROM step_completions WHERE rotation_id = '$1' AND step_id = '$2'"; }
# step_field JSON STEP EXPR: EXPR on the item of the steps list for STEP (as s)
step_field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); s=[i for i in d['items'] if i['stepId']==sys.argv[2]][0]; print($3)" "$1" "$2"; }
wait_for_status() {  # wait_for_status ROTATION STATUS SECONDS
  local deadline=$((SECONDS + $3)) now=""
  while :; do
    now=$(db "SELECT status FROM rotations WHERE id = '$1'")
    [ "$now" = "$2" ] && return 0
    [ $SECONDS -lt $deadline ] || { echo "  rotation $1 is $now, not $2, after $3 s" >&2; return 1; }
    sleep 0.2
  done
}

# facility_and_school: fadmin (facility admin), sadmin and scoord (the school's),
# students st1 and st2; the facility $facility, the school $school, an active
# agreement between them.
facility_and_school() {
  for name in fadmin sadmin scoord st1 st2; do signup $name; done
  as fadmin POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}'
  facility=$(json_field "$body" 'd["id"]')
  as sadmin POST /api/v1/organizations '{"kind":"school","name":"State University"}'
  school=$(json_field "$body" 'd["id"]')
  member "$school" scoord coordinator
  member "$school" st1 student
  member "$school" st2 student
  as fadmin POST "/api/v1/organizations/$facility/agreements" "{\"schoolId\":\"$school\",\"startDate\":\"$(day -60)\",\"endDate\":\"$(day 400)\"}"
  local agreement
  agreement=$(json_field "$body" 'd["id"]')
  as fadmin POST "/api/v1/agreements/$agreement/submit" ''
  as sadmin POST "/api/v1/agreements/$agreement/approve" ''
}

newstep() {  # newstep JSON: a new step of the facility; its id
  as fadmin POST "/api/v1/organizations/$facility/steps" "$1"
  [ "$status" = 201 ] || { echo "  step not created: $body" >&2; return 1; }
  json_field "$body" 'd["id"]'
}

service_with() {  # service_with NAME STEP-IDS...: a service with those steps and a window for the school; sets $window
  local name=$1; shift
  local ids
  ids=$(printf '"%s",' "$@")
  as fadmin POST "/api/v1/organizations/$facility/services" "{\"name\":\"$name\",\"specialty\":\"$name\",\"stepIds\":[${ids%,}]}"
  [ "$status" = 201 ] || { echo "  service not created: $body" >&2; return 1; }
  local service
  service=$(json_field "$body" 'd["id"]')
  as fadmin POST "/api/v1/services/$service/capacity" "{\"startDate\":\"$(day 10)\",\"endDate\":\"$(day 200)\",\"capacity\":10,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$school\"}"
  [ "$status" = 201 ] || { echo "  window not created: $body" >&2; return 1; }
  window=$(json_field "$body" 'd["id"]')
}

schedule() {  # schedule STUDENT FROM TO: the school schedules STUDENT on $window (days from today); the rotation's id
  as scoord POST "/api/v1/capacity/$window/rotations" "{\"studentIds\":[\"${uid[$1]}\"],\"startDate\":\"$(day $2)\",\"endDate\":\"$(day $3)\"}"
  [ "$status" = 201 ] || { echo "  rotation not scheduled: $body" >&2; return 1; }
  json_field "$body" 'd["items"][0]["id"]'
}
