"""Partner URLs after the visit (added to visits/urls.py, namespace ``visits``)."""

from django.urls import path

from visits import feedback_views

urlpatterns = [
    path(
        "kunjungan-saya/<int:pk>/umpan-balik/",
        feedback_views.visit_feedback,
        name="request-feedback",
    ),
]
