"""What goes wrong when editing a TOML file: EditError (the edit cannot be made) and StaleFile (someone else changed the file)."""

from __future__ import annotations

import os


class EditError(Exception):
    """The file cannot be edited (or the edit cannot be made); the message says why."""

    def __init__(self, message: str, path: str | None = None, line: int = 0, col: int = 0) -> None:
        where = f"{path}:{line}:{col}: " if path and line else f"{path}: " if path else ""
        super().__init__(where + message)
        self.path, self.line, self.col = path, line, col


class StaleFile(Exception):
    """The file changed on disk after it was read; our version was saved next to it."""

    def __init__(self, path: str | os.PathLike[str], mine_path: str | os.PathLike[str]) -> None:
        self.path, self.mine_path = str(path), str(mine_path)
        super().__init__(
            f"{self.path} changed on disk since ducu read it; your version is in {self.mine_path}: "
            "compare and merge, then delete it"
        )
