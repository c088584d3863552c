"""The staff's private calendar feeds (no language prefix: calendar apps fetch them)."""

from django.urls import path

from visits import feeds

app_name = "visit_feeds"

urlpatterns = [
    path("kalender-staf/<str:token>.ics", feeds.staff_feed, name="staff-feed"),
]
