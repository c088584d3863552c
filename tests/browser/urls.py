"""The portal's URLs plus uploaded media, for the live server of the browser
tests (in production the web server serves /media/; `runserver` does it under
DEBUG only, and the tests run with DEBUG off)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from portal.urls import urlpatterns as portal_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# Before the portal's own: its last pattern (Wagtail's pages) takes any path.
urlpatterns = [
    re_path(r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")), media),
    *portal_urlpatterns,
]
