"""Who may use the staff screens of visits: every check in one place.

Cooperation staff (``visits.review_visitrequest``) act on requests and write
reports; anyone who may view visit requests (``visits.view_visitrequest``)
reads the agenda, the statistics and the export.
"""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem

from visits.services.workflow import REVIEW_PERMISSION, is_visit_staff

VIEW_PERMISSION = "visits.view_visitrequest"

__all__ = [
    "REVIEW_PERMISSION",
    "VIEW_PERMISSION",
    "StaffMenuItem",
    "StaffOnlyMixin",
    "ViewerMenuItem",
    "ViewerMixin",
    "can_review",
    "can_view_visits",
    "is_visit_staff",
    "review_required",
    "viewer_required",
]


def can_view_visits(user):
    return bool(user and user.is_authenticated and user.has_perm(VIEW_PERMISSION))


def can_review(user):
    """May act on a request from its page (the action forms are shown)."""
    return user.has_perm(REVIEW_PERMISSION)


# Function views: staff acting on requests; readers of the agenda.
review_required = permission_required(REVIEW_PERMISSION, raise_exception=True)
viewer_required = permission_required(VIEW_PERMISSION, raise_exception=True)


class StaffOnlyMixin:
    """Deny unless the user is cooperation staff (``review_visitrequest``)."""

    permission_policy = None
    permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not self.user_allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def user_allowed(self, user):
        return is_visit_staff(user)


class ViewerMixin(StaffOnlyMixin):
    """Deny unless the user may view visit requests."""

    def user_allowed(self, user):
        return can_view_visits(user)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_visit_staff(request.user)


class ViewerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_visits(request.user)
