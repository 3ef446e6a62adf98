# slapd.sh — a real OpenLDAP directory for the LDAP suites and benchmark (sourced, not run).
#
#   slapd_setup DIR   generates, in DIR: a test CA and a server certificate for 127.0.0.1
#                     (ca.pem, server.pem, server.key), a second CA nobody trusts
#                     (other-ca.pem), slapd.conf (mdb, memberof and ppolicy overlays:
#                     lockout after 3 failures), and the directory's content (users,
#                     groups, policies, a service account); loads users offline (slapadd).
#   slapd_start       starts slapd as root on $ldap_port (ldap://) and $ldaps_port
#                     (ldaps://), both 127.0.0.1, and polls until it answers; the first
#                     start also adds the groups online so memberof fills memberOf.
#   slapd_stop        stops it (SIGINT: slapd's clean shutdown) and waits for the exit.
#   wait_for_ldap PORT SECONDS   polls an LDAP port until a search answers.
#
# Directory: dc=example,dc=org; users under ou=people (uid, cn, mail); groups under
# ou=groups; service account cn=rotunda,ou=services,dc=example,dc=org / $ldap_service_password.
# Every user's password is "$ldap_user_password" unless said otherwise.

ldap_base="dc=example,dc=org"
ldap_service_dn="cn=rotunda,ou=services,$ldap_base"
ldap_service_password="service-Secret-42"
ldap_user_password="Correct-Horse-9"

# wait_for_ldap PORT SECONDS: until an anonymous base search on 127.0.0.1:PORT answers.
wait_for_ldap() {
  local port=$1 deadline=$((SECONDS + $2))
  until ldapsearch -x -H "ldap://127.0.0.1:$port" -b "" -s base -o nettimeout=1 namingContexts >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "FAIL: slapd on 127.0.0.1:$port did not answer within $2 s" >&2
      return 1
    fi
    sleep 0.05
  done
}

