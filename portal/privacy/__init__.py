"""Privacy under Indonesia's Personal Data Protection Law (UU PDP No. 27/2022).

See ``portal.privacy.hooks`` for the hooks features register into, and
``portal.audit`` for the audit log.
"""
