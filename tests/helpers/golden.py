"""Golden files: what an output must be, byte for byte, kept under tests/unit/golden/.

    golden("report-acme-crm.md", text)            # tests/unit/golden/report-acme-crm.md
    golden("charts/timeline-acme-crm.svg", svg)

After a deliberate change, ``DUCU_UPDATE_GOLDEN=1 python -m pytest tests/unit/...`` writes them
again; review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "unit" / "golden"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DUCU_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path}; run with DUCU_UPDATE_GOLDEN=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"
