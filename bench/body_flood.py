#!/usr/bin/env python3
"""Memory under a flood of anonymous big request bodies (issue 16, item 2).

Starts `planwatch serve --demo` on a temporary SQLite directory, then N clients at once each announce
and send a body of SIZE MiB to POST /api/reports without signing in (sending it whole, whatever the
server answers, as an attacker would). Prints the server's resident memory before, its peak during
the flood (VmHWM), and the answers the clients got.

    python3 bench/body_flood.py build/src/cli/planwatch [clients=20] [size_mib=39]
"""
import os
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "http"))
import pwhttp  # noqa: E402


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def flood(port, size, answers, lock):
    chunk = b"x" * (1 << 20)
    status = "no answer"
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.sendall(f"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {size}\r\n\r\n".encode())
        sent = 0
        try:
            while sent < size:
                n = min(len(chunk), size - sent)
                s.sendall(chunk[:n])
                sent += n
        except OSError:
            pass  # the server closed: it will not read the rest
        try:
            data = s.recv(4096)
            if data.startswith(b"HTTP/1.1 "):
                status = data[9:12].decode()
        except OSError:
            pass
        s.close()
    except OSError as e:
        status = f"error {e.errno}"
    with lock:
        answers[status] = answers.get(status, 0) + 1


def main():
    binary = sys.argv[1]
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    size = (int(sys.argv[3]) if len(sys.argv) > 3 else 39) << 20
    with tempfile.TemporaryDirectory(prefix="planwatch-flood-") as tmp:
        server = pwhttp.Server(binary, ["--demo", "--data", tmp, "--no-log-reads"], os.path.join(tmp, "server.log"))
        try:
            pid = server.proc.pid
            before = status_kb(pid, "VmRSS")
            answers, lock = {}, threading.Lock()
            threads = [threading.Thread(target=flood, args=(server.port, size, answers, lock)) for _ in range(clients)]
            start = time.time()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.time() - start
            peak = status_kb(pid, "VmHWM")
            after = status_kb(pid, "VmRSS")
            print(f"{clients} anonymous POST /api/reports of {size >> 20} MiB each in {elapsed:.1f} s: "
                  f"RSS before {before / 1024:.0f} MB, peak {peak / 1024:.0f} MB, after {after / 1024:.0f} MB; "
                  f"answers {answers}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
