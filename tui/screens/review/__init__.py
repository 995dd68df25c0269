"""Review meeting mode: the agenda walked item by item, outcomes recorded, minutes finished.

screen     ReviewScreen: the meeting
pick       which project's review to run
items      the agenda's rows
outcomes   the outcome dialogs (done, moved, action, ...)
questions  the closing questions (attendees, decisions, satisfaction)
"""

__all__ = ["items", "outcomes", "pick", "questions", "screen"]
