"""The API's own pages: its OpenAPI document and a readable description."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from portal.api.base import activate_reader_language, finish, over_limit, throttled_response
from portal.api.router import api_router
from portal.api.schema import openapi_document


def _document(request):
    base_url = request.build_absolute_uri(reverse("api-description")).rstrip("/")
    return openapi_document(api_router, base_url=base_url)


@require_safe
def api_schema(request):
    """The OpenAPI 3.1 document, as JSON (labels in the reader's language)."""
    activate_reader_language(request)
    wait = over_limit(request)
    if wait:
        return finish(request, throttled_response(wait))
    response = JsonResponse(_document(request), json_dumps_params={"indent": 2})
    return finish(request, response)


@require_safe
def api_description(request):
    """The API described for people: every endpoint, its parameters and an
    example. An HTML page of the site (its header may show who is signed
    in), so it is not given the API's public caching headers."""
    activate_reader_language(request)
    wait = over_limit(request)
    if wait:
        return throttled_response(wait)
    document = _document(request)
    operations = [
        {
            "method": method.upper(),
            "route": route,
            "url": document["servers"][0]["url"] + route,
            **operation,
        }
        for route, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    context = {"document": document, "operations": operations, "schema_url": reverse("api-schema")}
    return render(request, "portal/api/description.html", context)
