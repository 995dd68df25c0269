"""Generated ids are valid, distinct and readable in any script."""

from __future__ import annotations

import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from workspace_schema.core.ids import ALPHABET, SUFFIX_LEN, id_problem, is_valid_id, new_id, slugify


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_any_title_yields_a_valid_id_usable_as_a_toml_key_and_file_name(title: str) -> None:
    item_id = new_id(title)
    assert is_valid_id(item_id), (item_id, id_problem(item_id))
    assert "/" not in item_id and ".." not in item_id and not any(c.isspace() for c in item_id)
    suffix = item_id.rsplit("-", 1)[1]
    assert len(suffix) == SUFFIX_LEN and set(suffix) <= set(ALPHABET)
    doc = rtoml.loads(f'[tasks."{item_id}"]\ntitle = "x"\n')
    assert list(doc["tasks"]) == [item_id]


@given(st.text(min_size=1, max_size=50), st.integers(min_value=2, max_value=60))
def test_new_id_avoids_taken_ids(title: str, count: int) -> None:
    taken: set[str] = set()
    for _ in range(count):
        taken.add(new_id(title, taken))
    assert len(taken) == count


def test_chinese_titles_keep_their_script() -> None:
    assert slugify("门店数据迁移 验收") == "门店数据迁移-验收"
    assert new_id("门店数据迁移").startswith("门店数据迁移-")


def test_slug_is_lowercase_words() -> None:
    assert slugify("Acme delivers the legacy data export!") == "acme-delivers-the-legacy"
    assert new_id("!!!").startswith("item-")


def test_alphabet_is_32_unambiguous_letters() -> None:
    assert len(set(ALPHABET)) == 32 and not set("ilou") & set(ALPHABET)


@given(st.text(max_size=30))
def test_loader_check_rejects_dangerous_ids(value: str) -> None:
    if id_problem(value) is None:
        assert value and "/" not in value and "\\" not in value and ".." not in value
        assert not any(c.isspace() or ord(c) < 32 for c in value)


def test_specific_rejections() -> None:
    for bad in ("", "a/b", "..", "a..b", "a b", "a\tb", "-rf", "a\u200bb", "a\u202eb", "x" * 65, 'a"b', "a.b"):
        assert id_problem(bad), bad
