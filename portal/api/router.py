"""The API's endpoints, gathered once when the URLs load."""

from wagtail.api.v2.router import WagtailAPIRouter

from portal import extensions
from portal.api.pages import PagesEndpoint

NAMESPACE = "api"


def build_router():
    """A Wagtail router with the pages endpoint and every app's endpoints."""
    router = WagtailAPIRouter(NAMESPACE)
    router.register_endpoint("pages", PagesEndpoint)
    for name, endpoint in extensions.api_endpoints(version="v2").items():
        router.register_endpoint(name, endpoint)
    return router


api_router = build_router()
