"""Reminders that are sent: `ducu notify` mails the reminder drafts and a weekly digest, and logs what it sent.

config      the way out from git config: SMTP as git send-email sets it up, or ducu.notifyCommand; the password
messages    what goes: a reminder per overdue client item due a nudge, a digest per person; as an EmailMessage
transports  SMTP (none, STARTTLS, SMTPS; a login) and a command fed on stdin, with a time limit; SendFailed says why
send        send each, then one nudge log entry per sent reminder, all in one commit
"""

__all__ = ["config", "messages", "send", "transports"]
