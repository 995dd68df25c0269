"""Who is using ducu: the git identity, matched to a person in people.toml.

Commits carry the git identity (user.name / user.email); people.toml lists
each person's emails. The current person is the one whose emails hold the
git email (case-insensitive). When there is no identity, or the email is
nobody's, the result says what to do, and for an unknown email it names the
person it most likely belongs to (by name), so the app can offer to add it.

In a browser (the app under textual-serve) the git identity is the
server's, not the person's at the browser: they pick themselves and the app
commits as ``person_ident`` says (``runner.commit_as``).
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass

from workspace_schema.core import records as R
from workspace_schema.edit.edits import AppliedEdit, set_field
from workspace_schema.edit.values import EditRejected
from workspace_schema.git import runner as git

MIN_LIKENESS = 0.6  # how alike (0..1) a person must be to be suggested


@dataclass(frozen=True)
class IdentityResult:
    name: str  # what git commits as ("" when git has no identity)
    email: str
    handle: str | None  # the person in people.toml, or None
    problem: str | None = None  # what is wrong and what to do, or None
    suggestion: str | None = None  # the handle this email probably belongs to, when unmatched

    @property
    def ok(self) -> bool:
        return self.handle is not None and self.problem is None


def current_person(ws: R.Workspace, root: str | os.PathLike[str]) -> IdentityResult:
    """The person in ``ws`` who commits in the clone at ``root``."""
    ident = git.identity(root)
    if ident is None:
        return IdentityResult("", "", None, str(git.NoIdentity()))
    name, email = ident
    handle = person_of(ws, email)
    if handle is not None:
        return IdentityResult(name, email, handle)
    guess = likely_person(ws, name, email)
    if guess is not None:
        person = ws.people[guess]
        problem = (
            f"Your git email {email} is not in people.toml. If you are {person.name or guess} ({guess}), "
            f"add {email} to their emails; otherwise add yourself to people.toml."
        )
    else:
        problem = (
            f"Your git email {email} ({name}) is not in people.toml, so your edits are not tied to a person. "
            f'Add yourself to people.toml with emails = ["{email}"], or make git use the email people.toml lists '
            'for you: git config --global user.email "you@example.com".'
        )
    return IdentityResult(name, email, None, problem, guess)


def person_ident(ws: R.Workspace, handle: str) -> tuple[str, str]:
    """(name, email) to commit as the person: their name (else the handle) and first email in people.toml.

    EditRejected when there is no such person or they have no email.
    """
    person = ws.people.get(handle)
    if person is None:
        raise EditRejected(f"no person `{handle}` in people.toml")
    email = next((e.strip() for e in person.emails if e.strip()), "")
    if not email:
        raise EditRejected(f"{handle} has no email in people.toml; add one to commit as them", "emails")
    return (person.name or handle).strip() or handle, email


def person_of(ws: R.Workspace, email: str) -> str | None:
    """The handle whose emails include ``email`` (case-insensitive), or None."""
    wanted = email.strip().casefold()
    for handle in sorted(ws.people):
        if any(e.strip().casefold() == wanted for e in ws.people[handle].emails):
            return handle
    return None


def likely_person(ws: R.Workspace, name: str, email: str) -> str | None:
    """The person an unknown identity most likely is, by name and email likeness; None when nobody is close."""
    scored = []
    for handle, person in ws.people.items():
        if person_of(ws, email) == handle:
            continue
        score = likeness(name, email, handle, person)
        ours = bool(ws.settings.team) and person.org == ws.settings.team
        scored.append((-score, not ours, handle))  # best first; our team before clients; then by handle
    if not scored:
        return None
    best, _, handle = min(scored)
    return handle if -best >= MIN_LIKENESS else None


def likeness(name: str, email: str, handle: str, person: R.Person) -> float:
    """How alike a git identity and a person are, 0..1: names, name words, email local parts and handle."""
    git_name, person_name = _norm(name), _norm(person.name)
    local = _norm(email.partition("@")[0])
    pairs = [
        (git_name, person_name),
        (git_name, handle),
        (local, handle),
        (local.replace(" ", ""), person_name.replace(" ", "")),
    ]
    pairs += [(local, _norm(e.partition("@")[0])) for e in person.emails]
    score = max((_ratio(a, b) for a, b in pairs if a and b), default=0.0)
    shared = set(git_name.split()) & set(person_name.split())
    if any(len(word) > 1 for word in shared):
        score = max(score, 0.75)
    return score


def add_email(ws: R.Workspace, handle: str, email: str) -> AppliedEdit:
    """Add ``email`` to the person's emails in people.toml (one write; commit it with git.commit.commit_change)."""
    person = ws.people.get(handle)
    if person is None:
        raise EditRejected(f"no person `{handle}` in people.toml")
    if person_of(ws, email) is not None:
        raise EditRejected(f"{email} already belongs to {person_of(ws, email)} in people.toml", "emails")
    return set_field(ws, f"people/{handle}", "emails", [*person.emails, email.strip()], reason="their git identity")


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _norm(text: str) -> str:
    """Lower case, accents off, punctuation and digits to spaces: "Tomás R." -> "tomas r"."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W\d_]+", " ", plain).split())
