"""Public and member URLs of the visits app (mounted under the language prefix)."""

from django.urls import path  # noqa: F401

app_name = "visits"

urlpatterns = []

from visits.urls_reports import urlpatterns as report_urlpatterns  # noqa: E402

urlpatterns += report_urlpatterns
