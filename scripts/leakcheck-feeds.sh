#!/usr/bin/env bash
# Valgrind leak check of the feed export (libical serialisation, the parse-back, the state file codec).
#
# Valgrind 3.19 cannot run the full `sedia` binary built by Swift 6.3 (it gives up on the DWARF 5 debug info and,
# with the debug info stripped, crashes inside itself before main), so this builds a small harness from the
# SediaCore and SediaCalendar sources with swiftc and runs that: two exports of every feed (busy and VTODO variants
# included) of INSTANCE/PLAN, each feed parsed back with libical, and the state written and read back.
#
# SediaCalendar's UIDs use swift-crypto, which is linked from the release build's objects (`swift build -c release`
# first); the harness is stripped of debug information, which valgrind 3.19 cannot read.
#
# Usage: scripts/leakcheck-feeds.sh INSTANCE.json PLAN.json   (exit 0: no definite or indirect leak, no error)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
instance=$(realpath "$1")
plan=$(realpath "$2")
release="$root/.build/release"
[ -d "$release/Crypto.build" ] || (cd "$root" && swift build -c release)
crypto=(-I "$release/Modules"
  -Xcc -fmodule-map-file="$root/.build/checkouts/swift-crypto/Sources/CCryptoBoringSSL/include/module.modulemap"
  -Xcc -fmodule-map-file="$root/.build/checkouts/swift-crypto/Sources/CCryptoBoringSSLShims/include/module.modulemap")
mapfile -t cryptoObjects < <(find "$release"/{Crypto,CryptoBoringWrapper,CCryptoBoringSSL,CCryptoBoringSSLShims,CXKCP,CXKCPShims}.build -name '*.o')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
features=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
  -enable-upcoming-feature InternalImportsByDefault)
cd "$work"
swiftc -O "${features[@]}" -parse-as-library -emit-module -emit-library -static -module-name SediaCore \
  $(find "$root/Sources/SediaCore" -name '*.swift') -o libSediaCore.a
swiftc -O "${features[@]}" -parse-as-library -I . "${crypto[@]}" -Xcc -fmodule-map-file="$root/Sources/CLibical/module.modulemap" \
  -emit-module -emit-library -static -module-name SediaCalendar "$root"/Sources/SediaCalendar/*.swift -o libSediaCalendar.a
swiftc -O -swift-version 6 -I . "${crypto[@]}" -Xcc -fmodule-map-file="$root/Sources/CLibical/module.modulemap" \
  "$root/scripts/leakcheck-feeds/main.swift" libSediaCalendar.a libSediaCore.a "${cryptoObjects[@]}" -lical -lstdc++ -o feedharness
strip --strip-debug feedharness
valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 ./feedharness "$instance" "$plan"
