#!/bin/bash
# make backup-test: the backup drill of docs/operations.md on scratch files, with the package's own backup script.
# Usage: scripts/backup-test.sh SEDIA_BINARY INSTANCE.json
set -euo pipefail
sedia=$(readlink -f "$1")
instance=$(readlink -f "$2")
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/sedia-backup-test.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "backup-test: FAIL: $*" >&2; exit 1; }
cd "$scratch"

echo "== a live database with bookings"
"$sedia" db init --db live.sqlite >/dev/null
"$sedia" import instance "$instance" --db live.sqlite >/dev/null
"$sedia" solve "$instance" --out plan.json --time-limit 2 >/dev/null
"$sedia" apply-plan plan.json --db live.sqlite >/dev/null

echo "== the packaged backup script: backup, db check, age, keep, off-site copy"
age-keygen -o key.txt 2>/dev/null
age-keygen -y key.txt > recipients.txt
mkdir backups offsite
start=$(date +%s.%N)
SEDIA_BIN="$sedia" SEDIA_DB=live.sqlite SEDIA_BACKUP_DIR=backups SEDIA_BACKUP_RECIPIENTS=recipients.txt SEDIA_BACKUP_KEEP=2 \
    SEDIA_BACKUP_OFFSITE=offsite "$here/packaging/sedia-backup" >/dev/null
sealed=$(ls backups/sedia-*.sqlite.age)
[ "$(ls offsite)" = "$(basename "$sealed")" ] || fail "off-site copy missing"
[ -z "$(ls -A backups | grep -v '\.age$' || true)" ] || fail "an unencrypted copy was left behind: $(ls -A backups)"
if grep -q "SQLite format 3" "$sealed"; then fail "the backup is not encrypted"; fi

echo "== decrypt, check, restore into scratch"
age --decrypt -i key.txt -o restored-copy.sqlite "$sealed"
"$sedia" db check restored-copy.sqlite >/dev/null || fail "db check on the decrypted backup"
"$sedia" db init --db scratch.sqlite >/dev/null
"$sedia" restore --db scratch.sqlite --from restored-copy.sqlite --actor backup-test >/dev/null
end=$(date +%s.%N)
"$sedia" export-instance --db live.sqlite --out live.json >/dev/null
"$sedia" export-instance --db scratch.sqlite --out scratch.json >/dev/null
cmp live.json scratch.json || fail "export-instance of the restored database differs from the live one"
echo "restore drill (backup, encrypt, decrypt, check, restore): $(python3 -c "print(round($end - $start, 2))") s"

echo "== a flipped byte is caught"
python3 - "$sealed" flipped.age <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read()); data[len(data) // 2] ^= 0x01
open(sys.argv[2], "wb").write(data)
PY
if age --decrypt -i key.txt -o flipped-plain.sqlite flipped.age 2>/dev/null; then fail "age decrypted a damaged backup"; fi
python3 - restored-copy.sqlite flipped.sqlite <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
page = int.from_bytes(data[16:18], "big")
data[page] ^= 0xFF  # page 2's b-tree type byte
open(sys.argv[2], "wb").write(data)
PY
status=0; "$sedia" db check flipped.sqlite 2>/dev/null || status=$?
[ "$status" = 1 ] || fail "db check on a damaged file exited $status, not 1"
status=0; "$sedia" db check recipients.txt 2>/dev/null || status=$?
[ "$status" = 2 ] || fail "db check on a file that is not a database exited $status, not 2"

echo "== keep N: three more runs leave two"
for _ in 1 2 3; do
    sleep 1  # backups are named by the second they are taken
    SEDIA_BIN="$sedia" SEDIA_DB=live.sqlite SEDIA_BACKUP_DIR=backups SEDIA_BACKUP_RECIPIENTS=recipients.txt SEDIA_BACKUP_KEEP=2 \
        "$here/packaging/sedia-backup" >/dev/null
done
[ "$(ls backups/sedia-*.sqlite.age | wc -l)" = 2 ] || fail "SEDIA_BACKUP_KEEP=2 kept $(ls backups | wc -l)"
echo "backup-test: ok"
