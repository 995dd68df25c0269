"""Conflict blocks in merged text, resolved without git (unit/test_merge.py and robustness/test_fuzz.py)."""

from __future__ import annotations


def resolve(text: str, side: str) -> str:
    """The text with every conflict block resolved to ``side`` ("ours" or "theirs")."""
    out: list[str] = []
    state = ""
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if bare.startswith("<<<<<<< "):
            state = "ours"
        elif state and bare.startswith("||||||| "):
            state = "base"
        elif state and bare == "=======":
            state = "theirs"
        elif state and bare.startswith(">>>>>>> "):
            state = ""
        elif not state or state == side:
            out.append(line)
    return "".join(out)
