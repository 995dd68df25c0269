"""How a message leaves: SMTP (plain, STARTTLS or SMTPS, with or without a login) or a command reading it on stdin.

    with open_transport(root, config) as send:   # NotifySetupError: not set up, no password
        send(message)                           # SendFailed(reason): the server's reply, the command's stderr

Every failure is a SendFailed whose message says what happened in words and
quotes the server's reply (``550 5.1.1 <x@y>: mailbox unavailable``) or the
command's exit code and last lines of stderr. One message that fails does
not stop the others; a connection that cannot be made fails the first
message and every later one at once with the same reason (no wait of the
time limit per message against a server that is down).

The command runs in a shell (``sh -c``) with the message on stdin and
DUCU_NOTIFY_TO, DUCU_NOTIFY_SUBJECT and DUCU_NOTIFY_KIND in its environment;
past the time limit its whole process group is killed.
"""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from workspace_schema.notify.config import NotifyConfig, NotifySetupError, smtp_password

__all__ = ["SendFailed", "Sender", "open_transport"]

STDERR_LINES = 5  # of a failed command's stderr, the last lines quoted

Sender = Callable[[EmailMessage], None]


class SendFailed(Exception):
    """One message was not sent; the message says why (with the server's reply or the command's stderr)."""


@contextmanager
def open_transport(root: str | os.PathLike[str], config: NotifyConfig) -> Iterator[Sender]:
    """A function that sends one message the configured way; closes what it opened on exit."""
    if config.command:
        yield lambda msg: run_command(config.command or "", msg, config.timeout)
        return
    if not config.server:
        raise NotifySetupError("nothing to send with: no sendemail.smtpServer and no ducu.notifyCommand in git config")
    smtp = _Smtp(config, smtp_password(root, config))
    try:
        yield smtp.send
    finally:
        smtp.close()


# --- SMTP -----------------------------------------------------------------------------


def _tls_context(config: NotifyConfig) -> ssl.SSLContext:
    path = config.ca_path
    if path and os.path.isdir(path):
        return ssl.create_default_context(capath=path)
    return ssl.create_default_context(cafile=path) if path else ssl.create_default_context()


def _reply(code: int, said: bytes | str) -> str:
    text = said.decode("utf-8", "replace") if isinstance(said, bytes) else said
    return f"{code} {' '.join(text.split())}"


class _Smtp:
    """One connection, opened on the first message and kept for the next ones."""

    def __init__(self, config: NotifyConfig, password: str | None) -> None:
        self.config = config
        self.password = password
        self.conn: smtplib.SMTP | None = None
        self.broken: str | None = None  # why the connection could not be made: every later message fails the same

    def _where(self) -> str:
        return f"{self.config.server}:{self.config.port}"

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        host = cfg.server or ""
        conn: smtplib.SMTP
        if cfg.encryption == "ssl":
            conn = smtplib.SMTP_SSL(host, cfg.port, timeout=cfg.timeout, context=_tls_context(cfg))
        else:
            conn = smtplib.SMTP(host, cfg.port, timeout=cfg.timeout)
        try:
            conn.ehlo()
            if cfg.encryption == "tls":
                if not conn.has_extn("starttls"):
                    raise SendFailed(f"{self._where()} does not offer STARTTLS (sendemail.smtpEncryption is tls)")
                conn.starttls(context=_tls_context(cfg))
                conn.ehlo()
            if cfg.user:
                conn.login(cfg.user, self.password or "")
        except BaseException:
            conn.close()
            raise
        return conn

    def send(self, msg: EmailMessage) -> None:
        if self.broken is not None:
            raise SendFailed(self.broken)
        sender = parseaddr(str(msg["From"]))[1]
        rcpts = [addr for _, addr in getaddresses([str(v) for v in msg.get_all("To", [])])]
        try:
            if self.conn is None:
                try:
                    self.conn = self._connect()
                except SendFailed as exc:
                    self.broken = str(exc)
                    raise
                except Exception as exc:
                    self.broken = self._explain(exc, connecting=True)
                    raise SendFailed(self.broken) from None
            self.conn.send_message(msg, sender, rcpts)  # lines end CRLF on the wire (sendmail(bytes) keeps bare LF)
        except SendFailed:
            raise
        except Exception as exc:
            reason = self._explain(exc, connecting=False)
            if not isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
                self.close()  # the connection is in doubt: the next message opens a new one
            raise SendFailed(reason) from None

    def _explain(self, exc: Exception, *, connecting: bool) -> str:
        where = self._where()
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            said = "; ".join(f"{rcpt}: {_reply(code, text)}" for rcpt, (code, text) in exc.recipients.items())
            return f"{where} refused the recipient: {said}"
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return f"{where} refused the sender {exc.sender}: {_reply(exc.smtp_code, exc.smtp_error)}"
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return f"{where} refused the login as {self.config.user}: {_reply(exc.smtp_code, exc.smtp_error)}"
        if isinstance(exc, smtplib.SMTPResponseException):
            return f"{where} said {_reply(exc.smtp_code, exc.smtp_error)}"
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return f"{where}: {exc} (check sendemail.smtpEncryption and sendemail.smtpUser)"
        if isinstance(exc, ssl.SSLCertVerificationError):
            return (
                f"{where}: its TLS certificate is not trusted ({exc.verify_message}); "
                "point sendemail.smtpSSLCertPath at the CA that signed it"
            )
        if isinstance(exc, ssl.SSLError):
            return (
                f"{where}: TLS failed ({exc.reason or exc}); check sendemail.smtpEncryption (tls or ssl) and the port"
            )
        if isinstance(exc, TimeoutError | socket.timeout):
            return f"{where} did not answer within {self.config.timeout:g} s (ducu.notifyTimeout)"
        if isinstance(exc, ConnectionRefusedError):
            return f"cannot connect to {where}: connection refused (is the server up, and the port right?)"
        if isinstance(exc, socket.gaierror):
            return f"cannot find the SMTP server {self.config.server}: {exc.strerror}"
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return f"{where} closed the connection{' before it was ready' if connecting else ''}: {exc}"
        if isinstance(exc, OSError):
            return f"cannot {'connect to' if connecting else 'talk to'} {where}: {exc.strerror or exc}"
        return f"{where}: {exc}"

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except Exception:
            conn.close()


# --- a command --------------------------------------------------------------------------


def run_command(command: str, msg: EmailMessage, timeout: float) -> None:
    """Pipe ``msg`` to ``sh -c command``; SendFailed when it exits non-zero or runs past ``timeout`` seconds."""
    env = dict(os.environ)
    env.update(
        {
            "DUCU_NOTIFY_TO": str(msg["To"]),
            "DUCU_NOTIFY_SUBJECT": str(msg["Subject"]),
            "DUCU_NOTIFY_KIND": str(msg.get("X-Ducu-Kind", "")),
        }
    )
    try:
        proc = subprocess.Popen(
            ["sh", "-c", command],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group: a time-out kills its children too
        )
    except OSError as exc:
        raise SendFailed(f"cannot run the notify command: {exc.strerror or exc}") from None
    try:
        _, err = proc.communicate(msg.as_bytes(), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise SendFailed(
            f"the notify command did not finish within {timeout:g} s (ducu.notifyTimeout) and was stopped: "
            "the message may or may not have gone"
        ) from None
    if proc.returncode != 0:
        said = err.decode("utf-8", "replace").strip().splitlines()[-STDERR_LINES:]
        how = f"was killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exited {proc.returncode}"
        raise SendFailed(f"the notify command {how}" + (": " + " / ".join(said) if said else " (it said nothing)"))


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()
