"""What Textual itself takes to answer a key and to switch screens, in tmux, timed as tmux_speed.py times ducu.

    python benchmarks/textual_floor.py            # 15 of each, 120x40

A Textual app of a few widgets (not ducu) is started in tmux; the same
`tmux send-keys` and 10 ms `capture-pane` polling as tmux_speed.py's screen
switches time:

- a key that changes one Static's text (the round trip through tmux, Textual's
  input thread, one widget drawn, tmux again);
- a key that pushes a screen of one Static;
- a key that pushes a screen of Textual's Header, one Static and Footer
  (what most apps' screens carry).

These are the floor under ducu's screen switch on the same machine: no
screen Textual pushes can be quicker than the second, whatever it holds.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tmux_speed import changed, settle, tmux

APP = textwrap.dedent(
    """
    import sys
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    FULL = sys.argv[1] == "full"

    class Other(Screen):
        BINDINGS = [("escape", "app.pop_screen", "Back")]

        def compose(self):
            if FULL:
                yield Header()
            yield Static("another screen " * 60)
            if FULL:
                yield Footer()

    class Floor(App):
        BINDINGS = [("o", "other", "Other"), ("u", "update", "Update")]
        n = 0

        def compose(self):
            yield Header()
            yield Static("the first screen " * 60)
            yield Footer()

        def action_other(self):
            self.push_screen(Other())

        def action_update(self):
            self.n += 1
            self.query_one(Static).update(f"updated {self.n} " * 60)

    Floor().run()
    """
)


def timed(script: Path, kind: str, key: str, back: str | None, count: int) -> list[float]:
    session = f"floor-{kind}"
    tmux("kill-session", "-t", session, check=False)
    tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", session, f"{sys.executable} {script} {kind}")
    settle(session, still=0.5, limit=20)
    out = []
    for _ in range(count):
        settle(session, still=0.3, limit=5)
        out.append(changed(session, key))
        if back:
            settle(session, still=0.3, limit=5)
            changed(session, back)
    tmux("kill-session", "-t", session, check=False)
    return out


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    script = Path(tempfile.mkdtemp(prefix="textual-floor-")) / "app.py"
    script.write_text(APP, "utf-8")
    print("| Textual alone, in tmux 120x40 | median | min | max |\n|---|---:|---:|---:|")
    for label, kind, key, back in (
        ("a key that changes one widget's text", "bare", "u", None),
        ("a key that pushes a screen of one Static", "bare", "o", "Escape"),
        ("a key that pushes a screen of Header, Static and Footer", "full", "o", "Escape"),
    ):
        times = timed(script, kind, key, back, count)
        print(f"| {label} | {statistics.median(times):.0f} ms | {min(times):.0f} ms | {max(times):.0f} ms |")
        time.sleep(0.2)
    shutil.rmtree(script.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
