"""/api/v2/: the description (HTML), the OpenAPI document and the endpoints.
Mounted outside the language prefix; the language of labels and messages
follows Accept-Language."""

from django.urls import include, path

from portal.api import views
from portal.api.router import NAMESPACE, api_router

urlpatterns = [
    path("", views.api_description, name="api-description"),
    path("schema/", views.api_schema, name="api-schema"),
    path("", include((api_router.get_urlpatterns(), NAMESPACE), namespace=NAMESPACE)),
]
