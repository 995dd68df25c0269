"""Every sentence ducu writes for a reader, one catalogue per language.

    say("zh", "report.title")                                   # "项目进展报告"
    say("en", "health.items_overdue", n=2, items=[...])         # plural forms picked by ``n``
    render(Msg("when.late_days", {"n": 5}), "zh")               # "逾期 5 天"
    language_of(ws, project)                                    # the client's language, "en" or "zh"

The languages are modules beside this one (``en.py``, ``zh.py``), each a
``MESSAGES`` dict with the same keys and the same ``{placeholders}``
(tests/unit/test_catalogue.py fails on a key or placeholder missing in
one). Keys are dotted by where they are used: ``report.*``, ``minutes.*``,
``nudge.*``, ``health.*``, ``chart.*``, ``publish.*``; ``day``, ``when.*``
and ``list.*`` are shared. A key with plural forms has ``.one`` and
``.other`` variants; a language without plurals (zh) has only ``.other``.

Code that describes something a reader sees builds a ``Msg`` (a key and its
arguments) rather than a sentence, so the same fact reads right in the app
(English) and in a Chinese client's report. An argument may itself be a
``Msg``, a list of them (written as a list: "A, B and 3 more" / "A、B及另外
3 项"), a date (ISO) or anything ``str`` shows.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct

from workspace_schema.core.catalogue import en, zh

if TYPE_CHECKING:
    from workspace_schema.core.records import Project, Workspace

__all__ = [
    "CATALOGUES",
    "LANGUAGES",
    "NAMED",
    "Language",
    "Msg",
    "days",
    "distance",
    "language_of",
    "render",
    "say",
]

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
CATALOGUES: dict[Language, dict[str, str]] = {"en": en.MESSAGES, "zh": zh.MESSAGES}
NAMED = 3  # entries a list names before "and N more"


class Msg(Struct, frozen=True, kw_only=True):
    """A sentence to write later, in whichever language the reader has: a catalogue key and its arguments."""

    key: str
    args: dict[str, Any] = {}


def say(lang: Language, key: str, /, **args: Any) -> str:
    """The sentence ``key`` in ``lang`` with ``args`` filled in; KeyError for a key no catalogue has."""
    table = CATALOGUES[lang]
    n = args.get("n")
    if key not in table:
        plural = f"{key}.one" if n == 1 and f"{key}.one" in table else f"{key}.other"
        if plural not in table:
            raise KeyError(f"no message {key!r} in the {lang} catalogue")
        key = plural
    if not args:
        return table[key]
    return table[key].format(**{name: _arg(value, lang) for name, value in args.items()})


def render(msg: Msg, lang: Language) -> str:
    return say(lang, msg.key, **msg.args)


def _arg(value: Any, lang: Language) -> str:
    if isinstance(value, Msg):
        return render(value, lang)
    if isinstance(value, list):
        return _listing([_arg(v, lang) for v in value], lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _listing(parts: list[str], lang: Language) -> str:
    shown = say(lang, "list.sep").join(parts[:NAMED])
    extra = len(parts) - NAMED
    return say(lang, "list.more", shown=shown, n=extra) if extra > 0 else shown


def days(n: int) -> Msg:
    """ "1 day", "3 days", "3 天"."""
    return Msg(key="day", args={"n": n})


def distance(day: dt.date, today: dt.date) -> Msg:
    """How far ``day`` is from ``today``: "today", "tomorrow", "in 3 days", "5 days late", "in 2 weeks"."""
    delta = (day - today).days
    if delta == 0:
        return Msg(key="when.today")
    if delta == 1:
        return Msg(key="when.tomorrow")
    if delta > 0:
        if delta < 14:
            return Msg(key="when.in_days", args={"n": delta})
        if delta < 60:
            return Msg(key="when.in_weeks", args={"n": delta // 7})
        return Msg(key="when.in_months", args={"n": delta // 30})
    late = -delta
    if late < 14:
        return Msg(key="when.late_days", args={"n": late})
    if late < 60:
        return Msg(key="when.late_weeks", args={"n": late // 7})
    return Msg(key="when.late_months", args={"n": late // 30})


def language_of(ws: Workspace, project: Project | None) -> Language:
    """The language of the project's client (clients.toml ``language``); English without one."""
    client = ws.clients.get(project.client or "") if project is not None else None
    return "zh" if client is not None and client.language == "zh" else "en"
