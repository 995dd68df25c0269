"""What ducu gives the client: a published static view, one folder per client.

site    the pages, charts, minutes, agenda and calendar of one client's projects, as files in memory
folder  writing a site folder all at once (or not at all), replacing only a folder ducu made
"""

__all__ = ["folder", "site"]
