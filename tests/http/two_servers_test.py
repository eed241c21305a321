#!/usr/bin/env python3
"""Two `planwatch serve` processes on one database work together: a session made on one is valid on
the other, a report saved on one is submitted, approved and accepted through the other, concurrent
writes through both are all kept, and a logout on one ends the session on both.

usage: two_servers_test.py PLANWATCH_BINARY postgres|sqlite"""
import os
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
import pwhttp  # noqa: E402


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    args, cleanup, _ = pwhttp.backend_args(backend, "two")
    log = os.path.join(tempfile.gettempdir(), f"planwatch-two-{backend}-{os.getpid()}.log")
    a = pwhttp.Server(binary, args + ["--demo"], log)
    b = pwhttp.Server(binary, args, log)
    try:
        rep_a = pwhttp.Client(a.url)
        me = rep_a.login("baocao.skhcn")
        rep_b = pwhttp.Client(b.url)
        rep_b.cookie, rep_b.csrf = rep_a.cookie, rep_a.csrf
        status, who = rep_b.call("GET", "/api/me")
        assert status == 200 and who["login"] == "baocao.skhcn", (status, who)

        _, plans = rep_a.call("GET", "/api/plans")
        plan = plans[0]["id"]
        _, periods = rep_a.call("GET", f"/api/plans/{plan}/periods")
        period = periods[-1]["id"]
        _, tasks = rep_b.call("GET", f"/api/plans/{plan}/tasks?agency={me['agency_id']}")
        status, r = rep_a.call("POST", "/api/reports", {"task_id": tasks[0]["id"], "period_id": period,
                                                        "progress": "in_progress", "percent": 20,
                                                        "narrative": "qua máy chủ A"})
        assert status == 200, (status, r)
        status, r = rep_b.call("POST", f"/api/reports/{r['id']}/submit")
        assert status == 200 and r["status"] == "submitted", (status, r)
        approver = pwhttp.Client(b.url)
        approver.login("pheduyet.skhcn")
        assert approver.call("POST", f"/api/reports/{r['id']}/approve")[0] == 200
        office = pwhttp.Client(a.url)
        office.login("vanphong")
        status, r = office.call("POST", f"/api/reports/{r['id']}/review", {"decision": "accepted", "comment": "ok"})
        assert status == 200 and r["status"] == "accepted", (status, r)
        status, r = rep_b.call("GET", f"/api/reports/{r['id']}")
        assert r["status"] == "accepted" and r["narrative"] == "qua máy chủ A", r

        # Concurrent drafts through both servers on distinct (task, period) pairs.
        pairs = [(t["id"], p["id"]) for t in tasks for p in periods[-8:] if p["id"] != period]
        acked, lock = {}, threading.Lock()

        def worker(k):
            c = pwhttp.Client((a if k % 2 == 0 else b).url)
            c.cookie, c.csrf = rep_a.cookie, rep_a.csrf
            for task, per in pairs[k::4]:
                status, body = c.call("POST", "/api/reports", {"task_id": task, "period_id": per,
                                                               "progress": "in_progress", "percent": 10,
                                                               "narrative": f"song song {task}/{per}"})
                assert status == 200, (status, body)
                with lock:
                    acked[body["id"]] = (task, per)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(acked) == len(pairs), (len(acked), len(pairs))
        for rid, (task, per) in acked.items():
            status, r = rep_a.call("GET", f"/api/reports/{rid}")
            assert status == 200 and (r["task_id"], r["period_id"]) == (task, per), (status, r)

        assert rep_b.call("POST", "/api/logout")[0] == 200
        assert rep_a.call("GET", "/api/me")[0] == 401, "a logout on B must end the session on A"
        print(f"{backend}: two servers shared sessions, a review cycle and {len(acked)} concurrent writes")
    finally:
        a.stop()
        b.stop()
        cleanup()


if __name__ == "__main__":
    main()
