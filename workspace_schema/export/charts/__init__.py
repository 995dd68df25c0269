"""Pictures for the client as SVG text, made in-process: no browser, no network, no scripts, no external files.

svg       the tiny writer: escaped text, numbers to one decimal, elements, the standalone <svg> document
timeline  timeline_svg: a project's milestones on a date axis (bars, agreed dates, today, the client's part)
trend     trend_svg: the milestone trend chart (forecast date by report date, from history.slips.mta)
goals     goal_bar_svg: a goal's progress from its start value to its target, with the real numbers
sparkline sparkline_svg: a row of scores (a survey dimension's) as a small line on a fixed scale

Each function returns one standalone ``<svg xmlns=...>`` element (viewBox,
width and height, role="img", a <title>) to inline in an HTML page; the same
input gives the same bytes. Words come from the catalogue (``chart.*``).
"""

__all__ = ["goals", "sparkline", "svg", "timeline", "trend"]
