#!/usr/bin/env bash
# make demo-check: `make demo`'s steps into a scratch folder, the server on a free loopback port, /healthz, every demo
# account signed in through the real sign-in form to its home page; then the server is stopped by its process id and
# the folder removed, whatever happened.
# Usage: scripts/demo-check.sh SEDIA PASSWORD
set -euo pipefail
sedia=$1
password=$2
cd "$(dirname "$0")/.."
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sedia-demo-check.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

make --no-print-directory demo-data SEDIA="$sedia" DEMO_OUT="$scratch" DEMO_PASSWORD="$password" >"$scratch/demo-data.log" 2>&1 || {
  cat "$scratch/demo-data.log"; echo "demo-check: the demo's steps failed"; exit 1; }

# --port 0: the system chooses a free port, and the "serving" line says which.
mkfifo "$scratch/out"
"$sedia" serve --db "$scratch/sedia.sqlite" --host 127.0.0.1 --port 0 --no-mail >"$scratch/out" 2>"$scratch/serve.log" &
pid=$!
url=""
exec 3<"$scratch/out"
while IFS= read -r line <&3; do
  case "$line" in
    "sedia serving on "*) url=${line#sedia serving on }; break ;;
  esac
done
[ -n "$url" ] || { cat "$scratch/serve.log"; echo "demo-check: the server stopped before serving"; exit 1; }
echo "demo-check: serving on $url (pid $pid)"
/usr/bin/python3 scripts/demo-check.py "$url" "$password"
kill "$pid"
wait "$pid" && status=0 || status=$?
pid=""
[ "$status" = 0 ] || { cat "$scratch/serve.log"; echo "demo-check: the server exited with $status on SIGTERM"; exit 1; }
echo "demo-check: passed"