slapd_setup() {
  slapd_dir=$1
  mkdir -p "$slapd_dir/db"
  local d=$slapd_dir
  # A CA for the test and a certificate for 127.0.0.1 (IP SAN only: "localhost" does not match).
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Rotunda test CA" \
    -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Nobody's CA" \
    -keyout "$d/other-ca.key" -out "$d/other-ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n' >"$d/server.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
    -extfile "$d/server.ext" -out "$d/server.pem" 2>/dev/null
  chmod 600 "$d/server.key"

  cat >"$d/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
moduleload ppolicy
pidfile $d/slapd.pid
argsfile $d/slapd.args
TLSCACertificateFile $d/ca.pem
TLSCertificateFile $d/server.pem
TLSCertificateKeyFile $d/server.key
sizelimit 500
database mdb
maxsize 104857600
suffix "$ldap_base"
rootdn "cn=admin,$ldap_base"
rootpw admin-Secret-1
directory $d/db
index objectClass eq
index uid,mail eq
index member eq
access to attrs=userPassword
  by anonymous auth
  by self write
  by * none
access to *
  by dn.exact="$ldap_service_dn" read
  by self read
  by * none
overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint TRUE
overlay ppolicy
ppolicy_default "cn=default,ou=policies,$ldap_base"
ppolicy_use_lockout
CONF

  local hash service_hash
  hash=$(slappasswd -s "$ldap_user_password")
  service_hash=$(slappasswd -s "$ldap_service_password")
  {
    cat <<LDIF
dn: $ldap_base
objectClass: dcObject
objectClass: organization
dc: example
o: Example Hospital

dn: ou=people,$ldap_base
objectClass: organizationalUnit
ou: people

dn: ou=groups,$ldap_base
objectClass: organizationalUnit
ou: groups

dn: ou=services,$ldap_base
objectClass: organizationalUnit
ou: services

dn: ou=policies,$ldap_base
objectClass: organizationalUnit
ou: policies

dn: $ldap_service_dn
objectClass: applicationProcess
objectClass: simpleSecurityObject
cn: rotunda
userPassword: $service_hash

dn: cn=default,ou=policies,$ldap_base
objectClass: organizationalRole
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMaxFailure: 3
pwdLockout: TRUE
pwdLockoutDuration: 0
pwdMustChange: TRUE
pwdAllowUserChange: TRUE

dn: cn=short-lived,ou=policies,$ldap_base
objectClass: organizationalRole
objectClass: pwdPolicy
cn: short-lived
pwdAttribute: userPassword
pwdMaxAge: 86400
pwdGraceAuthNLimit: 0

LDIF
    # user UID "CN" MAIL [extra LDIF lines]
    user() {
      printf 'dn: uid=%s,ou=people,%s\nobjectClass: inetOrgPerson\nuid: %s\ncn: %s\nsn: %s\n' "$1" "$ldap_base" "$1" "$2" "${2##* }"
      [ -n "$3" ] && printf 'mail: %s\n' "$3"
      printf 'userPassword: %s\n' "$hash"
      shift 3
      for line in "$@"; do printf '%s\n' "$line"; done
      printf '\n'
    }
    user alice "Alice Archer" alice@example.org
    user bob "Bob Baker" bob@example.org
    user carol "Carol Cole" carol@example.org
    user locky "Lou Locke" locky@example.org
    user dana "Dana Dunn" dana@example.org
    user eve "Eve Early" eve@example.org \
      "pwdPolicySubentry: cn=short-lived,ou=policies,$ldap_base" "pwdChangedTime: 20200101000000Z"
    user reset "Rita Reset" reset@example.org "pwdReset: TRUE"
    # Two entries answer to the same mail: a sign-in with it is ambiguous.
    user twin1 "Tess Twin" twins@example.org
    user twin2 "Tom Twin" twins@example.org
    for i in $(seq 1 "${ldap_bench_users:-0}"); do user "bench$i" "Bench User $i" "bench$i@example.org"; done
  } >"$d/users.ldif"
  slapadd -q -f "$d/slapd.conf" -l "$d/users.ldif" >"$d/slapadd.log" 2>&1 ||
    { echo "slapadd failed:" >&2; cat "$d/slapadd.log" >&2; return 1; }

  cat >"$d/groups.ldif" <<LDIF
dn: cn=nurses,ou=groups,$ldap_base
objectClass: groupOfNames
cn: nurses
member: uid=alice,ou=people,$ldap_base

dn: cn=staff,ou=groups,$ldap_base
objectClass: groupOfNames
cn: staff
member: uid=alice,ou=people,$ldap_base
member: uid=bob,ou=people,$ldap_base
LDIF
  ldap_port=${ldap_port:-$(free_port)}
  ldaps_port=${ldaps_port:-$(free_port)}
  slapd_groups_loaded=""
}

slapd_start() {
  slapd -h "ldap://127.0.0.1:$ldap_port/ ldaps://127.0.0.1:$ldaps_port/" -f "$slapd_dir/slapd.conf" \
    -d 0 >>"$slapd_dir/slapd.log" 2>&1 &
  slapd_pid=$!
  wait_for_ldap "$ldap_port" 20 || { tail -20 "$slapd_dir/slapd.log" >&2; return 1; }
  if [ -z "$slapd_groups_loaded" ]; then
    ldapadd -x -H "ldap://127.0.0.1:$ldap_port" -D "cn=admin,$ldap_base" -w admin-Secret-1 \
      -f "$slapd_dir/groups.ldif" >/dev/null
    slapd_groups_loaded=yes
  fi
}

slapd_stop() {
  [ -n "${slapd_pid:-}" ] || return 0
  kill -INT "$slapd_pid" 2>/dev/null || true
  local deadline=$((SECONDS + 20))
  while kill -0 "$slapd_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
  kill -KILL "$slapd_pid" 2>/dev/null || true
  wait "$slapd_pid" 2>/dev/null || true
  slapd_pid=""
}

# ldap_admin_modify LDIF: applies a change as the directory's administrator.
ldap_admin_modify() {
  ldapmodify -x -H "ldap://127.0.0.1:$ldap_port" -D "cn=admin,$ldap_base" -w admin-Secret-1 >/dev/null <<<"$1"
}
