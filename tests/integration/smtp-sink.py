#!/usr/bin/python3
# smtp-sink.py DIR PLAIN_PORT STARTTLS_PORT TLS_PORT — a real SMTP server for the
# mail tests, built on Debian's aiosmtpd (python3-aiosmtpd), on three loopback ports:
#   PLAIN_PORT     no TLS, authentication optional
#   STARTTLS_PORT  STARTTLS required, then AUTH required
#   TLS_PORT       implicit TLS (like port 465), AUTH required, LOGIN only (no PLAIN)
# TLS uses DIR/cert.pem and DIR/key.pem; the only valid login is rotunda / s3cret-pass.
# Each accepted message is written whole (temporary name, then rename) to
# DIR/maildir/new/<n>.eml, preceded by X-Sink-* lines recording the envelope, the port
# kind, whether TLS was on and who authenticated. Recipients rejected@… get a
# permanent 550 and busy@… a transient 451, so tests can see both replies.
# Runs until SIGTERM or SIGINT; started and stopped by smtp-sink.sh.
import itertools
import os
import signal
import ssl
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

directory, plain_port, starttls_port, tls_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
USER, PASSWORD = b"rotunda", b"s3cret-pass"
# A resumed sink goes on numbering after what it received before, never overwriting it.
counter = itertools.count(1 + max((int(name.split(".")[0]) for name in os.listdir(os.path.join(directory, "maildir", "new"))
                                   if name.split(".")[0].isdigit()), default=0))
# The implicit-TLS port requires AUTH without aiosmtpd seeing STARTTLS; it warns about that.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
lock = threading.Lock()


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


class Store:
    def __init__(self, kind):
        self.kind = kind

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("rejected@"):
            return "550 5.1.1 no such mailbox here"
        if address.startswith("busy@"):
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with lock:
            number = next(counter)
        encrypted = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        tls = "yes" if encrypted else "no"
        auth = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else "-"
        head = (f"X-Sink-Port: {self.kind}\r\nX-Sink-TLS: {tls}\r\nX-Sink-Auth: {auth}\r\n"
                f"X-Sink-Mail-From: {envelope.mail_from}\r\nX-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n")
        final = os.path.join(directory, "maildir", "new", f"{number:06d}.eml")
        temporary = os.path.join(directory, "maildir", "tmp", f"{number:06d}.eml")
        with open(temporary, "wb") as out:
            out.write(head.encode() + envelope.original_content)
        os.rename(temporary, final)
        return "250 OK stored"


def tls_context():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem"))
    return context


controllers = [
    Controller(Store("plain"), hostname="127.0.0.1", port=plain_port,
               authenticator=authenticate, auth_require_tls=False),
    Controller(Store("starttls"), hostname="127.0.0.1", port=starttls_port, tls_context=tls_context(),
               require_starttls=True, authenticator=authenticate, auth_required=True),
    # aiosmtpd only counts STARTTLS as TLS; this port is TLS from the first byte.
    Controller(Store("tls"), hostname="127.0.0.1", port=tls_port, ssl_context=tls_context(),
               authenticator=authenticate, auth_required=True, auth_require_tls=False,
               auth_exclude_mechanism=["PLAIN"]),
]
for controller in controllers:
    controller.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
print(f"smtp-sink: plain {plain_port}, starttls {starttls_port}, tls {tls_port}", flush=True)
stop.wait()
for controller in controllers:
    controller.stop()
