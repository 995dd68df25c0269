"""How reminders leave: SMTP set up the way `git send-email` is, or a command the team names; read from git config.

    git config sendemail.smtpServer smtp.example.com      # an absolute path is a sendmail-like program, as in git
    git config sendemail.smtpServerPort 587                # default 25, 465 for ssl, 587 for tls
    git config sendemail.smtpEncryption tls                # tls (STARTTLS), ssl (SMTPS), or none
    git config sendemail.smtpUser mei@northwind.digital    # log in as; the password is never in git config
    git config sendemail.smtpSSLCertPath /etc/ssl/team-ca.pem   # a CA file or folder to trust (default: the system's)
    git config sendemail.from "Chen Mei <mei@northwind.digital>"  # default: git's user.name and user.email
    git config ducu.notifyCommand 'curl -s -X POST --data-binary @- https://chat.example.com/hook'
    git config ducu.notifyTimeout 30                       # seconds for one message (SMTP or the command)
    git config ducu.notifyChannel chat                     # the log entry's channel for the command (default email)

``ducu.notifyCommand`` wins over SMTP when both are set. The password comes
from the environment (``DUCU_SMTP_PASSWORD``) or from git's credential
helper (``git credential fill`` with protocol smtp and host server:port, as
git send-email asks it), never from the workspace's files nor from
``sendemail.smtpPass``: the workspace is shared, and so can a repo's config be.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from typing import Literal, get_args

from workspace_schema.core.records import Channel
from workspace_schema.git import runner as git

__all__ = [
    "CHANNELS",
    "PASSWORD_ENV",
    "NotifyConfig",
    "NotifySetupError",
    "read_config",
    "smtp_password",
]

PASSWORD_ENV = "DUCU_SMTP_PASSWORD"
DEFAULT_TIMEOUT = 30.0
CHANNELS = get_args(Channel)  # a log entry's channels
Encryption = Literal["none", "ssl", "tls"]
DEFAULT_PORTS = {"none": 25, "ssl": 465, "tls": 587}


class NotifySetupError(Exception):
    """The way out is not set up, or set up wrongly; the message says what to run."""


@dataclass(frozen=True)
class NotifyConfig:
    server: str | None  # sendemail.smtpServer (host name), None when a command or nothing is set
    port: int
    encryption: Encryption
    user: str | None
    ca_path: str | None  # sendemail.smtpSSLCertPath
    sender: str | None  # sendemail.from, else git's identity "Name <email>"; None when neither
    command: str | None  # ducu.notifyCommand, or "/usr/sbin/sendmail -i" from an absolute smtpServer
    timeout: float
    channel: str  # the nudge log entry's channel

    def describe(self) -> str:
        """How messages would go, in a few words: 'SMTP smtp.example.com:587 (tls)', 'the command `...`'."""
        if self.command:
            return f"the command `{self.command}`"
        if self.server:
            return f"SMTP {self.server}:{self.port} ({self.encryption}{', as ' + self.user if self.user else ''})"
        return "nothing (not set up)"

    @property
    def ready(self) -> bool:
        return bool(self.command or self.server)


HOW_TO = (
    "set up SMTP as for git send-email (git config sendemail.smtpServer smtp.example.com; "
    "sendemail.smtpServerPort, sendemail.smtpEncryption tls, sendemail.smtpUser) "
    "or a command that reads the message on stdin (git config ducu.notifyCommand '...')"
)


def _get(root: str | os.PathLike[str], key: str) -> str | None:
    proc = git.run(root, "config", "--get", key, check=False)
    value = proc.stdout.strip()
    return value or None


def read_config(root: str | os.PathLike[str]) -> NotifyConfig:
    """The settings in git config for the clone at ``root``; NotifySetupError for a value that makes no sense."""
    server = _get(root, "sendemail.smtpServer")
    command = _get(root, "ducu.notifyCommand")
    if server and os.path.isabs(server) and not command:  # git send-email: a path is a sendmail-like program
        command, server = f"{shlex.quote(server)} -i -t", None
    raw_enc = (_get(root, "sendemail.smtpEncryption") or "none").lower()
    if raw_enc not in DEFAULT_PORTS:
        raise NotifySetupError(f"sendemail.smtpEncryption is {raw_enc!r}; use tls (STARTTLS), ssl or none")
    encryption: Encryption = raw_enc  # type: ignore[assignment]  # checked just above
    raw_port = _get(root, "sendemail.smtpServerPort")
    try:
        port = int(raw_port) if raw_port else DEFAULT_PORTS[encryption]
    except ValueError:
        raise NotifySetupError(f"sendemail.smtpServerPort is {raw_port!r}; give a port number") from None
    raw_timeout = _get(root, "ducu.notifyTimeout")
    try:
        timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
    except ValueError:
        raise NotifySetupError(f"ducu.notifyTimeout is {raw_timeout!r}; give seconds, e.g. 30") from None
    if timeout <= 0:
        raise NotifySetupError(f"ducu.notifyTimeout is {raw_timeout}; give a number of seconds above 0")
    channel = (_get(root, "ducu.notifyChannel") or "email") if command else "email"
    if channel not in CHANNELS:
        raise NotifySetupError(f"ducu.notifyChannel is {channel!r}; use one of {', '.join(CHANNELS)}")
    sender = _get(root, "sendemail.from")
    if sender is None:
        ident = git.identity(root)
        sender = f"{ident[0]} <{ident[1]}>" if ident else None
    return NotifyConfig(
        server=server if not command else None,
        port=port,
        encryption=encryption,
        user=_get(root, "sendemail.smtpUser"),
        ca_path=_get(root, "sendemail.smtpSSLCertPath"),
        sender=sender,
        command=command,
        timeout=timeout,
        channel=channel,
    )


def smtp_password(root: str | os.PathLike[str], config: NotifyConfig) -> str | None:
    """The SMTP password: ``DUCU_SMTP_PASSWORD``, else git's credential helper; None without a user to log in as.

    NotifySetupError when a user is set and neither gives a password.
    """
    if not config.user:
        return None
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    asked = f"protocol=smtp\nhost={config.server}:{config.port}\nusername={config.user}\n\n"  # as git send-email asks
    try:
        proc = git.run(root, "credential", "fill", input=asked, check=False, timeout=config.timeout)
    except git.GitError as exc:  # the helper hung past the time limit, or git is missing
        raise NotifySetupError(f"no SMTP password for {config.user}: {exc}; set {PASSWORD_ENV} instead") from None
    answer = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    if proc.returncode == 0 and answer.get("password"):
        return answer["password"]
    raise NotifySetupError(
        f"no SMTP password for {config.user}: set {PASSWORD_ENV} in the environment, or store it with git's "
        "credential helper (git config credential.helper store, then `git credential approve`)"
    )
