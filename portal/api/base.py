"""What every endpoint of the public API shares: anonymous read-only access,
a rate limit per client address, JSON errors, HTTP caching (Cache-Control,
ETag, 304) and CORS for reading from any origin.

Endpoints are Django REST framework views (Wagtail's pages endpoint, and
the plain endpoints of the apps built on ``PublicEndpoint``); they mix in
``PublicAPIMixin``.
"""

import hashlib

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as rest_exception_handler
from rest_framework.viewsets import GenericViewSet
from wagtail.api.v2.utils import BadRequestError

from portal import ratelimit

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# What a page in another origin may read besides the body.
EXPOSED_HEADERS = "ETag, Retry-After, Content-Language"


class InvalidParameter(BadRequestError):
    """A query parameter that cannot be used; answered with 400 and
    ``{"message": ..., "errors": {parameter: [message]}}``."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class JSONOnly(BaseContentNegotiation):
    """Always JSON, whatever the client accepts (a browser opening the URL too)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


def error_body(message, errors=None):
    body = {"message": str(message)}
    if errors:
        body["errors"] = {key: [str(value) for value in values] for key, values in errors.items()}
    return body


def exception_handler(exc, context):
    """REST framework's handler, with every error as ``{"message": ...}``."""
    if isinstance(exc, InvalidParameter):
        return Response(
            error_body(exc.message, {exc.parameter: [exc.message]}),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, BadRequestError):
        # Wagtail's own checks (the pages endpoint) explain in English only.
        message = _("This query cannot be answered: %(detail)s.") % {"detail": exc}
        return Response(error_body(message), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response(error_body(_("Not found.")), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.Throttled):
        response = Response(
            error_body(_("Too many requests. Please wait a moment and try again.")),
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
        response["Retry-After"] = str(int(exc.wait))
        return response
    response = rest_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = error_body(response.data["detail"])
    return response


def activate_reader_language(request):
    """Labels and messages in the language of Accept-Language (Indonesian
    when it names neither): the API's one address serves both languages,
    where the site's pages carry it in the path."""
    language = settings.LANGUAGE_CODE
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            language = get_supported_language_variant(code)
        except LookupError:
            continue
        break
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def over_limit(request):
    """Count one request of this client: the seconds to wait when over the
    API's rate limit, else 0."""
    rate = settings.PORTAL_API_RATE_LIMIT
    who = "ip-" + hashlib.sha256(ratelimit.client_ip(request).encode()).hexdigest()[:16]
    if not ratelimit.hit_key("api", who, rate):
        return 0
    return ratelimit.parse_rate(rate)[1]


def throttled_response(wait):
    response = JsonResponse(
        error_body(_("Too many requests. Please wait a moment and try again.")), status=429
    )
    response["Retry-After"] = str(wait)
    return response


class PublicAPIMixin:
    """Mixed into every API view, before REST framework's classes."""

    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()
    content_negotiation_class = JSONOnly
    # Wagtail's endpoints add the browsable renderer when rest_framework is
    # an installed app; the API answers in JSON only.
    renderer_classes = (JSONRenderer,)

    def get_exception_handler(self):
        return exception_handler

    def handle_exception(self, exc):
        # Wagtail's endpoints answer 404 and 400 themselves, skipping the
        # configured handler: every error goes through the portal's.
        return APIView.handle_exception(self, exc)

    def initial(self, request, *args, **kwargs):
        activate_reader_language(request)
        super().initial(request, *args, **kwargs)
        for name, value in request.GET.items():
            # No database takes a NUL character in a query (the search backend fails on it).
            if "\x00" in name or "\x00" in value:
                raise InvalidParameter(
                    name.replace("\x00", ""),
                    _("A query parameter holds a character that is not allowed."),
                )
        wait = over_limit(request)
        if wait:
            raise exceptions.Throttled(wait=wait)

    def options(self, request, *args, **kwargs):
        """A CORS preflight: what a page in another origin may send."""
        response = Response(status=status.HTTP_204_NO_CONTENT)
        response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
        response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
        response["Access-Control-Max-Age"] = "86400"
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return finish(request._request, response)


def finish(request, response):
    """Add the API's caching and CORS headers to ``response`` (rendered
    here); a GET or HEAD whose If-None-Match holds the ETag gets a 304."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    response["Content-Language"] = translation.get_language()
    patch_vary_headers(response, ("Accept-Language",))
    if request.method not in ("GET", "HEAD"):
        return response
    if response.status_code != 200:
        patch_cache_control(response, no_cache=True)
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    patch_cache_control(response, public=True, max_age=settings.PORTAL_API_CACHE_SECONDS)
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    if conditional is not response:
        for name in (
            "Access-Control-Allow-Origin",
            "Access-Control-Expose-Headers",
            "Content-Language",
            "Vary",
        ):
            conditional[name] = response[name]
    return conditional


class PublicEndpoint(PublicAPIMixin, GenericViewSet):
    """A read-only endpoint of public records: ``listing_view`` and
    ``detail_view`` at ``<name>/`` and ``<name>/<id>/``, paginated as
    Wagtail's endpoints are (``?limit=&offset=``, ``{"meta": {"total_count":
    n}, "items": [...]}``). Subclasses set ``name``, ``model``,
    ``serializer_class`` and ``get_queryset``, and describe themselves for
    the OpenAPI document in ``openapi_paths``/``openapi_schemas``."""

    name = None
    model = None
    # Query parameters the listing accepts besides limit and offset.
    filter_parameters = ()
    lookup_field = "pk"

    @classmethod
    def get_urlpatterns(cls):
        from django.urls import path

        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    @classmethod
    def get_object_detail_urlpath(cls, model, pk, namespace=""):
        from django.urls import reverse

        return reverse(f"{namespace}:detail" if namespace else "detail", args=(pk,))

    @classmethod
    def get_model_listing_urlpath(cls, model, namespace=""):
        from django.urls import reverse

        return reverse(f"{namespace}:listing" if namespace else "listing")

    def check_query_parameters(self):
        self._refuse_unknown({"limit", "offset", *self.filter_parameters})

    def check_detail_parameters(self):
        self._refuse_unknown(set(self.detail_parameters()))

    def _refuse_unknown(self, known):
        unknown = sorted(set(self.request.GET) - known)
        if unknown:
            raise InvalidParameter(
                unknown[0],
                _("Unknown query parameter: %(names)s.") % {"names": ", ".join(unknown)},
            )

    def paginate(self, items):
        """(page of ``items``, total) by ?limit= and ?offset=."""
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        offset = parse_count(self.request, "offset", default=0)
        limit = parse_count(self.request, "limit", default=min(20, limit_max))
        if limit > limit_max:
            raise InvalidParameter(
                "limit", _("limit cannot be higher than %(max)d.") % {"max": limit_max}
            )
        total = len(items) if isinstance(items, list) else items.count()
        return items[offset : offset + limit], total

    def listing_view(self, request):
        self.check_query_parameters()
        page, total = self.paginate(self.filter_queryset(self.get_queryset()))
        serializer = self.get_serializer(page, many=True)
        return Response({"meta": {"total_count": total}, "items": serializer.data})

    def detail_view(self, request, pk):
        self.check_detail_parameters()
        instance = self.get_queryset().filter(pk=pk).first()
        if instance is None:
            raise Http404
        return Response(self.get_serializer(instance).data)

    def detail_parameters(self):
        return ()


def parse_choice(request, name, choices):
    """A value of ``choices`` (a TextChoices class) from the query string
    ("" when absent), else 400 naming the parameter."""
    value = request.GET.get(name, "")
    if value and value not in choices.values:
        raise InvalidParameter(
            name,
            _("%(value)s is not a valid %(name)s.") % {"value": value[:40], "name": name},
        )
    return value


def parse_count(request, name, *, default):
    """A non-negative whole number from the query string, else 400."""
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise InvalidParameter(
            name, _("%(name)s must be a whole number, 0 or more.") % {"name": name}
        )
    return int(raw)


def parse_id(request, name):
    """A positive id from the query string (None when absent), else 400."""
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or len(raw) > 18 or int(raw) < 1:
        raise InvalidParameter(name, _("%(name)s must be a positive id.") % {"name": name})
    return int(raw)
