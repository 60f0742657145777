#!/bin/sh
# Runs inside `unshare --net --mount` (nsswitchGoDifferential.test.ts): loopback only, no DNS server, and for each
# file given, that file over /etc/nsswitch.conf while the go command looks up goproxy.test with GODEBUG=netdns=2;
# prints the order its net package chose (files,dns or cgo...), one line per file. Nothing can leave the machine.
set -eu
ip link set lo up
printf 'nameserver 127.0.0.1\n' >"$WORK/resolv.conf"
mount --bind "$WORK/resolv.conf" /etc/resolv.conf
[ -e /etc/nsswitch.conf ] || touch /etc/nsswitch.conf
for f in "$@"; do
  mount --bind "$f" /etc/nsswitch.conf
  order=$(cd "$WORK/mod" && GODEBUG=netdns=2 go mod download 2>&1 | sed -n 's/.*hostLookupOrder(goproxy\.test) = \([a-z,]*\).*/\1/p' | head -n 1)
  echo "${order:-none}"
  umount /etc/nsswitch.conf
done
