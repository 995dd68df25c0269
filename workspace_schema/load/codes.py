"""The loader's finding codes: what each says about a file that could not be read as it stands.

Rules have their codes in ``rules.registry.RULES``; these are the codes the
loader itself reports (before any rule runs), each an error. `ducu validate
--list-rules` lists both; docs/format.md has the same table with what happens
to the file. tests/unit/test_load_codes.py fails on a code the loader uses
that is not here.
"""

from __future__ import annotations

from workspace_schema.core.findings import Level

__all__ = ["LOAD_CODES"]

# code: (level, one line for `ducu validate --list-rules`)
LOAD_CODES: dict[str, tuple[Level, str]] = {
    "FILE001": ("error", "A file cannot be read: permissions, a link loop or a dangling link."),
    "FILE002": ("error", "A file is not UTF-8."),
    "FILE003": ("error", "A project or review file has no [project] / [review] table."),
    "FILE004": ("error", "A file is over the size limit (5 MB); it is not read."),
    "FILE005": ("error", "A link, or a linked folder, leads outside the workspace; it is not followed."),
    "FILE006": ("error", "A folder is where a file belongs."),
    "FILE007": ("error", "A named pipe, device or socket is where a file belongs; it is not opened."),
    "FILE008": ("error", "A file is where projects/ or reviews/ belongs."),
    "GIT001": ("error", "A file has unresolved git conflict markers; the file is skipped."),
    "ID001": ("error", "An id (a record's key or a file name) is not valid; the record or file is rejected."),
    "KEY001": ("error", "An unknown key (with a did-you-mean); its value is ignored."),
    "TOML001": ("error", "A file is not valid TOML (or nests too deeply); the file is skipped."),
    "TYPE001": ("error", "A field has the wrong type or value; that field is ignored, the record loads."),
    "TYPE002": ("error", "A record, or a set of records, is not a table."),
    "WS001": ("error", "workspace.toml is empty."),
}
