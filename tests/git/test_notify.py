"""`ducu notify`: reminders and digests sent through a real SMTP server on localhost (aiosmtpd) or a command.

Real git in a temporary repository, a real server per test: plain, STARTTLS
with a certificate made for the test (trusted through sendemail.smtpSSLCertPath),
SMTPS, AUTH with the password from the environment or git's credential helper,
a recipient refused, the server down; and the command transport succeeding,
failing and hanging past its time limit. Each sent reminder is one nudge log
entry, all in one commit; nothing is logged that was not sent.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.gitteam import g
from tests.helpers.smtp import Server, free_port, make_cert, smtp_server
from tests.helpers.workspace import write_ws
from tui.cli import main
from workspace_schema.load.loader import load_workspace
from workspace_schema.notify import messages
from workspace_schema.notify.config import NotifySetupError, read_config
from workspace_schema.notify.send import NotifyOutcome, notify
from workspace_schema.rules import check
from workspace_schema.views import nudges

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # the plain-login tests

TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)

FILES = {
    "workspace.toml": """\
        [workspace]
        name = "Northwind"
        timezone = "UTC"
        team = "us"
        """,
    "people.toml": """\
        [people.alice]
        name = "Alice"
        emails = ["author@example.com"]
        org = "us"

        [people.bob]
        name = "Bob Stone"
        emails = ["bob@acme.example"]
        org = "acme"

        [people.carol]
        name = "Carol"
        emails = ["carol@acme.example"]
        org = "acme"

        [people.dan]
        name = "Dan"
        org = "acme"

        [people.wang]
        name = "王伟"
        emails = ["wang@huamei.example"]
        org = "huamei"
        """,
    "clients.toml": """\
        [clients.acme]
        name = "Acme"
        sponsor = "bob"

        [clients.huamei]
        name = "华美百货"
        language = "zh"
        """,
    "projects/crm.toml": """\
        [project]
        title = "CRM"
        client = "acme"
        owner = "alice"
        status = "active"

        [milestones.bob-late]
        title = "Data export"
        side = "client"
        owner = "bob"
        due = 2026-11-20

        [milestones.carol-late]
        title = "Test accounts"
        side = "client"
        owner = "carol"
        due = 2026-11-21

        [milestones.dan-late]
        title = "Sign-off"
        side = "client"
        owner = "dan"
        due = 2026-11-22

        [tasks.ours-late]
        title = "Import script"
        owner = "alice"
        due = 2026-11-25

        [tasks.ours-soon]
        title = "Dry run"
        owner = "alice"
        due = 2026-12-02
        """,
    "projects/mini.toml": """\
        [project]
        title = "小程序"
        client = "huamei"
        owner = "alice"
        status = "active"

        [milestones.renzheng]
        title = "微信认证"
        side = "client"
        owner = "wang"
        due = 2026-11-23
        done_criteria = "营业执照、对公账户、零售类目资质已在微信公众平台提交，认证费已付，类目审核材料齐全，法务盖章完成"
        """,
}
SENDABLE = ["bob@acme.example", "carol@acme.example", "wang@huamei.example"]  # dan has no email


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_cert(tmp_path_factory.mktemp("cert"))


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = write_ws(tmp_path / "ws", FILES, base=False)
    g(root, "init", "-q", "-b", "main")
    g(root, "add", "-A")
    g(root, "commit", "-q", "-m", "start")
    g(root, "config", "sendemail.from", "Alice <alice@us.example>")
    g(root, "config", "ducu.notifyTimeout", "2")
    monkeypatch.delenv("DUCU_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    yield root


def use_smtp(root: Path, server: Server, *settings: tuple[str, str]) -> None:
    g(root, "config", "sendemail.smtpServer", "127.0.0.1")
    g(root, "config", "sendemail.smtpServerPort", str(server.port))
    for key, value in settings:
        g(root, "config", key, value)


def run_notify(root: Path) -> NotifyOutcome:
    ws, _ = load_workspace(root, cache=False)
    return notify(root, ws, TODAY, messages.reminders(ws, TODAY), read_config(root), now=NOW)


def commits(root: Path) -> int:
    return int(g(root, "rev-list", "--count", "HEAD"))


def nudge_log(root: Path) -> dict[str, list[str]]:
    """Item id -> the people its nudge entries name, over both projects, as the files now say."""
    ws, findings = load_workspace(root, cache=False)
    assert [f for f in findings if f.level == "error"] == []
    out: dict[str, list[str]] = {}
    for p in ws.projects.values():
        for entry in p.log.values():
            assert entry.kind == "nudge" and entry.on == TODAY
            for iid in entry.items:
                out.setdefault(iid, []).extend(entry.with_)
    return out


def assert_nothing_logged(root: Path, before: int) -> None:
    assert commits(root) == before
    assert g(root, "status", "--porcelain") == ""
    assert nudge_log(root) == {}


def test_plain_smtp_sends_each_reminder_and_logs_them_in_one_commit(repo: Path) -> None:
    with smtp_server() as server:
        use_smtp(repo, server)
        outcome = run_notify(repo)
    assert [r.outgoing.address for r in outcome.sent] == SENDABLE
    assert [(r.outgoing.handle, r.error) for r in outcome.failed] == [("dan", "dan has no email in people.toml")]
    assert [(frm, to) for frm, to, _ in server.inbox] == [("alice@us.example", [a]) for a in SENDABLE]
    # the Chinese reminder arrives whole, in UTF-8, with the headers a mail client needs
    zh = email.message_from_bytes(server.inbox[2][2], policy=email.policy.default)
    assert zh["Subject"] == "提醒：微信认证（截止 2026-11-23）"
    assert zh["To"].addresses[0].display_name == "王伟"
    assert zh["Message-ID"].endswith("@us.example>") and zh["Date"].datetime == NOW
    assert "王伟，您好！" in zh.get_content() and "已逾期 4 天" in zh.get_content()
    assert len(server.inbox[2][2]) > 1000  # over SMTP's line limit were it one line: lines end CRLF on the wire
    # one commit, one nudge entry per sent reminder, by the person committing
    assert commits(repo) == 2 and outcome.commit == g(repo, "rev-parse", "HEAD")
    assert g(repo, "log", "-1", "--format=%an <%ae>") == "Test Author <author@example.com>"
    assert sorted(g(repo, "show", "--name-only", "--format=", "HEAD").splitlines()) == [
        "projects/crm.toml",
        "projects/mini.toml",
    ]
    assert g(repo, "status", "--porcelain") == ""
    assert nudge_log(repo) == {"bob-late": ["bob"], "carol-late": ["carol"], "renzheng": ["wang"]}
    ws, _ = load_workspace(repo, cache=False)
    entry = next(e for e in ws.projects["crm"].log.values() if e.items == ["bob-late"])
    assert (entry.by, entry.channel) == ("alice", "email")
    assert entry.summary == "Reminder sent to Bob Stone <bob@acme.example>: Reminder: Data export (due 2026-11-20)"
    # the cadence rule clears for what was sent; a second run sends nothing twice
    assert {f.item for f in check(ws, TODAY) if f.code == "CAD002"} == {"crm/dan-late"}
    assert [o.handle for o in messages.reminders(ws, TODAY)] == ["dan"]
    due = {it.item for grp in nudges.build(ws, TODAY) for it in grp.items if it.nudge_due}
    assert due == {"dan-late"}


@pytest.mark.parametrize("password_from", ["env", "credential helper"])
def test_starttls_and_login(
    repo: Path, cert: tuple[Path, Path], password_from: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if password_from == "env":
        monkeypatch.setenv("DUCU_SMTP_PASSWORD", "s3cret")
    else:
        g(repo, "config", "credential.helper", '!f() { test "$1" = get && echo password=s3cret; }; f')
    with smtp_server(starttls=cert, login=("alice", "s3cret")) as server:
        use_smtp(
            repo,
            server,
            ("sendemail.smtpEncryption", "tls"),
            ("sendemail.smtpUser", "alice"),
            ("sendemail.smtpSSLCertPath", str(cert[0])),
        )
        outcome = run_notify(repo)
    assert [r.outgoing.address for r in outcome.sent] == SENDABLE and len(server.inbox) == 3
    assert commits(repo) == 2 and len(nudge_log(repo)) == 3


def test_smtps_with_a_wrong_password_says_the_servers_reply_and_logs_nothing(
    repo: Path, cert: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCU_SMTP_PASSWORD", "wrong")
    with smtp_server(implicit_tls=cert, login=("alice", "s3cret")) as server:
        use_smtp(
            repo,
            server,
            ("sendemail.smtpEncryption", "ssl"),
            ("sendemail.smtpUser", "alice"),
            ("sendemail.smtpSSLCertPath", str(cert[0])),
        )
        outcome = run_notify(repo)
    assert server.inbox == [] and outcome.sent == []
    reasons = {r.error for r in outcome.failed if r.outgoing.address}
    assert reasons == {
        f"127.0.0.1:{server.port} refused the login as alice: 535 5.7.8 Authentication credentials invalid"
    }
    assert_nothing_logged(repo, 1)


def test_a_certificate_nobody_trusts_is_refused(repo: Path, cert: tuple[Path, Path]) -> None:
    with smtp_server(starttls=cert) as server:
        use_smtp(repo, server, ("sendemail.smtpEncryption", "tls"))
        outcome = run_notify(repo)
    assert server.inbox == [] and outcome.sent == []
    assert all("TLS certificate is not trusted" in (r.error or "") for r in outcome.failed if r.outgoing.address)
    assert_nothing_logged(repo, 1)


def test_a_login_without_a_password_stops_before_anything_is_sent(repo: Path) -> None:
    with smtp_server(login=("alice", "s3cret")) as server:
        use_smtp(repo, server, ("sendemail.smtpUser", "alice"))
        with pytest.raises(NotifySetupError, match="DUCU_SMTP_PASSWORD"):
            run_notify(repo)
    assert server.inbox == []
    assert_nothing_logged(repo, 1)


def test_the_server_down_loses_nothing_and_logs_nothing(repo: Path) -> None:
    g(repo, "config", "sendemail.smtpServer", "127.0.0.1")
    g(repo, "config", "sendemail.smtpServerPort", str(free_port()))  # nothing listens there
    outcome = run_notify(repo)
    assert outcome.sent == [] and outcome.commit is None
    reasons = {r.error for r in outcome.failed if r.outgoing.address}
    assert len(reasons) == 1 and "connection refused" in reasons.pop()
    assert_nothing_logged(repo, 1)


def test_a_refused_recipient_is_reported_with_the_reply_and_the_others_are_sent_and_logged(repo: Path) -> None:
    with smtp_server(refuse={"carol@acme.example"}) as server:
        use_smtp(repo, server)
        outcome = run_notify(repo)
    assert [to for _, to, _ in server.inbox] == [["bob@acme.example"], ["wang@huamei.example"]]
    carol = next(r for r in outcome.failed if r.outgoing.handle == "carol")
    assert carol.error == (
        f"127.0.0.1:{server.port} refused the recipient: carol@acme.example: "
        "550 5.1.1 <carol@acme.example>: Recipient address rejected: mailbox unavailable"
    )
    assert commits(repo) == 2 and nudge_log(repo) == {"bob-late": ["bob"], "renzheng": ["wang"]}
    # once the address is fixed, the next run sends carol's alone
    with smtp_server() as server:
        use_smtp(repo, server)
        again = run_notify(repo)
    assert [r.outgoing.handle for r in again.sent] == ["carol"] and len(server.inbox) == 1
    assert commits(repo) == 3 and set(nudge_log(repo)) == {"bob-late", "carol-late", "renzheng"}


def command(repo: Path, script: str, timeout: str = "2") -> Path:
    path = repo.parent / "send.sh"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    g(repo, "config", "ducu.notifyCommand", str(path))
    g(repo, "config", "ducu.notifyChannel", "chat")
    g(repo, "config", "ducu.notifyTimeout", timeout)
    return path


def test_a_command_gets_each_message_on_stdin_and_the_sent_are_logged(repo: Path) -> None:
    got = repo.parent / "got"
    got.mkdir()
    command(repo, f'cat > "{got}/$(date +%s%N)"; echo "$DUCU_NOTIFY_TO" >> "{got}/to.txt"\n')
    outcome = run_notify(repo)
    assert len(outcome.sent) == 3
    assert (got / "to.txt").read_text().splitlines() == [
        "Bob Stone <bob@acme.example>",
        "Carol <carol@acme.example>",
        "王伟 <wang@huamei.example>",  # the environment holds the name as text, the message as RFC 2047
    ]
    mails = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in got.iterdir()]
    assert sorted(str(m["Subject"]) for m in mails if m["Subject"]) == [
        "Reminder: Data export (due 2026-11-20)",
        "Reminder: Test accounts (due 2026-11-21)",
        "提醒：微信认证（截止 2026-11-23）",
    ]
    ws, _ = load_workspace(repo, cache=False)
    assert {e.channel for p in ws.projects.values() for e in p.log.values()} == {"chat"}
    assert commits(repo) == 2


def test_a_command_that_fails_says_its_stderr_and_logs_nothing(repo: Path) -> None:
    command(repo, 'cat > /dev/null; echo "webhook said 403 Forbidden" >&2; exit 1\n')
    outcome = run_notify(repo)
    assert outcome.sent == []
    assert {r.error for r in outcome.failed if r.outgoing.address} == {
        "the notify command exited 1: webhook said 403 Forbidden"
    }
    assert_nothing_logged(repo, 1)


def test_a_command_that_hangs_is_stopped_at_the_time_limit(repo: Path) -> None:
    command(repo, "sleep 30\n", timeout="0.2")
    started = time.monotonic()
    outcome = run_notify(repo)
    assert time.monotonic() - started < 3  # three messages, 0.2 s each, the sleeps killed with their shell
    assert outcome.sent == [] and len(outcome.failed) == 4
    assert all("did not finish within 0.2 s" in (r.error or "") for r in outcome.failed if r.outgoing.address)
    assert_nothing_logged(repo, 1)


# --- the command line -------------------------------------------------------------------


def test_cli_dry_run_shows_what_would_go_and_sends_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with smtp_server() as server:
        use_smtp(repo, server)
        assert main(["notify", "-w", str(repo)]) == 0
    out = capsys.readouterr().out
    assert server.inbox == []
    assert "to Bob Stone <bob@acme.example>" in out and "Reminder: Data export (due 2026-11-20)" in out
    assert "提醒：微信认证（截止 2026-11-23）" in out and "cannot send: dan has no email in people.toml" in out
    assert f"by SMTP 127.0.0.1:{server.port}" in out and "Dry run: nothing sent" in out
    assert_nothing_logged(repo, 1)


def test_cli_send_reports_each_and_exits_1_when_some_failed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with smtp_server(refuse={"carol@acme.example"}) as server:
        use_smtp(repo, server)
        assert main(["notify", "--send", "-w", str(repo)]) == 1
    captured = capsys.readouterr()
    assert "sent to Bob Stone <bob@acme.example>" in captured.out
    assert "not sent to Carol <carol@acme.example>" in captured.err and "550 5.1.1" in captured.err
    assert "logged 2 nudges in" in captured.out
    assert commits(repo) == 2


def test_cli_digest_and_filters(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notify", "--digest", "--to", "alice", "-w", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "What you owe this week: 2 items (overdue: 1)" in out
    assert main(["notify", "--project", "mini", "-w", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "wang@huamei.example" in out and "bob@" not in out
    assert main(["notify", "--to", "nobody", "-w", str(repo)]) == 1
    assert "no person `nobody`" in capsys.readouterr().err
    assert main(["notify", "--send", "-w", str(repo)]) == 1  # not set up
    assert "sendemail.smtpServer" in capsys.readouterr().err
    assert_nothing_logged(repo, 1)


def test_a_digest_goes_once_a_week_recorded_on_the_person_in_one_commit(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server() as server:
        use_smtp(repo, server)
        assert main(["notify", "--digest", "--send", "-w", str(repo)]) == 1  # dan has no email: not sent
        out = capsys.readouterr().out
        got = sorted(to for _, tos, _ in server.inbox for to in tos)
        assert got == sorted(["author@example.com", *SENDABLE])  # alice commits as author@example.com
        assert "recorded 4 digests sent (people.toml digest_sent_on) in" in out
        assert commits(repo) == 2 and g(repo, "show", "--name-only", "--format=", "HEAD").split() == ["people.toml"]
        ws, _ = load_workspace(repo, cache=False)
        assert {h for h, p in ws.people.items() if p.digest_sent_on == TODAY} == {"alice", "bob", "carol", "wang"}
        # a second run that week sends nobody a second digest, and says so
        assert main(["notify", "--digest", "--send", "-w", str(repo)]) == 1  # dan's still cannot go
        out = capsys.readouterr().out
        assert len(server.inbox) == 4 and commits(repo) == 2
        assert "Sent this week already: alice on 2026-11-27, bob on 2026-11-27" in out
        assert "`--again` sends theirs again" in out
        # next Monday is another week; --again sends one now
        assert [o.handle for o in messages.digests(ws, TODAY + dt.timedelta(days=3), to="bob")] == ["bob"]
        assert main(["notify", "--digest", "--send", "--again", "--to", "bob", "-w", str(repo)]) == 0
        assert len(server.inbox) == 5 and commits(repo) == 2  # the day is the same: nothing to record again


def test_digest_lists_overdue_then_due_this_week_in_the_persons_language(repo: Path) -> None:
    ws, _ = load_workspace(repo, cache=False)
    by = {o.handle: o for o in messages.digests(ws, TODAY)}
    assert set(by) == {"alice", "bob", "carol", "dan", "wang"}
    assert by["alice"].body == (
        "Hi Alice,\n\nHere is what is waiting on you in Northwind this week.\n\n"
        "Overdue\n- CRM: Import script (due 2026-11-25, 2 days late)\n\n"
        "Due in the next 7 days\n- CRM: Dry run (due 2026-12-02)\n\nThank you.\nNorthwind\n"
    )
    assert by["wang"].subject == "本周待办：1 项（已逾期 1 项）"
    assert "-「小程序」微信认证（截止 2026-11-23，已逾期 4 天）" in by["wang"].body
    assert by["dan"].problem == "dan has no email in people.toml"


def test_an_address_that_is_not_one_is_not_sent_to_and_a_bad_sender_stops_everything(repo: Path) -> None:
    people = repo / "people.toml"
    people.write_text(people.read_text().replace('"carol@acme.example"', '"carol@acme.example\\r\\nBcc: x@y"'))
    ws, _ = load_workspace(repo, cache=False)
    carol = next(o for o in messages.reminders(ws, TODAY) if o.handle == "carol")
    assert carol.problem == "carol's first email in people.toml, 'carol@acme.example Bcc: x@y', is not an email address"
    g(repo, "config", "sendemail.smtpServer", "127.0.0.1")
    g(repo, "config", "sendemail.from", "Alice <alice at us>")
    with pytest.raises(NotifySetupError, match="fix git config sendemail.from"):
        run_notify(repo)


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("sendemail.smtpEncryption", "starttls", "use tls (STARTTLS), ssl or none"),
        ("sendemail.smtpServerPort", "smtp", "give a port number"),
        ("ducu.notifyTimeout", "0", "above 0"),
    ],
)
def test_config_that_makes_no_sense_is_refused_with_what_to_set(repo: Path, key: str, value: str, said: str) -> None:
    g(repo, "config", key, value)
    with pytest.raises(NotifySetupError, match=re.escape(said)):
        read_config(repo)


def test_config_defaults_and_a_sendmail_path_as_git_send_email_reads_them(repo: Path) -> None:
    g(repo, "config", "sendemail.smtpServer", "smtp.example.com")
    g(repo, "config", "sendemail.smtpEncryption", "TLS")
    config = read_config(repo)
    assert (config.server, config.port, config.encryption, config.command) == ("smtp.example.com", 587, "tls", None)
    assert config.sender == "Alice <alice@us.example>" and config.channel == "email"
    g(repo, "config", "--unset", "sendemail.from")
    g(repo, "config", "sendemail.smtpServer", "/usr/sbin/sendmail")
    config = read_config(repo)
    assert (config.server, config.command) == (None, "/usr/sbin/sendmail -i -t")
    assert config.sender == "Test Author <author@example.com>"  # git's identity
