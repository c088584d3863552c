"""Site search (``/search/``, URL name ``search``): one query over pages and
news, shared events and partner institutions, grouped by kind.

- ``forms.py``: what the reader typed (``query``) and the kind shown (``kind``).
- ``selectors.py``: the portal's own group (live public pages in the reader's
  language) and ``search_results``, which asks every app for its groups
  through the ``search_groups`` extension point (portal.extensions): events
  and partners register theirs in their ``integrations.py``.
- ``views.py``: the page, rate limited (``PORTAL_RATE_LIMITS["search"]``).

Everything goes through Wagtail's search (``WAGTAILSEARCH_BACKENDS``): the
database backend, which is PostgreSQL full-text search (with the
``indonesian`` text search configuration) in production and SQLite FTS5 on
a quick start. Records reach the index when saved; ``manage.py update_index``
rebuilds it.
"""
