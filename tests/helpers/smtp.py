"""A real SMTP server on localhost for tests (aiosmtpd), with STARTTLS, SMTPS and AUTH as asked, and a CA to trust.

    with smtp_server(starttls=cert, login=("mei", "s3cret"), refuse={"x@y"}) as server:
        server.port, server.inbox          # inbox: (mail_from, rcpt_tos, message bytes) per message accepted

The certificate is made once per test session with the openssl command (for
127.0.0.1 and localhost, valid two days); the client trusts it through
sendemail.smtpSSLCertPath, the way a team points git send-email at its CA.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_cert(folder: Path) -> tuple[Path, Path]:
    """(certificate, key): a self-signed certificate for 127.0.0.1 and localhost; skips without openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Server:
    port: int
    inbox: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.inbox.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(
    *,
    starttls: tuple[Path, Path] | None = None,
    implicit_tls: tuple[Path, Path] | None = None,
    login: tuple[str, str] | None = None,
    refuse: set[str] | frozenset[str] = frozenset(),
) -> Iterator[Server]:
    """An SMTP server on 127.0.0.1 for the ``with`` block."""
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    server = Server(free_port(), refuse=set(refuse))
    pair = starttls or implicit_tls
    context = None
    if pair is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(pair[0]), str(pair[1]))

    def check(_server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> AuthResult:
        ok = login is not None and (data.login, data.password) == (login[0].encode(), login[1].encode())
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    controller = Controller(
        server,
        hostname="127.0.0.1",
        port=server.port,
        ssl_context=context if implicit_tls else None,
        tls_context=context if starttls else None,
        require_starttls=bool(starttls),
        authenticator=check if login else None,
        auth_required=bool(login),
        auth_require_tls=bool(starttls),
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
