#!/usr/bin/env python3
"""setup-matrix.py — every route of organizations and set-up × every role × own and
another organization, against a running rotundad filled by `rotunda-admin demo-data`.

Callers (demo accounts of Riverside General Hospital "F" and its partner school
Northfield "S", and people made here):
  A  F admin        C  F coordinator    P  F preceptor
  SA S admin        SC S coordinator    SF S faculty      ST S student
  OF admin of another facility          OS admin of another school
  U  signed in, no organization         N  anonymous
Each case names the status every caller gets. Cases that change something get a
fresh record per caller (made by its owner through the API first), so the order
of callers never matters. The script also asks the server's OpenAPI document for
every route under the set-up prefixes and fails when one has no case here.

Usage: setup-matrix.py BASE_URL PASSWORD SQL_COMMAND...
  SQL_COMMAND runs one SQL statement given as its last argument (sqlite3 DB, or psql …).
"""
import datetime
import json
import subprocess
import sys
import urllib.error
import urllib.request
import uuid

BASE, PASSWORD, SQL = sys.argv[1], sys.argv[2], sys.argv[3:]
ROLES = ["A", "C", "P", "SA", "SC", "SF", "ST", "OF", "OS", "U", "N"]
DEMO = {"A": "alex.morgan@riverside.example", "C": "priya.shah@riverside.example",
        "P": "lee.chen@riverside.example", "SA": "jordan.kim@northfield.example",
        "SC": "sam.patel@northfield.example", "SF": "ruth.okafor@northfield.example",
        "ST": "avery.johnson@students.northfield.example"}
failures = []
checked = 0


def sql(statement):
    return subprocess.run(SQL + [statement], check=True, capture_output=True, text=True).stdout.strip()


