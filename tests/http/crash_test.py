#!/usr/bin/env python3
"""kill -9 during a burst of concurrent report submissions, restart, and check that every
submission that got a success reply is stored, and that nothing is half-written (each stored
report is whole and has its audit entries; SQLite's integrity check passes).

usage: crash_test.py PLANWATCH_BINARY sqlite|postgres"""
import os
import sqlite3
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import pwhttp  # noqa: E402


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    args, cleanup, data_dir = pwhttp.backend_args(backend, "crash")
    log = os.path.join(tempfile.gettempdir(), f"planwatch-crash-{backend}-{os.getpid()}.log")
    server = pwhttp.Server(binary, args + ["--demo"], log)
    try:
        c = pwhttp.Client(server.url)
        me = c.login("baocao.skhcn")
        status, plans = c.call("GET", "/api/plans")
        plan = plans[0]["id"]
        _, periods = c.call("GET", f"/api/plans/{plan}/periods")
        today = time.strftime("%Y-%m-%d")
        open_periods = [p["id"] for p in periods if p["locks_on"] >= today]
        _, tasks = c.call("GET", f"/api/plans/{plan}/tasks?agency={me['agency_id']}")
        pairs = [(t["id"], p) for t in tasks for p in open_periods]
        assert len(pairs) >= 40, f"only {len(pairs)} open (task, period) pairs"

        acked_saves = {}   # report id → narrative
        acked_submits = set()
        sent = {}          # narrative → (task, period), everything we ever sent
        lock = threading.Lock()
        stop = threading.Event()

        def worker(k):
            w = pwhttp.Client(server.url)
            w.cookie, w.csrf = c.cookie, c.csrf  # one session shared by the burst
            for n, (task, period) in enumerate(pairs[k::8]):
                if stop.is_set():
                    return
                narrative = f"crash-{k}-{n}-" + "x" * 3000
                with lock:
                    sent[narrative] = (task, period)
                try:
                    status, body = w.call("POST", "/api/reports", {"task_id": task, "period_id": period,
                                                                   "progress": "in_progress", "percent": 50,
                                                                   "narrative": narrative})
                    if status != 200:
                        continue
                    with lock:
                        acked_saves[body["id"]] = narrative
                    status, body = w.call("POST", f"/api/reports/{body['id']}/submit")
                    if status == 200:
                        with lock:
                            acked_submits.add(body["id"])
                except Exception:  # the server died under us: expected
                    return

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        deadline = time.time() + 30
        while time.time() < deadline:
            with lock:
                if len(acked_saves) >= len(pairs) // 3:
                    break
            time.sleep(0.005)
        server.kill9()
        stop.set()
        for t in threads:
            t.join()
        print(f"{backend}: killed after {len(acked_saves)} acknowledged saves, {len(acked_submits)} submits "
              f"({len(sent)} sent)")
        assert acked_saves, "no submission was acknowledged before the kill"

        if data_dir:
            db = sqlite3.connect(os.path.join(data_dir, "planwatch.db"))
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            db.close()

        server = pwhttp.Server(binary, args, log)
        c = pwhttp.Client(server.url)
        c.login("baocao.skhcn")
        office = pwhttp.Client(server.url)
        office.login("vanphong")
        for rid, narrative in acked_saves.items():
            status, r = c.call("GET", f"/api/reports/{rid}")
            assert status == 200, f"acknowledged report {rid} lost: {status} {r}"
            assert r["narrative"] == narrative, f"report {rid} differs"
            if rid in acked_submits:
                assert r["status"] == "submitted", f"acknowledged submission of {rid} lost: {r['status']}"
        _, stored = c.call("GET", f"/api/reports?plan={plan}")
        for r in stored:
            assert r["narrative"] in sent, f"report {r['id']} holds a narrative nobody sent (half-written?)"
            assert sent[r["narrative"]] == (r["task_id"], r["period_id"]), f"report {r['id']} mixed up"
            _, audit = office.call("GET", f"/api/audit?entity=task_report&id={r['id']}")
            actions = [a["action"] for a in audit]
            assert "report.create" in actions, f"report {r['id']} stored without its audit entry"
            if r["status"] == "submitted":
                assert "report.submit" in actions, f"submission of {r['id']} stored without its audit entry"
        print(f"{backend}: after restart all {len(acked_saves)} acknowledged reports and {len(acked_submits)} "
              f"submissions are there; {len(stored)} stored reports are whole and audited")
    finally:
        server.stop()
        cleanup()


if __name__ == "__main__":
    main()
