"""`python -m tui.cli ...`: the `ducu` command without the installed script (tests, a checkout)."""

from tui.cli import main

raise SystemExit(main())
