"""Public event pages and iCal feeds (under the language prefix), and the
member's private feed."""

from django.urls import path

from partners.events import views

app_name = "events"
urlpatterns = [
    path("acara/", views.event_list, name="event-list"),
    path("acara/bulan/", views.event_month, name="event-month"),
    path("acara/arsip/", views.event_archive, name="event-archive"),
    path("acara/feed.ics", views.feed, name="feed"),
    path(
        "acara/feed/mitra/<slug:value>.ics",
        views.feed,
        {"scope": "partner"},
        name="feed-partner",
    ),
    path(
        "acara/feed/program/<int:value>.ics",
        views.feed,
        {"scope": "programme"},
        name="feed-programme",
    ),
    path("acara/feed/jenis/<slug:value>.ics", views.feed, {"scope": "kind"}, name="feed-kind"),
    path("acara/<slug:slug>.ics", views.event_ics, name="event-ics"),
    path("acara/<slug:slug>/", views.event_detail, name="event-detail"),
    path("kalender-saya/", views.my_calendar, name="my-calendar"),
    # The token is a secret: nginx and the log filter mask /kalender/<token>.
    path("kalender/<str:token>.ics", views.private_feed, name="private-feed"),
]
