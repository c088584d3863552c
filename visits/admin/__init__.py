"""The staff side of visits in the Wagtail admin, one module per screen.

``requests`` (the request listing, its page and actions), ``request_forms``
(the forms on that page), ``settings`` (venues, closed dates, topics),
``agenda``, ``reports`` (visit reports and news drafts), ``statistics``,
``export``; ``permissions`` holds every permission check of these screens.
``visits/wagtail_hooks.py`` registers them.
"""
