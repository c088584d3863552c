"""Public and member URLs of the partners app (mounted under the language prefix)."""

from django.urls import path

from partners import draft_views, views

app_name = "partners"

urlpatterns = [
    path("mitra/", views.directory, name="directory"),
    path("mitra/<slug:slug>/", views.partner_detail, name="detail"),
    path("institusi-saya/", views.dashboard, name="dashboard"),
    path("institusi-saya/gabung/", views.onboarding, name="onboarding"),
    path("institusi-saya/<slug:slug>/", views.dashboard_institution, name="dashboard-institution"),
    path(
        "institusi-saya/<slug:slug>/anggota/<int:pk>/<slug:action>/",
        views.member_decide,
        name="member-decide",
    ),
    path("institusi-saya/<slug:slug>/profil/", views.profile_edit, name="profile-edit"),
    path(
        "institusi-saya/<slug:slug>/tindak-lanjut/<int:pk>/",
        views.follow_up_update,
        name="follow-up-update",
    ),
    path(
        "institusi-saya/<slug:slug>/draf/<int:pk>/", draft_views.draft_detail, name="draft-detail"
    ),
    path(
        "institusi-saya/<slug:slug>/draf/<int:pk>/versi/<int:version>/unduh/",
        draft_views.draft_version_download,
        name="draft-version-download",
    ),
    path(
        "institusi-saya/<slug:slug>/tindak-lanjut/<int:pk>/bukti/",
        views.follow_up_evidence,
        name="follow-up-evidence",
    ),
    path("institusi-saya/<slug:slug>/undang/", views.invitation_create, name="invitation-create"),
    path("undangan/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("dokumen-kerja-sama/<int:pk>/unduh/", views.document_download, name="document-download"),
]
