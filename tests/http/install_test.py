#!/usr/bin/env python3
"""Installing for real, and the demo from anywhere, on SQLite or PostgreSQL:
- `planwatch init --org … --admin …` with the password on standard input creates the organisation and its
  administrator; the administrator then signs in over HTTP (any letter case); a second init refuses
  (exit 3, a Vietnamese message) and changes nothing; a weak password is refused (exit 1).
- `planwatch serve --demo` started in an empty temporary directory finds the demo plan (compiled in);
  `--demo-plan` naming a missing file says so, exits 1 and leaves the database empty.

usage: install_test.py PLANWATCH_BINARY sqlite|postgres"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import pwhttp  # noqa: E402

PASSWORD = "mat-khau-cai-dat-1"


def init(binary, db_args, org, admin, password, cwd):
    return subprocess.run([binary, "init"] + db_args + ["--org", org, "--admin", admin],
                          input=password + "\n", capture_output=True, text=True, cwd=cwd, timeout=120)


def main():
    binary, backend = os.path.abspath(sys.argv[1]), sys.argv[2]
    cwd = tempfile.mkdtemp(prefix="planwatch-install-cwd-")  # nothing of the repository here
    log = os.path.join(tempfile.gettempdir(), f"planwatch-install-{backend}-{os.getpid()}.log")
    cleanups = []
    try:
        # ---- init, sign in, init again ----
        db_args, cleanup, _ = pwhttp.backend_args(backend, "install")
        cleanups.append(cleanup)
        weak = init(binary, db_args, "UBND tỉnh Thử Nghiệm", "quantri", "ngan", cwd)
        assert weak.returncode == 1, (weak.returncode, weak.stderr)
        assert "ít nhất 10 ký tự" in weak.stderr, weak.stderr
        first = init(binary, db_args, "UBND tỉnh Thử Nghiệm", "QuanTri.TN", PASSWORD, cwd)
        assert first.returncode == 0, (first.returncode, first.stdout, first.stderr)
        assert "quantri.tn" in first.stdout, first.stdout
        second = init(binary, db_args, "UBND tỉnh Khác", "khac", PASSWORD, cwd)
        assert second.returncode == 3, (second.returncode, second.stdout, second.stderr)
        assert "đã được khởi tạo" in second.stderr, second.stderr

        server = pwhttp.Server(binary, db_args, log, cwd=cwd)
        try:
            c = pwhttp.Client(server.url)
            user = c.login("QUANTRI.TN", PASSWORD)  # logins are case-insensitive
            assert user["role"] == "admin" and user["login"] == "quantri.tn", user
            status, users = c.call("GET", "/api/users")
            assert status == 200 and [u["login"] for u in users] == ["quantri.tn"], (status, users)
            status, agencies = c.call("GET", f"/api/agencies?org={user['org_id']}")
            assert status == 200 and agencies == [], (status, agencies)
            # The administrator can go on to create the first agency.
            status, body = c.call("POST", "/api/agencies", {"name": "Sở Khoa học và Công nghệ"})
            assert status == 201, (status, body)
        finally:
            server.stop()

        # ---- the demo from an empty working directory ----
        db_args, cleanup, _ = pwhttp.backend_args(backend, "install_demo")
        cleanups.append(cleanup)
        missing = subprocess.run([binary, "serve", "--demo", "--demo-plan", "khong-co/plan.txt", "--port",
                                  str(pwhttp.free_port())] + db_args,
                                 capture_output=True, text=True, cwd=cwd, timeout=60)
        assert missing.returncode == 1, (missing.returncode, missing.stderr)
        assert "không tìm thấy" in missing.stderr and "khong-co/plan.txt" in missing.stderr, missing.stderr
        server = pwhttp.Server(binary, db_args + ["--demo"], log, cwd=cwd)
        try:
            status, plans = pwhttp.Client(server.url).call("GET", "/api/plans")
            assert status == 200 and len(plans) == 1 and plans[0]["status"] == "published", (status, plans)
            c = pwhttp.Client(server.url)
            c.login("vanphong")
            status, tasks = c.call("GET", f"/api/plans/{plans[0]['id']}/tasks")
            assert status == 200 and len(tasks) > 0, (status, tasks)
        finally:
            server.stop()
        print("ok")
        return 0
    finally:
        for c in cleanups:
            c()
        subprocess.run(["rm", "-rf", cwd])


if __name__ == "__main__":
    sys.exit(main())
