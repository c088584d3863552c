"""Shared literacy events run by the host together with partners, and their
iCal export and subscriptions (app label ``events``)."""
