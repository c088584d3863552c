"""The staff side of visits in the Wagtail admin, one module per screen.

``requests`` (the request listing, its page and actions) with
``request_forms`` (the forms on that page), ``venues`` (venues, closed
dates, topics), ``agenda``, ``reports`` (visit reports and news drafts),
``statistics``, ``export``; ``permissions`` holds every permission check of
these screens and ``breadcrumbs`` their shared breadcrumbs. Reads come from
``visits.selectors.staff``, writes go through ``visits.services``;
``visits/wagtail_hooks.py`` registers the screens.
"""
