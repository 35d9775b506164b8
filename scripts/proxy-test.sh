#!/bin/bash
# make proxy-test: the shipped Caddyfile (packaging/Caddyfile) in front of `sedia serve`, with Debian's caddy and
# `tls internal` (offline: Caddy's own local CA), as docs/operations.md sets it up. Checks:
#   - curl --cacert the local root gets 200 from /healthz through TLS, with HSTS and a Secure sign-in cookie;
#   - an X-Forwarded-For the client sends never reaches Sedia unreplaced (the failed sign-ins are logged under the
#     address Caddy saw, never the made-up ones);
#   - the sign-in throttle counts the real client: ten failures, each claiming another address, and the eleventh try
#     is answered 429.
# Usage: scripts/proxy-test.sh SEDIA_BINARY
set -euo pipefail
sedia=$(readlink -f "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/sedia-proxy-test.XXXXXX)
server=""
proxy=""
cleanup() {
    [ -n "$proxy" ] && kill "$proxy" 2>/dev/null && wait "$proxy" 2>/dev/null || true
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
[ -n "${KEEP_SCRATCH:-}" ] && trap - EXIT
fail() { echo "proxy-test: FAIL: $*" >&2; exit 1; }
cd "$scratch"

echo "== the shipped Caddyfile parses"
caddy adapt --config "$here/packaging/Caddyfile" --adapter caddyfile >/dev/null 2>adapt.log || fail "caddy adapt: $(cat adapt.log)"

# A free loopback port for Caddy (the kernel's choice; Sedia picks its own with --port 0).
caddy_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
public="https://localhost:$caddy_port"

echo "== sedia serve --public-url $public --trust-forwarded-for"
"$sedia" db init --db sedia.sqlite >/dev/null
mkfifo serve.out
"$sedia" serve --db sedia.sqlite --host 127.0.0.1 --port 0 --no-mail --public-url "$public" --trust-forwarded-for \
    --rules "$here/rules" --calendars "$here/calendars" >serve.out 2>serve.err &
server=$!
exec 3<serve.out
while read -r -t 60 line <&3; do
    case "$line" in "sedia serving on "*) sedia_port=${line##*:}; sedia_port=${sedia_port%/}; break ;; esac
done
[ -n "${sedia_port:-}" ] || fail "sedia did not start: $(cat serve.err)"

echo "== caddy (tls internal) on $public -> 127.0.0.1:$sedia_port"
# The shipped file with the test's names: this machine's name and port, Caddy's internal CA, Sedia's port, a log here.
sed -e "s|^sedia.example.my {|localhost:$caddy_port {|" \
    -e "s|tls /etc/caddy/sedia.crt /etc/caddy/sedia.key|tls internal|" \
    -e "s|127.0.0.1:8080|127.0.0.1:$sedia_port|" \
    -e "s|/var/log/caddy/sedia.log|$scratch/caddy-access.log|" \
    "$here/packaging/Caddyfile" >Caddyfile
# Offline and unprivileged: no admin endpoint, no plain-HTTP redirect listener, no system trust store changes.
sed -i "0,/^{/s||{\n\tadmin off\n\tauto_https disable_redirects\n\tskip_install_trust\n\tstorage file_system $scratch/caddy-data|" Caddyfile
XDG_DATA_HOME="$scratch/xdg" XDG_CONFIG_HOME="$scratch/xdg" caddy run --config Caddyfile --adapter caddyfile >caddy.log 2>&1 &
proxy=$!
root="$scratch/caddy-data/pki/authorities/local/root.crt"
# Caddy writes its root before it listens; curl waits for the listener (connection refused is retried).
curl -sS --retry 100 --retry-connrefused --retry-delay 0 --retry-max-time 60 -o /dev/null "http://127.0.0.1:$caddy_port/" 2>/dev/null || true
[ -f "$root" ] || fail "caddy made no local root certificate: $(tail -5 caddy.log)"

echo "== through TLS with the local root: 200, HSTS, Secure cookie"
status=$(curl -sS --cacert "$root" -o /dev/null -w '%{http_code}' "$public/healthz")
[ "$status" = 200 ] || fail "/healthz through caddy: $status"
curl -sS --cacert "$root" -D login.headers -o login.html -c cookies.txt "$public/login"
grep -qi '^strict-transport-security: max-age=31536000' login.headers || fail "no HSTS header: $(cat login.headers)"
grep -i '^set-cookie: sedia_login=' login.headers | grep -q 'Secure' || fail "the sign-in cookie is not Secure"
if curl -sS -o /dev/null "http://localhost:$caddy_port/healthz" 2>/dev/null; then
    code=$(curl -sS -o /dev/null -w '%{http_code}' "http://localhost:$caddy_port/healthz" || true)
    [ "$code" != 200 ] || fail "plain HTTP reached Sedia"
fi

echo "== client-sent X-Forwarded-For: replaced, and the throttle counts the real client"
sign_in() { # $1 username, $2 the address the client claims; prints the status
    curl -sS --cacert "$root" -c cookies.txt -b cookies.txt -o login.html "$public/login"
    token=$(sed -n 's/.*name="login" value="\([^"]*\)".*/\1/p' login.html | head -1)
    [ -n "$token" ] || fail "no sign-in token on /login"
    curl -sS --cacert "$root" -b cookies.txt -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $2" \
        -H "Origin: $public" --data-urlencode "login=$token" --data-urlencode "username=$1" \
        --data-urlencode "password=not-the-password-$1" "$public/login"
}
for n in $(seq 1 10); do
    code=$(sign_in "nobody$n" "198.51.100.$n")
    [ "$code" != 429 ] || fail "try $n was throttled already"
done
code=$(sign_in "nobody11" "198.51.100.11")
[ "$code" = 429 ] || fail "the eleventh failure from one client, each claiming another address, got $code, not 429"
if grep -Eq 'address="?198\.51\.100\.' serve.err; then fail "a client-sent X-Forwarded-For reached Sedia: $(grep -m1 'address=198' serve.err)"; fi
grep -q 'failed sign-in' serve.err || fail "no failed sign-in was logged"
grep 'failed sign-in' serve.err | grep -q -E 'address="?(127\.0\.0\.1|::1)' || fail "the failures are not under the real client's address"
echo "proxy-test: ok"
