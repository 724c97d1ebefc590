#!/bin/sh
# Smoke-run the NAPI busy-poll pair on 127.0.0.1 with an ephemeral port:
# the server says which port it got, the client does 200 round trips and
# both must report them. Where the kernel refuses io_uring_register_napi
# both sides say so and run without it; the exchange is still checked,
# then the test is reported as skipped with the kernel's reason.
set -u
fail() { echo "example-napi: $*"; exit 1; }

tmp=$(mktemp -d /tmp/liburing-ex-napi.XXXXXX) || fail "mktemp"
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

timeout -k 2 20 ./examples/napi-pingpong --server > "$tmp/server" 2>&1 &
server=$!
i=0
port=
while [ -z "$port" ] && [ $i -lt 100 ]; do
	port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
		"$tmp/server" 2>/dev/null)
	i=$((i + 1))
	[ -z "$port" ] && sleep 0.05
done
[ -n "$port" ] || fail "server did not start: $(cat "$tmp/server")"

out=$(timeout 10 ./examples/napi-pingpong --client "$port" 200 2>&1) ||
	fail "client: exit $?: $out"
wait $server || fail "server: exit $?: $(cat "$tmp/server")"
server=
printf '%s\n' "$out" |
	grep -qxE "napi-pingpong client: 200 round trips, average [0-9.]+ us" ||
	fail "client: unexpected output: $out"
grep -qx "napi-pingpong server: 200 messages echoed" "$tmp/server" ||
	fail "server: unexpected output: $(cat "$tmp/server")"

for side in client server; do
	if [ $side = client ]; then text=$out; else text=$(cat "$tmp/server"); fi
	case $text in
	*"napi busy poll on, 50 us"*) ;;
	*"napi busy poll unavailable"*)
		printf '%s\n' "$text" | grep "unavailable" | tail -n 1
		exit 77 ;;
	*) fail "$side: no napi status line: $text" ;;
	esac
done
exit 0
