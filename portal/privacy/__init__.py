"""Privacy under Indonesia's Personal Data Protection Law (UU PDP No. 27/2022).

See ``portal.extensions`` for the extension points features implement, and
``portal.audit`` for the audit log.
"""
