"""Public event pages and iCal feeds (under the language prefix), and the
member's private feed."""

from django.urls import path

from partners.events.views import private, proposals, public
from partners.events.views import registration as registration_views

app_name = "events"
urlpatterns = [
    path("acara/", public.event_list, name="event-list"),
    path("acara/bulan/", public.event_month, name="event-month"),
    path("acara/arsip/", public.event_archive, name="event-archive"),
    path("acara/feed.ics", public.feed, name="feed"),
    path(
        "acara/feed/mitra/<slug:value>.ics",
        public.feed,
        {"scope": "partner"},
        name="feed-partner",
    ),
    path(
        "acara/feed/program/<int:value>.ics",
        public.feed,
        {"scope": "programme"},
        name="feed-programme",
    ),
    path("acara/feed/jenis/<slug:value>.ics", public.feed, {"scope": "kind"}, name="feed-kind"),
    path("acara/<slug:slug>.ics", public.event_ics, name="event-ics"),
    path("acara/<slug:slug>/", public.event_detail, name="event-detail"),
    path("acara/<slug:slug>/daftar/", registration_views.register, name="event-register"),
    path(
        "acara/<slug:slug>/daftar/anggota/",
        registration_views.register_members,
        name="event-register-members",
    ),
    # Sign-up per date of a series: the date is its start in UTC (20270109T020000Z).
    path(
        "acara/<slug:slug>/daftar/<str:occurrence>/",
        registration_views.register,
        name="event-register-date",
    ),
    path(
        "acara/<slug:slug>/daftar/<str:occurrence>/anggota/",
        registration_views.register_members,
        name="event-register-members-date",
    ),
    path(
        "pendaftaran/konfirmasi/<str:token>/",
        registration_views.confirm,
        name="registration-confirm",
    ),
    path("pendaftaran/batal/<str:token>/", registration_views.cancel, name="registration-cancel"),
    path("pendaftaran-saya/", registration_views.my_registrations, name="my-registrations"),
    path(
        "pendaftaran-saya/<int:pk>/batal/",
        registration_views.my_registration_cancel,
        name="my-registration-cancel",
    ),
    path("kalender-saya/", private.my_calendar, name="my-calendar"),
    # A partner institution's event proposals (its members; coordinators propose).
    path(
        "institusi-saya/<slug:slug>/usulan-acara/",
        proposals.proposal_list,
        name="proposal-list",
    ),
    path(
        "institusi-saya/<slug:slug>/usulan-acara/baru/",
        proposals.proposal_create,
        name="proposal-create",
    ),
    path(
        "institusi-saya/<slug:slug>/usulan-acara/<int:pk>/",
        proposals.proposal_detail,
        name="proposal-detail",
    ),
    path(
        "institusi-saya/<slug:slug>/usulan-acara/<int:pk>/ubah/",
        proposals.proposal_edit,
        name="proposal-edit",
    ),
    # The token is a secret: nginx and the log filter mask /kalender/<token>.
    path("kalender/<str:token>.ics", private.private_feed, name="private-feed"),
]
