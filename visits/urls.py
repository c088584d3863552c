"""Public and member URLs of the visits app (mounted under the language prefix)."""

from django.urls import path

from visits.views import delegation, feedback, mine, public, requests

app_name = "visits"

urlpatterns = [
    path("kunjungan/", public.visiting_page, name="visiting"),
    path("kunjungan/<int:year>/<int:month>/", public.visiting_page, name="visiting-month"),
    path("kunjungan-saya/", mine.request_list, name="request-list"),
    path("kunjungan-saya/ajukan/", requests.request_create, name="request-create"),
    path("kunjungan-saya/<int:pk>/", mine.request_detail, name="request-detail"),
    path("kunjungan-saya/<int:pk>/ubah/", requests.request_edit, name="request-edit"),
    path("kunjungan-saya/<int:pk>/batalkan/", mine.request_cancel, name="request-cancel"),
    path("kunjungan-saya/<int:pk>/ganti-jadwal/", mine.request_change, name="request-change"),
    path("kunjungan-saya/<int:pk>/pesan/", mine.request_message, name="request-message"),
    path("kunjungan-saya/<int:pk>/surat/", mine.request_letter, name="request-letter"),
    path(
        "kunjungan-saya/<int:pk>/surat-balasan/",
        mine.reply_letter_download,
        name="reply-letter",
    ),
    path(
        "kunjungan-saya/<int:pk>/peserta/",
        delegation.participant_list,
        name="participant-list",
    ),
    path(
        "kunjungan-saya/<int:pk>/peserta/<int:participant_pk>/ubah/",
        delegation.participant_edit,
        name="participant-edit",
    ),
    path(
        "kunjungan-saya/<int:pk>/peserta/<int:participant_pk>/hapus/",
        delegation.participant_remove,
        name="participant-remove",
    ),
    path(
        "kunjungan-saya/<int:pk>/peserta/<int:participant_pk>/sertifikat/",
        delegation.participant_certificate,
        name="participant-certificate",
    ),
    path(
        "kunjungan-saya/<int:pk>/umpan-balik/",
        feedback.visit_feedback,
        name="request-feedback",
    ),
]
