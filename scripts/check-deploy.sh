#!/bin/bash
# make check-deploy: install the package built by `make deb`, check it as systemd would run it (this machine has no
# systemd as PID 1), then remove it. Needs root (dpkg). Usage: scripts/check-deploy.sh DEB
set -euo pipefail
deb=$(readlink -f "$1")
scratch=$(mktemp -d /tmp/sedia-check-deploy.XXXXXX)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "check-deploy: FAIL: $*" >&2; exit 1; }

# It installs, then purges, its own package: never on a machine where Sedia is installed for real.
if dpkg-query -W -f='${Status}' sedia 2>/dev/null | grep -q "install ok installed"; then
    fail "a sedia package is already installed here; this check would replace and purge it (run it on a build machine)"
fi
[ "$(id -u)" = 0 ] || fail "needs root (dpkg, setpriv)"

echo "== install $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
id sedia >/dev/null || fail "no sedia user after install"
[ "$(stat -c '%U:%G %a' /etc/sedia/sedia.env)" = "root:sedia 640" ] || fail "/etc/sedia/sedia.env is $(stat -c '%U:%G %a' /etc/sedia/sedia.env)"
[ "$(stat -c '%U' /var/lib/sedia)" = sedia ] || fail "/var/lib/sedia is not the sedia user's"
[ -f /usr/share/sedia/rules/disposal.yaml ] && [ -d /usr/share/sedia/calendars/holidays ] || fail "rules or calendars missing"

echo "== resource bundles beside the binary (Bundle.module looks there, not in a build tree the server lacks)"
[ "$(readlink -f /usr/bin/sedia)" = /usr/lib/sedia/sedia ] || fail "/usr/bin/sedia does not lead to /usr/lib/sedia/sedia"
for f in Sedia_SediaTexts.resources/Strings/en.strings Sedia_SediaTexts.resources/Strings/ms.strings \
    Sedia_SediaStore.resources/common-passwords.txt; do
    [ -f "/usr/lib/sedia/$f" ] || fail "/usr/lib/sedia/$f is not installed"
done
# Every bundle the installed binary opens is one of the package's: none from the tree it was built in.
if command -v strace >/dev/null; then
    printf 'qwertyuiopasdfgh\n' | strace -f -e trace=openat /usr/bin/sedia user add --db "$scratch/none.sqlite" --username probe \
        --role admin --password-stdin 2>&1 | grep -o '"[^"]*\.resources[^"]*"' | sort -u > "$scratch/bundles.txt" || true
    grep -v '^"/usr/lib/sedia/' "$scratch/bundles.txt" && fail "a resource bundle is read from outside /usr/lib/sedia"
fi

echo "== no Swift runtime linked"
if ldd /usr/bin/sedia | grep -Ei 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_FoundationICU'; then fail "Swift runtime libraries are linked"; fi

echo "== unit files"
for unit in sedia.service sedia-backup.service sedia-backup.timer; do
    [ -f "/lib/systemd/system/$unit" ] || fail "$unit not installed"
done
# (grep finds nothing when the units are clean: its status 1 is the good case here.)
{ systemd-analyze verify /lib/systemd/system/sedia.service /lib/systemd/system/sedia-backup.service /lib/systemd/system/sedia-backup.timer 2>&1 || true; } \
    | { grep -v -e 'Failed to connect to bus' -e 'Failed to setup working directory' -e 'System has not been booted with systemd' || true; } \
    | tee "$scratch/verify.txt"
[ ! -s "$scratch/verify.txt" ] || fail "systemd-analyze verify reported the lines above"
exposure=$(systemd-analyze security --offline=true /lib/systemd/system/sedia.service | sed -n 's/.*Overall exposure level for sedia.service: \([0-9.]*\).*/\1/p')
echo "exposure $exposure"
python3 -c "import sys; sys.exit(0 if float('$exposure') <= 2.5 else 1)" || fail "exposure $exposure is above 2.5"

echo "== ExecStartPre and ExecStart as the sedia user, with a notification socket"
pre=$(sed -n 's/^ExecStartPre=//p' /lib/systemd/system/sedia.service)
start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/sedia.service)
# The unit's options, with the test's address in place of sedia.env's.
start=${start//\$SEDIA_SERVE_OPTIONS/--host 127.0.0.1 --port 0 --no-mail}
cd /var/lib/sedia
setpriv --reuid=sedia --regid=sedia --init-groups $pre >/dev/null
chmod 0755 "$scratch"
# The notification socket: one line per message on the coprocess's output, read as it comes (no polling).
coproc LISTENER {
    python3 -u -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.settimeout(120)
print("BOUND")
while True:
    msg = s.recv(4096).decode()
    print(msg.replace("\n", " "))
    if msg.startswith("STOPPING=1"): break
' "$scratch/notify.sock"
}
read -r -t 30 bound <&"${LISTENER[0]}" && [ "$bound" = BOUND ] || fail "notification socket"
NOTIFY_SOCKET="$scratch/notify.sock" JOURNAL_STREAM=8:1 setpriv --reuid=sedia --regid=sedia --init-groups $start 2>"$scratch/serve.log" &
server=$!
read -r -t 120 ready <&"${LISTENER[0]}" || fail "no message from the server: $(cat "$scratch/serve.log")"
case "$ready" in READY=1*) ;; *) fail "first message is not READY=1: $ready" ;; esac
port=$(sed -n 's/^READY=1 STATUS=serving on 127.0.0.1:\([0-9]*\).*/\1/p' <<<"$ready")
[ "$(curl -fsS "http://127.0.0.1:$port/healthz")" = ok ] || fail "/healthz"
kill -TERM "$server"
status=0; wait "$server" || status=$?
server=""
[ "$status" = 0 ] || fail "exit status $status on SIGTERM: $(cat "$scratch/serve.log")"
stopping=""
while read -r -t 60 line <&"${LISTENER[0]}"; do stopping=$line; done
[ "$stopping" = "STOPPING=1" ] || fail "no STOPPING=1 (last: $stopping)"
grep -q '^<6>' "$scratch/serve.log" || fail "log lines carry no journald priority under JOURNAL_STREAM"
cd /

echo "== remove keeps the state, purge deletes it"
dpkg -r sedia >/dev/null
[ -f /var/lib/sedia/sedia.sqlite ] || fail "dpkg -r removed the database"
dpkg -P sedia >/dev/null
[ ! -e /var/lib/sedia ] || fail "purge left /var/lib/sedia"
echo "check-deploy: ok (exposure $exposure)"
