"""`python -P -m workspace_schema.merge %O %A %B %P`: what git runs for `merge=ducu` (see driver.py)."""

import sys

from workspace_schema.merge.driver import main

raise SystemExit(main(sys.argv[1:]))
