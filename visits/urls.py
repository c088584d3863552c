"""Public and member URLs of the visits app (mounted under the language prefix)."""

from django.urls import path

from visits import views
from visits.urls_reports import urlpatterns as report_urlpatterns

app_name = "visits"

urlpatterns = [
    path("kunjungan/", views.visiting_page, name="visiting"),
    path("kunjungan/<int:year>/<int:month>/", views.visiting_page, name="visiting-month"),
    path("kunjungan-saya/", views.request_list, name="request-list"),
    path("kunjungan-saya/ajukan/", views.request_create, name="request-create"),
    path("kunjungan-saya/<int:pk>/", views.request_detail, name="request-detail"),
    path("kunjungan-saya/<int:pk>/ubah/", views.request_edit, name="request-edit"),
    path("kunjungan-saya/<int:pk>/batalkan/", views.request_cancel, name="request-cancel"),
    path("kunjungan-saya/<int:pk>/pesan/", views.request_message, name="request-message"),
    path("kunjungan-saya/<int:pk>/surat/", views.request_letter, name="request-letter"),
    *report_urlpatterns,
]
