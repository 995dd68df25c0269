"""The current person: git's identity matched to people.toml, with advice when it does not match."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers.workspace import SAMPLE, copy_sample
from workspace_schema.edit.values import EditRejected
from workspace_schema.git import commit as commits
from workspace_schema.git.identity import add_email, current_person, likely_person
from workspace_schema.load.loader import load_workspace


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    root = copy_sample(tmp_path)
    subprocess.run(["git", "-C", str(root), "init", "-q", "--initial-branch=main"], check=True)
    return root


def as_person(monkeypatch: pytest.MonkeyPatch, name: str, email: str) -> None:
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", name)
        monkeypatch.setenv(f"GIT_{who}_EMAIL", email)


@pytest.mark.parametrize(
    ("email", "handle"),
    [
        ("hannah@northwind.digital", "hannah"),
        ("Mei@Northwind.Digital", "mei"),
        ("chenmei@users.noreply.github.com", "mei"),
    ],
)
def test_the_git_email_finds_the_person(
    clone: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch, email: str, handle: str
) -> None:
    as_person(monkeypatch, "Whoever", email)
    ws, _ = load_workspace(clone)
    result = current_person(ws, clone)
    assert (result.email, result.handle, result.problem, result.ok) == (email, handle, None, True)
    assert result.name == "Whoever"


def test_an_unknown_email_names_the_person_it_probably_belongs_to(
    clone: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_person(monkeypatch, "Hannah Okafor", "hannah.okafor@gmail.com")
    ws, _ = load_workspace(clone)
    result = current_person(ws, clone)
    assert result.handle is None and not result.ok
    assert result.suggestion == "hannah"
    assert result.problem is not None
    assert "hannah.okafor@gmail.com is not in people.toml" in result.problem
    assert "Hannah Okafor (hannah)" in result.problem


@pytest.mark.parametrize(
    ("name", "email", "expected"),
    [
        ("Tomas Rivera", "trivera@gmail.com", "tomas"),  # accents do not matter
        ("Chen Mei", "cm@home.cn", "mei"),  # a word of the name
        ("raj", "rp@home.net", "raj"),  # the handle
        ("王伟", "ww@example.cn", "wangwei"),
        ("Zed Quux", "zq@example.com", None),
    ],
)
def test_likely_person_by_name(name: str, email: str, expected: str | None) -> None:
    ws, _ = load_workspace(SAMPLE)
    assert likely_person(ws, name, email) == expected


def test_an_unknown_email_with_no_likely_person_says_how_to_add_yourself(
    clone: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_person(monkeypatch, "Zed Quux", "zq@example.com")
    ws, _ = load_workspace(clone)
    result = current_person(ws, clone)
    assert (result.handle, result.suggestion) == (None, None)
    assert result.problem is not None and 'emails = ["zq@example.com"]' in result.problem


def test_no_git_identity_says_how_to_set_one(clone: Path, no_git_identity: None) -> None:
    subprocess.run(["git", "-C", str(clone), "config", "user.useConfigOnly", "true"], check=True)
    ws, _ = load_workspace(clone)
    result = current_person(ws, clone)
    assert (result.name, result.email, result.handle) == ("", "", None)
    assert result.problem is not None
    assert "git config --global user.name" in result.problem and "git config --global user.email" in result.problem


def test_adding_the_email_to_the_suggested_person_is_one_line_and_one_commit(
    clone: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    subprocess.run(["git", "-C", str(clone), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(clone), "commit", "-q", "-m", "start"], check=True)
    as_person(monkeypatch, "Hannah Okafor", "hannah.okafor@gmail.com")
    ws, _ = load_workspace(clone)
    result = current_person(ws, clone)
    assert result.suggestion == "hannah"
    change = add_email(ws, result.suggestion, result.email)
    commits.commit_change(clone, change)
    diff = subprocess.run(
        ["git", "-C", str(clone), "show", "--format=", "-U0", "HEAD"], capture_output=True, text=True, check=True
    ).stdout
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        '-emails = ["hannah@northwind.digital"]',
        '+emails = ["hannah@northwind.digital", "hannah.okafor@gmail.com"]',
    ]
    ws, _ = load_workspace(clone)
    assert current_person(ws, clone).handle == "hannah"
    with pytest.raises(EditRejected):
        add_email(ws, "mei", "HANNAH.okafor@gmail.com")  # already someone's


def test_person_ident_is_the_name_and_first_email(clone: Path) -> None:
    from workspace_schema.git.identity import person_ident

    ws, _ = load_workspace(clone)
    assert person_ident(ws, "mei") == (ws.people["mei"].name, ws.people["mei"].emails[0])
    with pytest.raises(EditRejected, match="no person `nobody`"):
        person_ident(ws, "nobody")


def test_commit_as_commits_as_the_person_whatever_git_says(
    clone: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser user who picked themselves commits as themselves, not as the server's identity."""
    from workspace_schema.git import runner

    monkeypatch.setattr(runner, "_COMMIT_AS", {})  # this test's own: undone after it
    ws, _ = load_workspace(clone)
    runner.commit_as("Chen Mei", "mei@northwind.digital")
    assert current_person(ws, clone).handle == "mei"
    sha = runner.commit(clone, ["people.toml"], "people\n")
    author = subprocess.run(
        ["git", "-C", str(clone), "log", "-1", "--format=%an <%ae>|%cn <%ce>", sha],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert author == "Chen Mei <mei@northwind.digital>|Chen Mei <mei@northwind.digital>"
    runner.commit_as(None)
    assert current_person(ws, clone).email == git_identity["GIT_AUTHOR_EMAIL"]
