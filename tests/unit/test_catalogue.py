"""The message catalogue: every language has every key, with the same placeholders, and the plural forms work."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from workspace_schema.core.catalogue import CATALOGUES, Msg, distance, render, say


def family(key: str) -> str:
    """A key without its plural form: "health.items_overdue.one" -> "health.items_overdue"."""
    return key.rsplit(".", 1)[0] if key.endswith((".one", ".other")) else key


def placeholders(table: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for key, text in table.items():
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        out.setdefault(family(key), set()).update(names)
    return out


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    en, zh = placeholders(CATALOGUES["en"]), placeholders(CATALOGUES["zh"])
    assert sorted(set(en) ^ set(zh)) == []
    assert {k: (en[k], zh[k]) for k in en if en[k] != zh[k]} == {}


def test_a_language_without_plurals_has_only_the_other_form() -> None:
    assert not [k for k in CATALOGUES["zh"] if k.endswith(".one")]
    for key in CATALOGUES["en"]:
        if key.endswith(".one"):
            assert family(key) + ".other" in CATALOGUES["en"], key


def test_say_picks_the_plural_form_and_renders_nested_messages_and_lists() -> None:
    assert say("en", "day", n=1) == "1 day" and say("en", "day", n=3) == "3 days" and say("zh", "day", n=1) == "1 天"
    items = [
        Msg(key="health.item_late", args={"title": t, "distance": distance(dt.date(2026, 12, 1), dt.date(2026, 12, 4))})
        for t in "ABCDE"
    ]
    assert say("en", "health.items_overdue", n=5, items=items) == (
        "5 items overdue: A (3 days late), B (3 days late), C (3 days late) and 2 more"
    )
    assert (
        say("zh", "health.items_overdue", n=5, items=items)
        == "5 项事项逾期：A（逾期 3 天）、B（逾期 3 天）、C（逾期 3 天）及另外 2 项"
    )
    assert render(
        Msg(key="health.project_due_passed", args={"due": dt.date(2026, 12, 1), "distance": Msg(key="when.today")}),
        "en",
    ) == ("project due 2026-12-01 has passed (today)")
    with pytest.raises(KeyError, match="no message"):
        say("en", "no.such.key")
