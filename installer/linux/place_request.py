"""Places a staff call over the wire, as a kiosk does, and prints the hub's answer: the package's smoke test.

`python place_request.py ws://127.0.0.1:PORT SEAT < token-file` — the token comes on stdin, never on a command
line. Exits 0 once the hub has acknowledged a request for SEAT; 1 otherwise. Needs only `websockets`.
"""

import asyncio
import json
import sys
import uuid

from websockets.asyncio.client import connect


async def place(url: str, seat: str, token: str) -> int:
    async with asyncio.timeout(20), connect(url) as hub:
        await hub.send(json.dumps({"type": "hello", "role": "kiosk", "seat": seat, "token": token}))
        welcome = json.loads(await hub.recv())
        if welcome.get("type") != "welcome":
            print(f"not welcomed: {welcome}", file=sys.stderr)
            return 1
        command = {
            "type": "command",
            "command_id": str(uuid.uuid4()),
            "name": "place_request",
            "body": {"kind": "call"},
        }
        await hub.send(json.dumps(command))
        while (frame := json.loads(await hub.recv()))["type"] in ("event", "presence"):
            pass
        print(json.dumps(frame, ensure_ascii=False))
        request = frame.get("result", {}).get("request", {}) if frame.get("type") == "ack" else {}
        return 0 if request.get("seat") == seat else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(place(sys.argv[1], sys.argv[2], sys.stdin.readline().strip())))
