"""Reading a workspace folder into records, with findings instead of exceptions.

loader        load_workspace: every file parsed with rtoml, records and findings
fast_path     a clean project file in one msgspec call (the loader's careful path reports the rest)
file_bytes    one file of a workspace: a plain file, inside the tree, of bounded size
codes         the loader's finding codes (FILE001, KEY001, TYPE001, ...), their level and meaning
project_cache a cache of loaded project files, so a reopen parses only what changed
cache         where the caches of a workspace live and how they are written (light: no msgspec)
lines         where a table header or key is in a TOML file (for file:line messages)
gcpause       the cyclic garbage collector paused around bulk work
"""

__all__ = ["cache", "codes", "fast_path", "file_bytes", "gcpause", "lines", "loader", "project_cache"]
