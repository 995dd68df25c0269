"""file:line lookups: the fast header scan agrees with the careful one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workspace_schema.load.lines import FileLines, _header_lines_by_line, header_lines, split_dotted

LINE = st.text(alphabet="[].\"' \t\r#=abc-1", max_size=12)


@given(st.lists(LINE, max_size=12))
@settings(max_examples=400)
def test_fast_header_scan_matches_line_by_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert header_lines(text) == _header_lines_by_line(text)


def test_an_indented_header_on_the_first_line() -> None:
    assert header_lines(" [1]") == _header_lines_by_line(" [1]") == {("1",): 1}


def test_header_forms() -> None:
    text = '[project]\ntitle = 1\n[milestones."a b".raci]\n  [tasks.t1]\n[[arr]]\n[x.y] # note\n'
    assert header_lines(text) == {
        ("project",): 1,
        ("milestones", "a b", "raci"): 3,
        ("tasks", "t1"): 4,
        ("arr",): 5,
        ("x", "y"): 6,
    }
    assert split_dotted("a.\"b.c\".'d'") == ("a", "b.c", "d")
    assert split_dotted("a..b") is None


def test_key_line_finds_keys_inside_their_table_only() -> None:
    lines = FileLines("[a]\ndue = 1\n[b]\nx = 2\ndue = 3\n")
    assert lines.key_line(("b",), "due") == 5
    assert lines.key_line(("a",), "due") == 2
    assert lines.key_line(("a",), "missing") == 1
