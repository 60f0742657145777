#!/bin/sh
# Runs inside `unshare --net --mount` (privateDns.ts): a network with loopback only, this namespace's own
# /etc/resolv.conf (and /etc/nsswitch.conf when NSSWITCH is set), and (when DNS_RCODE is set) a DNS responder at DNS_ADDRESS:53; then the go command and our
# CLI, each on its own, the same environment for both. Nothing here can reach another machine.
set -eu
ip link set lo up
mount --bind "$WORK/resolv.conf" /etc/resolv.conf
if [ -n "${NSSWITCH:-}" ]; then
  printf '%s' "$NSSWITCH" >"$WORK/nsswitch.conf"
  [ -e /etc/nsswitch.conf ] || touch /etc/nsswitch.conf
  mount --bind "$WORK/nsswitch.conf" /etc/nsswitch.conf
fi
if [ -n "${DNS_RCODE:-}" ]; then
  "$NODE" --import tsx "$RESPONDER" "$DNS_ADDRESS" "$DNS_RCODE" "$WORK/ready" 60000 &
  responder=$!
  trap 'kill "$responder" 2>/dev/null || true' EXIT
  i=0
  until [ -e "$WORK/ready" ]; do
    i=$((i + 1))
    [ "$i" -lt 600 ] || { echo "the DNS responder did not start" >&2; exit 3; }
    sleep 0.05
  done
fi
(cd "$WORK/mod" && go mod download) >"$WORK/go.txt" 2>&1 || true
"$NODE" "$CLI" check --json "$WORK/sum" >"$WORK/check.json" 2>"$WORK/check.err" || true
"$NODE" "$CLI" probe --json --no-go "$WORK/sum" >"$WORK/probe.json" 2>"$WORK/probe.err" || true
