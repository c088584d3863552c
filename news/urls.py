"""Public URLs of the news app (mounted under the language prefix).

The index, archive and feeds are routes of NewsIndexPage; only the view-count
beacon lives here.
"""

from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("berita-dilihat/<int:page_id>/", views.count_view, name="count_view"),
]
