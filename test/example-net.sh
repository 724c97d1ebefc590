#!/bin/sh
# Smoke-run the networking examples on 127.0.0.1 with ephemeral ports
# (no fixed port: parallel runs cannot collide). Servers print the port
# they got; every background process is bounded by timeout(1) and killed
# on exit. Checks what each program prints, not only how it exits.
set -u
# A failure explained by a program that said "needs Linux X.Y" (the
# kernel lacks its feature) is a skip, naming it.
fail() {
	why=$(cat "$tmp"/* 2>/dev/null | grep -m 1 'needs Linux')
	[ -n "$why" ] && { echo "example-net: $why"; exit 77; }
	echo "example-net: $*"
	exit 1
}

tmp=$(mktemp -d /tmp/liburing-ex-net.XXXXXX) || fail "mktemp"
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME CMD...: run CMD in the background, output in $tmp/NAME.
start() {
	name=$1
	shift
	timeout -k 2 20 "$@" > "$tmp/$name" 2>&1 &
	pids="$pids $!"
}

# port_of NAME: wait for "listening on 127.0.0.1:PORT" in its output.
port_of() {
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' \
			"$tmp/$1" 2>/dev/null)
		[ -n "$port" ] && { echo "$port"; return 0; }
		i=$((i + 1))
		sleep 0.05
	done
	cat "$tmp/$1" >&2
	return 1
}

# wait_for PID NAME: the background program must finish and succeed.
wait_for() {
	wait "$1" || fail "$2 exited with $?: $(cat "$tmp/$2")"
}

# Echo server and client: 3 connections of 200000 bytes each.
start echo-server ./examples/echo-server 0 3
server=$!
port=$(port_of echo-server) || fail "echo-server did not start"
out=$(timeout 10 ./examples/echo-client "$port" 200000 3 2>&1) ||
	fail "echo-client: exit $?: $out"
[ "$out" = "echo-client: 3 connections, 200000 bytes each, all echoed correctly" ] ||
	fail "echo-client: unexpected output: $out"
wait_for $server echo-server
grep -qx "echo-server: 3 connections served, 600000 bytes echoed" \
	"$tmp/echo-server" || fail "echo-server: $(cat "$tmp/echo-server")"

# Client -> proxy -> echo server, one connection.
start echo-server2 ./examples/echo-server 0 1
server=$!
port=$(port_of echo-server2) || fail "echo-server did not start"
start tcp-proxy ./examples/tcp-proxy 0 "$port"
proxy=$!
pport=$(port_of tcp-proxy) || fail "tcp-proxy did not start"
out=$(timeout 10 ./examples/echo-client "$pport" 300000 1 2>&1) ||
	fail "echo-client through tcp-proxy: exit $?: $out"
case $out in
*"300000 bytes each, all echoed correctly") ;;
*) fail "echo-client through tcp-proxy: $out" ;;
esac
wait_for $proxy tcp-proxy
wait_for $server echo-server2
grep -qx "tcp-proxy: relayed 300000 bytes client->target, 300000 bytes target->client" \
	"$tmp/tcp-proxy" || fail "tcp-proxy: $(cat "$tmp/tcp-proxy")"

# A client with nothing listening says why.
out=$(timeout 10 ./examples/echo-client 1 10 1 2>&1) &&
	fail "echo-client to a closed port succeeded"
case $out in
*"connect: Connection refused"*) ;;
*) fail "echo-client to a closed port: $out" ;;
esac

out=$(timeout 10 ./examples/udp-ping 200 2>&1) || fail "udp-ping: $out"
case $out in
"udp-ping: 200 round trips, average "*" us") ;;
*) fail "udp-ping: unexpected output: $out" ;;
esac

out=$(timeout 10 ./examples/send-zc 16 2>&1)
rc=$?
case $out in
*"needs Linux"*) echo "$out"; exit 77 ;;
esac
[ $rc -eq 0 ] || fail "send-zc: exit $rc: $out"
case $out in
"send-zc: 16 chunks in "*" zero-copy sends, 16 notifications ("*" copied by the kernel), 1048576 bytes received intact") ;;
*) fail "send-zc: unexpected output: $out" ;;
esac
exit 0
