#!/usr/bin/env python3
"""The outbox goes out by e-mail: `planwatch serve --smtp-url` delivers the reminders the office
sends to the agencies' addresses through a local SMTP server (Python's smtpd), and marks them sent.

usage: mail_test.py PLANWATCH_BINARY"""
import base64
import email
import email.header
import os
import sys
import tempfile
import threading
import time
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
import asyncore  # noqa: E402  (deprecated, still in Debian 12's Python 3.11)
import smtpd  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import pwhttp  # noqa: E402

received = []


class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        received.append((mailfrom, rcpttos, data))


def main():
    binary = sys.argv[1]
    port = pwhttp.free_port()
    Sink(("127.0.0.1", port), None)
    threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.1}, daemon=True).start()
    args, cleanup, _ = pwhttp.backend_args("sqlite", "mail")
    log = os.path.join(tempfile.gettempdir(), f"planwatch-mail-{os.getpid()}.log")
    server = pwhttp.Server(binary, args + ["--demo", "--smtp-url", f"smtp://127.0.0.1:{port}",
                                           "--mail-from", "planwatch@cantho.example", "--mail-interval", "1"], log)
    try:
        office = pwhttp.Client(server.url)
        office.login("vanphong")
        _, plans = office.call("GET", "/api/plans")
        plan = plans[0]["id"]
        _, periods = office.call("GET", f"/api/plans/{plan}/periods")
        status, body = office.call("POST", f"/api/plans/{plan}/reminders?period={periods[0]['id']}")
        assert status == 200 and body["count"] >= 1, (status, body)
        deadline = time.time() + 20
        while time.time() < deadline and not any("skhcn@cantho.example" in r[1] for r in received):
            time.sleep(0.2)
        mails = [r for r in received if "skhcn@cantho.example" in r[1]]
        assert mails, f"no e-mail to Sở KH&CN; received {len(received)}"
        msg = email.message_from_bytes(mails[0][2] if isinstance(mails[0][2], bytes) else mails[0][2].encode())
        subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
        assert subject.startswith("Đôn đốc báo cáo kỳ " + periods[0]["label"]), subject
        text = base64.b64decode(msg.get_payload()).decode()
        assert "Sở Khoa học và Công nghệ" in text, text
        assert mails[0][0] == "planwatch@cantho.example", mails[0][0]
        # Delivered messages leave the outbox; those of agencies without an address stay there.
        _, agencies = office.call("GET", "/api/agencies")
        with_address = {a["id"] for a in agencies if a["email"]}
        deadline = time.time() + 10
        while True:
            _, outbox = office.call("GET", "/api/outbox")
            waiting = [m for m in outbox if m["agency_id"] in with_address]
            if not waiting or time.time() > deadline:
                break
            time.sleep(0.2)
        assert not waiting, waiting
        print(f"{len(received)} e-mails delivered; {len(outbox)} messages wait for an address")
    finally:
        server.stop()
        cleanup()


if __name__ == "__main__":
    main()
