"""What the screens and commands show, computed from a loaded workspace (no git, no writes).

health       one summary row per project: the dashboard's data
raci         the accountability matrix and each person's load
timeline     a project's rows in due order, milestones with their tasks
contingency  contingency plans as the checklist shows them
goals        SMART goals: progress toward the target, missing parts
nudges       who owes what, with the nudge and escalation due
listing      every milestone and task as rows (`ducu list`)
listing_cache `ducu list`'s last answer, kept with the stat of what it was made from (light: no msgspec)
change_list  change requests and the communication log as the project views list them
date_axis    a linear date axis for charts (days to coordinates, padding, month ticks)
incentives   incentives on milestones evaluated from the data: earned, missed, pending, at risk
scorecard    scorecards per client and per person over a period
people       a project's people (our team and its client's), for owner pickers
satisfaction a project's satisfaction scores (reviews, feedback), each once
surveys      satisfaction surveys by client and dimension, and the ones due
support      support requests against their targets, and trainings
clients      one client's record across its projects (the client screen)
improvements the improvement register and the lessons learned
finding_places where a finding leads in the app: a project, an improvement, a client
"""

__all__ = [
    "change_list",
    "clients",
    "contingency",
    "date_axis",
    "finding_places",
    "goals",
    "health",
    "improvements",
    "incentives",
    "listing",
    "listing_cache",
    "nudges",
    "people",
    "raci",
    "satisfaction",
    "scorecard",
    "support",
    "surveys",
    "timeline",
]
