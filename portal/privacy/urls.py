from django.urls import path

from portal.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("notice/", views.notice, name="notice"),
    path("notice/<str:version>/", views.notice, name="notice_version"),
    path("download/", views.download, name="download"),
    path("delete/", views.delete, name="delete"),
]
