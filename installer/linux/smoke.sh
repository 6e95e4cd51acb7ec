#!/usr/bin/env bash
# The installed package, from its own files, as root on a machine with no Python of netbar's: `netbar --version`,
# enrol a seat as the hub's user, start the hub as netbar-hub.service starts it (its ExecStart, its user), place a
# request over the wire, stop the hub with SIGTERM and expect exit status 0. $1: a Python with `websockets` for the
# client side (a kiosk's stand-in).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CLIENT_PYTHON=${1:?a python with websockets}
PORT=${NETBAR_SMOKE_PORT:-18765}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

test "$(readlink -f /usr/bin/netbar)" = /usr/lib/netbar/netbar
/usr/bin/netbar --version
test -f /etc/netbar/hub.toml && getent passwd netbar >/dev/null && test -d /var/lib/netbar
# setpriv and env each exec the next: the hub ends up with their PID, which is what SIGTERM is sent to.
AS_HUB_USER=(setpriv --reuid=netbar --regid=netbar --init-groups env -i HOME=/var/lib/netbar PATH=/usr/bin:/bin)

cd /var/lib/netbar
# Enrolled, or (run again on the same machine) given a new token.
"${AS_HUB_USER[@]}" /usr/bin/netbar seats add A01 > "$SCRATCH/enrolled" 2>/dev/null \
    || "${AS_HUB_USER[@]}" /usr/bin/netbar seats token A01 > "$SCRATCH/enrolled"
cut -d' ' -f2 "$SCRATCH/enrolled" > "$SCRATCH/token"

exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/netbar-hub.service)
# On loopback for the test (plain ws://); the service itself listens where /etc/netbar/hub.toml says.
"${AS_HUB_USER[@]}" NETBAR_LISTEN=127.0.0.1:$PORT $exec_start > "$SCRATCH/hub.log" 2>&1 &
hub=$!
for _ in $(seq 100); do
    grep -q "hub listening" "$SCRATCH/hub.log" && break
    kill -0 $hub 2>/dev/null || break
    sleep 0.2
done
grep -q "hub listening" "$SCRATCH/hub.log" || { cat "$SCRATCH/hub.log"; exit 1; }
"$CLIENT_PYTHON" "$HERE/place_request.py" "ws://127.0.0.1:$PORT" A01 < "$SCRATCH/token"
kill -TERM $hub
status=0
wait $hub || status=$?
cat "$SCRATCH/hub.log"
test $status -eq 0 || { echo "the hub exited $status on SIGTERM" >&2; exit 1; }
test -f /var/lib/netbar/hub.db && ls /var/lib/netbar/backups/
echo "smoke test passed: version, enrolment, hub, a request over the wire, SIGTERM exit 0"