class Caller:
    def __init__(self, role):
        self.role, self.cookie, self.csrf, self.user_id = role, None, None, None

    def call(self, method, path, body=None, content_type="application/json"):
        data = None
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        request = urllib.request.Request(BASE + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if self.cookie:
            request.add_header("Cookie", self.cookie)
            request.add_header("X-CSRF-Token", self.csrf)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as e:
            status, raw, headers = e.code, e.read(), e.headers
        cookie = headers.get("Set-Cookie")
        if cookie and cookie.startswith("rotunda_session="):
            self.cookie = cookie.split(";")[0]
        answer = None
        if raw and (headers.get("Content-Type") or "").find("json") >= 0:
            answer = json.loads(raw)
        return status, answer

    def sign_in(self, email):
        status, answer = self.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
        assert status == 200, f"{self.role}: sign-in as {email} answered {status}: {answer}"
        self.csrf, self.user_id = answer["csrfToken"], answer["user"]["id"]

    def sign_up(self, name):
        email = f"{name}-{uuid.uuid4().hex[:8]}@example.org"
        status, answer = self.call("POST", "/api/v1/auth/signup",
                                   {"email": email, "name": name, "password": "a long enough passphrase 7"})
        assert status == 201, f"{self.role}: sign-up answered {status}: {answer}"
        self.csrf, self.user_id = answer["csrfToken"], answer["user"]["id"]


def must(caller, method, path, body=None, want=(200, 201, 204)):
    status, answer = caller.call(method, path, body)
    assert status in want, f"fixture {caller.role} {method} {path}: {status} {answer}"
    return answer


callers = {role: Caller(role) for role in ROLES}
for role, email in DEMO.items():
    callers[role].sign_in(email)
callers["OF"].sign_up("other-facility-admin")
callers["OS"].sign_up("other-school-admin")
callers["U"].sign_up("plain-user")
A, SA = callers["A"], callers["SA"]

orgs = must(A, "GET", "/api/v1/organizations")["items"]
F = next(o["id"] for o in orgs if o["name"] == "Riverside General Hospital")
S = next(o["id"] for o in must(SA, "GET", "/api/v1/organizations")["items"] if o["kind"] == "school")
OF = must(callers["OF"], "POST", "/api/v1/organizations", {"kind": "facility", "name": "Other Facility"})["id"]
OS = must(callers["OS"], "POST", "/api/v1/organizations", {"kind": "school", "name": "Other School"})["id"]


def member(org, role_of_caller, role):
    sql(f"INSERT INTO memberships (organization_id, user_id, role, source, created_at) "
        f"VALUES ('{org}', '{callers[role_of_caller].user_id}', '{role}', 'manual', '2026-01-01T00:00:00.000Z')")


# ------------------------------------------------------------------ fixtures (fresh records)
def step(owner=A, org=None):
    return must(owner, "POST", f"/api/v1/organizations/{org or F}/steps",
                {"phase": "onboarding", "name": "Matrix step", "type": "confirmation", "completedBy": "student"})["id"]


def service():
    return must(A, "POST", f"/api/v1/organizations/{F}/services", {"name": f"Matrix {uuid.uuid4().hex[:6]}"})["id"]


def window(service_id):
    return must(A, "POST", f"/api/v1/services/{service_id}/capacity",
                {"startDate": "2031-01-05", "endDate": "2031-01-30", "capacity": 2,
                 "workflow": "student_requested"})["id"]


def agreement(state="draft"):
    a = must(A, "POST", f"/api/v1/organizations/{F}/agreements",
             {"schoolId": S, "name": "Matrix", "startDate": "2031-01-01", "endDate": "2031-12-31"})["id"]
    if state in ("pending", "declined"):
        must(A, "POST", f"/api/v1/agreements/{a}/submit")
    if state == "declined":
        must(SA, "POST", f"/api/v1/agreements/{a}/decline", {"reason": "matrix"})
    return a


def invitation(org=None, owner=A, role="preceptor"):
    return must(owner, "POST", f"/api/v1/organizations/{org or F}/invitations",
                {"email": f"invitee-{uuid.uuid4().hex[:8]}@example.org", "role": role})["id"]


def new_member(org, role):
    person = Caller("fresh")
    person.sign_up("fresh-member")
    sql(f"INSERT INTO memberships (organization_id, user_id, role, source, created_at) "
        f"VALUES ('{org}', '{person.user_id}', '{role}', 'manual', '2026-01-01T00:00:00.000Z')")
    return person.user_id


def partner_school():
    """A new school with the S people in their S roles, linked to F: ending it is allowed."""
    school = must(SA, "POST", "/api/v1/organizations", {"kind": "school", "name": "Matrix School"})["id"]
    for role, r in (("SC", "coordinator"), ("SF", "faculty"), ("ST", "student")):
        member(school, role, r)
    must(A, "POST", f"/api/v1/organizations/{F}/partners", {"schoolId": school})
    return school


STATIC = {"F": F, "S": S}
base_service = service()
base_step = step()
base_window = window(base_service)
base_agreement = agreement("pending")


def expect(spec):
    """'A C:200 P:403 *:404' → {role: status}; N is 401 unless named."""
    table, pending = {}, []
    for token in spec.split():
        if ":" in token:
            roles, status = token.split(":")
            for role in (pending + [roles]):
                if role == "*":
                    for r in ROLES:
                        table.setdefault(r, int(status))
                else:
                    table[role] = int(status)
            pending = []
        else:
            pending.append(token)
    table["N"] = table.get("N") if "N" in spec.split() or "N:" in spec else 401
    return table


CASES = []


def case(method, path, spec, body=None, fresh=None, content_type="application/json"):
    CASES.append((method, path, expect(spec), body, fresh, content_type))


V1 = "/api/v1"
# organizations and their profiles
case("GET", V1 + "/organizations", "*:200")
case("POST", V1 + "/organizations", "*:201", {"kind": "school", "name": "Made by the matrix"})
case("GET", V1 + "/organizations/{F}", "*:200")
case("PATCH", V1 + "/organizations/{F}", "A:200 *:403", {"description": "Updated by the matrix"})
case("PATCH", V1 + "/organizations/{S}", "SA:200 *:403", {"description": "Updated by the matrix"})
# members and roles
case("GET", V1 + "/organizations/{F}/members", "A C P:200 *:404")
case("GET", V1 + "/organizations/{S}/members", "SA SC SF ST:200 *:404")
case("PUT", V1 + "/organizations/{F}/members/{user}/roles/coordinator", "A C:201 P:403 *:404",
     fresh=lambda: {"user": new_member(F, "preceptor")})
case("DELETE", V1 + "/organizations/{F}/members/{user}/roles/preceptor", "A C:204 P:403 *:404",
     fresh=lambda: {"user": new_member(F, "preceptor")})
case("DELETE", V1 + "/organizations/{F}/members/{user}", "A C:204 P:403 *:404",
     fresh=lambda: {"user": new_member(F, "preceptor")})
case("DELETE", V1 + "/organizations/{S}/members/{user}", "SA SC:204 SF ST:403 *:404",
     fresh=lambda: {"user": new_member(S, "student")})
# invitations
case("GET", V1 + "/organizations/{F}/invitations", "A C:200 P:403 *:404")
case("POST", V1 + "/organizations/{F}/invitations", "A C:201 P:403 *:404",
     body=lambda: {"email": f"x-{uuid.uuid4().hex[:8]}@example.org", "role": "preceptor"})
case("DELETE", V1 + "/organizations/{F}/invitations/{invitation}", "A C:204 P:403 *:404",
     fresh=lambda: {"invitation": invitation()})
case("POST", V1 + "/organizations/{F}/invitations/{invitation}/resend", "A C:200 P:403 *:404",
     fresh=lambda: {"invitation": invitation()})
# partners
case("GET", V1 + "/organizations/{F}/partners", "A C P:200 *:404")
case("GET", V1 + "/organizations/{S}/partners", "SA SC SF ST:200 *:404")
case("POST", V1 + "/organizations/{F}/partners", "A C:201 P:403 *:404",
     fresh=lambda: {"school": must(callers["OS"], "POST", V1 + "/organizations",
                                   {"kind": "school", "name": "Linkable"})["id"]},
     body=lambda ids: {"schoolId": ids["school"]})
case("DELETE", V1 + "/organizations/{F}/partners/{school}", "A C:204 P:403 *:404",
     fresh=lambda: {"school": partner_school()})
case("DELETE", V1 + "/organizations/{school}/partners/{F}", "SA SC:204 SF ST:403 *:404",
     fresh=lambda: {"school": partner_school()})
# skills an organization lists for endorsements: everyone signed in reads them
case("GET", V1 + "/organizations/{F}/skills", "*:200")
case("POST", V1 + "/organizations/{F}/skills", "A C:201 *:403", body=lambda: {"name": f"Skill {uuid.uuid4().hex[:8]}"})
case("POST", V1 + "/organizations/{S}/skills", "SA SC:201 *:403", body=lambda: {"name": f"Skill {uuid.uuid4().hex[:8]}"})
case("DELETE", V1 + "/organizations/{F}/skills/{skill}", "A C:204 *:403",
     fresh=lambda: {"skill": must(A, "POST", f"/api/v1/organizations/{F}/skills",
                                  {"name": f"Skill {uuid.uuid4().hex[:8]}"})["id"]})
# students (a school's roster)
# (a student learns nothing of the roster, not even that there is one: 404)
case("GET", V1 + "/organizations/{S}/students", "SA SC SF:200 *:404")
case("GET", V1 + "/organizations/{S}/students.csv", "SA SC SF:200 *:404")
case("POST", V1 + "/organizations/{S}/students", "SA SC:201 SF:403 *:404",
     body=lambda: {"name": "Matrix Student", "email": f"s-{uuid.uuid4().hex[:8]}@example.org"})
case("POST", V1 + "/organizations/{S}/students/import?dryRun=true", "SA SC:200 SF:403 *:404",
     body="name,email\nMatrix Row,matrix.row@example.org\n", content_type="text/csv")
# steps
case("GET", V1 + "/step-types", "*:200")
case("GET", V1 + "/organizations/{F}/steps", "A C P:200 *:404")
case("POST", V1 + "/organizations/{F}/steps", "A C:201 P:403 *:404",
     {"phase": "offboarding", "name": "Matrix", "type": "confirmation", "completedBy": "student"})
case("POST", V1 + "/organizations/{S}/steps", "SA SC:201 SF ST:403 *:404",
     {"phase": "onboarding", "name": "Matrix", "type": "confirmation", "completedBy": "school_coordinator"})
case("POST", V1 + "/organizations/{F}/steps/order", "A C:200 P:403 *:404",
     body=lambda: {"phase": "evaluation", "stepIds": [s["id"] for s in must(A, "GET", f"{V1}/organizations/{F}/steps?phase=evaluation")["items"]]})
case("GET", V1 + "/steps/{step}", "A C P:200 *:404", fresh=lambda: {"step": base_step})
case("GET", V1 + "/steps/{step}/versions", "A C P:200 *:404", fresh=lambda: {"step": base_step})
case("PATCH", V1 + "/steps/{step}", "A C:200 P:403 *:404", {"instructions": "Changed by the matrix"},
     fresh=lambda: {"step": step()})
case("DELETE", V1 + "/steps/{step}", "A C:204 P:403 *:404", fresh=lambda: {"step": step()})
# services and capacity
case("GET", V1 + "/organizations/{F}/services", "*:200")
case("POST", V1 + "/organizations/{F}/services", "A C:201 P:403 *:404", body=lambda: {"name": f"M {uuid.uuid4().hex[:6]}"})
case("GET", V1 + "/services/{service}", "*:200", fresh=lambda: {"service": base_service})
case("PATCH", V1 + "/services/{service}", "A C:200 P:403 *:404", {"description": "matrix"},
     fresh=lambda: {"service": service()})
case("DELETE", V1 + "/services/{service}", "A C:200 P:403 *:404", fresh=lambda: {"service": service()})
case("GET", V1 + "/services/{service}/capacity", "*:200", fresh=lambda: {"service": base_service})
case("POST", V1 + "/services/{service}/capacity", "A C:201 P:403 *:404",
     {"startDate": "2031-02-02", "endDate": "2031-02-27", "capacity": 1, "workflow": "student_requested"},
     fresh=lambda: {"service": base_service})
case("GET", V1 + "/capacity/{window}", "*:200", fresh=lambda: {"window": base_window})
case("PATCH", V1 + "/capacity/{window}", "A C:200 P:403 *:404", {"capacity": 3},
     fresh=lambda: {"window": window(base_service)})
case("DELETE", V1 + "/capacity/{window}", "A C:204 P:403 *:404", fresh=lambda: {"window": window(base_service)})
# agreements (a draft is the facility's admins' and coordinators' alone: 404 for everyone else)
case("GET", V1 + "/organizations/{F}/agreements", "A C:200 P:403 *:404")
case("GET", V1 + "/organizations/{S}/agreements", "SA SC:200 SF ST:403 *:404")
case("POST", V1 + "/organizations/{F}/agreements", "A C:201 P:403 *:404",
     {"schoolId": "{S}", "startDate": "2031-01-01", "endDate": "2031-06-30"})
case("GET", V1 + "/agreements/{agreement}", "A C SA SC:200 *:404", fresh=lambda: {"agreement": base_agreement})
case("GET", V1 + "/agreements/{agreement}", "A C:200 *:404", fresh=lambda: {"agreement": agreement("draft")})
case("PATCH", V1 + "/agreements/{agreement}", "A C:200 *:404", {"notes": "matrix"},
     fresh=lambda: {"agreement": agreement("draft")})
case("DELETE", V1 + "/agreements/{agreement}", "A C:204 *:404", fresh=lambda: {"agreement": agreement("draft")})
case("POST", V1 + "/agreements/{agreement}/submit", "A C:200 *:404",
     fresh=lambda: {"agreement": agreement("draft")})
case("POST", V1 + "/agreements/{agreement}/withdraw", "A C:200 SA SC:403 *:404",
     fresh=lambda: {"agreement": agreement("pending")})
case("POST", V1 + "/agreements/{agreement}/approve", "SA SC:200 A C:403 *:404",
     fresh=lambda: {"agreement": agreement("pending")})
case("POST", V1 + "/agreements/{agreement}/decline", "SA SC:200 A C:403 *:404", {"reason": "matrix"},
     fresh=lambda: {"agreement": agreement("pending")})
case("POST", V1 + "/agreements/{agreement}/revise", "A C:200 SA SC:403 *:404",
     fresh=lambda: {"agreement": agreement("declined")})
# rotations that start on set-up routes (the rotation routes themselves: rotations.sh)
case("GET", V1 + "/organizations/{F}/onboarding", "A C:200 P:403 *:404")
case("GET", V1 + "/organizations/{S}/onboarding", "SA SC SF:200 ST:403 *:404")
case("GET", V1 + "/organizations/{F}/rotation-settings", "A C:200 P:403 *:404")
case("PUT", V1 + "/organizations/{F}/rotation-settings", "A:200 C P:403 *:404", {"closeNotReadyAtStart": False})
case("POST", V1 + "/capacity/{window}/applications", "ST:201 *:403", {"schoolId": "{S}"},
     fresh=lambda: {"window": window(base_service)})
active_agreement = agreement("pending")
must(SA, "POST", f"/api/v1/agreements/{active_agreement}/approve")
scheduled_windows = []


def scheduled_window():
    """A coordinator_scheduled window of S, on days of its own (the student is scheduled onto each)."""
    start = datetime.date(2031, 3, 1) + datetime.timedelta(days=10 * len(scheduled_windows))
    w = must(A, "POST", f"/api/v1/services/{base_service}/capacity",
             {"startDate": start.isoformat(), "endDate": (start + datetime.timedelta(days=5)).isoformat(),
              "capacity": 2, "workflow": "coordinator_scheduled", "schoolId": S})["id"]
    scheduled_windows.append(w)
    return w


case("POST", V1 + "/capacity/{window}/rotations", "A C SA SC:201 P SF:403 *:404",
     body=lambda: {"studentIds": [callers["ST"].user_id]}, fresh=lambda: {"window": scheduled_window()})

# ------------------------------------------------------------------ every set-up route has a case
PREFIXES = ("/api/v1/organizations", "/api/v1/steps", "/api/v1/step-types", "/api/v1/services",
            "/api/v1/capacity", "/api/v1/agreements")
status, openapi = callers["U"].call("GET", V1 + "/openapi.json")
routes = {(m.upper(), p) for p, ops in openapi["paths"].items() for m in ops if p.startswith(PREFIXES)}


def template(path):
    out = path.split("?")[0]
    for name in ("F", "S", "school"):
        out = out.replace("{" + name + "}", "{id}")
    for name in ("user",):
        out = out.replace("{" + name + "}", "{userId}")
    for name in ("invitation",):
        out = out.replace("{" + name + "}", "{invitationId}")
    for name in ("step", "service", "window", "agreement"):
        out = out.replace("{" + name + "}", "{id}")
    out = out.replace("/partners/{id}", "/partners/{partnerId}")
    out = out.replace("{skill}", "{skillId}")
    for role in ("admin", "coordinator", "preceptor", "faculty", "student"):
        out = out.replace("/roles/" + role, "/roles/{role}")
    return out


covered = {(m, template(p)) for m, p, *_ in CASES}
for route in sorted(routes - covered):
    failures.append(f"no matrix case for {route[0]} {route[1]}")

# ------------------------------------------------------------------ run
for method, path, table, body, fresh, content_type in CASES:
    for role in ROLES:
        ids = dict(STATIC)
        if fresh:
            ids.update(fresh())
        payload = body
        if callable(payload):
            payload = payload(ids) if payload.__code__.co_argcount == 1 else payload()
        if isinstance(payload, dict):
            payload = json.loads(json.dumps(payload).replace("{S}", S).replace("{F}", F))
        url = path.format(**ids) if "{" in path else path
        got, answer = callers[role].call(method, url, payload, content_type)
        checked += 1
        if got != table[role]:
            detail = (answer or {}).get("detail", "") if isinstance(answer, dict) else ""
            failures.append(f"{method} {path} as {role}: expected {table[role]}, got {got} {detail}")
        elif got >= 400 and (answer is None or answer.get("status") != got):
            failures.append(f"{method} {path} as {role}: {got} without a problem+json body")

for failure in failures:
    print("FAIL:", failure)
print(f"{checked} requests over {len(CASES)} cases and {len(ROLES)} callers; "
      f"{len(routes)} set-up routes in the API, every one covered" if not failures else
      f"{len(failures)} of {checked} checks failed")
sys.exit(1 if failures else 0)
