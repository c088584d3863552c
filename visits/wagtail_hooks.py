from wagtail import hooks

from visits.viewsets import VisitsViewSetGroup


@hooks.register("register_admin_viewset")
def register_visits_viewsets():
    return VisitsViewSetGroup()


from visits import staff_hooks  # noqa: E402, F401
