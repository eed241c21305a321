"""Helpers for the tests that run real `planwatch serve` processes: start/stop servers on free
ports, a small JSON client with the session cookie and CSRF header, throwaway PostgreSQL schemas."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SKIP = 77  # ctest SKIP_RETURN_CODE


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`planwatch serve` on a free port, in the working directory `cwd` (default: this one); the demo plan
    is compiled into the binary, so `--demo` works wherever the server starts."""

    def __init__(self, binary, args, log_path, cwd=None):
        self.port = free_port()
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen([binary, "serve", "--address", "127.0.0.1", "--port", str(self.port)] + args,
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=cwd)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}, see {log_path}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        raise RuntimeError("server did not answer /healthz within 60 s")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Client:
    def __init__(self, base):
        self.base = base
        self.cookie = ""
        self.csrf = ""

    def call(self, method, path, body=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if self.cookie:
            req.add_header("Cookie", self.cookie)
        if self.csrf and method not in ("GET", "HEAD"):
            req.add_header("X-CSRF-Token", self.csrf)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, text, headers = r.status, r.read().decode(), r.headers
        except urllib.error.HTTPError as e:
            status, text, headers = e.code, e.read().decode(), e.headers
        for h in headers.get_all("Set-Cookie") or []:
            if h.startswith("pw_session="):
                value = h.split(";", 1)[0]
                self.cookie = "" if value == "pw_session=" else value
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def login(self, login, password="planwatch-demo"):
        status, body = self.call("POST", "/api/login", {"login": login, "password": password})
        assert status == 200, (status, body)
        self.csrf = body["csrf_token"]
        return body["user"]


def pg_schema_url(tag):
    """A fresh schema in $PLANWATCH_TEST_PG_URL's database; returns (url, drop) or None."""
    base = os.environ.get("PLANWATCH_TEST_PG_URL", "")
    if not base or not shutil.which("psql"):
        return None
    schema = f"{tag}_{os.getpid()}_{int(time.time() * 1000) % 1000000}"
    subprocess.run(["psql", base, "-qc", f"CREATE SCHEMA {schema}"], check=True, capture_output=True)
    url = base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"

    def drop():
        subprocess.run(["psql", base, "-qc", f"DROP SCHEMA {schema} CASCADE"], capture_output=True)

    return url, drop


def backend_args(backend, tag):
    """(serve arguments, cleanup) for 'sqlite' or 'postgres'; exits SKIP when PostgreSQL is missing."""
    if backend == "sqlite":
        data = tempfile.mkdtemp(prefix=f"planwatch-{tag}-")
        return ["--data", data], (lambda: shutil.rmtree(data, ignore_errors=True)), data
    pg = pg_schema_url(tag)
    if pg is None:
        print("PLANWATCH_TEST_PG_URL is not set: PostgreSQL case skipped "
              "(export PLANWATCH_TEST_PG_URL=$(scripts/pg-test-cluster.sh start))")
        sys.exit(SKIP)
    url, drop = pg
    return ["--database", url], drop, None
