"""Views of shared events: public pages and feeds (public.py) and the
member's private calendar (private.py)."""
