#!/bin/bash
# Applies a booking's REQUEST, REQUEST (moved) and CANCEL, as the mail tests send them to a real SMTP server, to
# evolution-data-server's local calendar (ECalClient receive_objects: Evolution's own iTIP code), and prints what the
# calendar holds after each message. Needs: evolution-data-server gir1.2-ecal-2.0 gir1.2-edataserver-1.2 python3-gi dbus.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
home=$(mktemp -d)
trap 'rm -rf "$out" "$home"' EXIT
SEDIA_MAIL_INTEROP_DIR="$out" swift test --skip-build --filter "aBookingAMoveAndACancelArriveAsRequestRequestCancelWithOneUID" >/dev/null
# The interviewer's three messages, in the order the server accepted them.
mapfile -t messages < <(grep -l "^X-Sink-Rcpt: io014@" "$out"/*.eml | sort)
[ "${#messages[@]}" = 3 ] || { echo "expected 3 messages for the interviewer, got ${#messages[@]}" >&2; exit 1; }
HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache" \
    dbus-run-session -- /usr/bin/python3 Tests/mail/eds_apply.py "${messages[@]}"
