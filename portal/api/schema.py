"""The OpenAPI 3.1 description of the public API, assembled from the
endpoints themselves: the pages endpoint is described here, every other
endpoint describes itself (``openapi_paths`` and ``openapi_schemas``) with
the pieces below. Descriptions are translated (the reader's language)."""

from django.conf import settings
from django.utils.translation import gettext as _

OPENAPI_VERSION = "3.1.0"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def string(description=None, **extra):
    schema = {"type": "string", **extra}
    if description:
        schema["description"] = description
    return schema


def integer(description=None, **extra):
    schema = {"type": "integer", **extra}
    if description:
        schema["description"] = description
    return schema


def obj(properties, *, required=None, description=None):
    """A closed object: every property listed, none other allowed."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(required if required is not None else properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def query(name, description, schema=None):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def path_id(description):
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer", "minimum": 1},
    }


def pagination_parameters():
    return [
        query(
            "limit",
            _("How many items to return (at most %(max)d, 20 by default).")
            % {"max": settings.WAGTAILAPI_LIMIT_MAX},
            {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
        ),
        query(
            "offset",
            _("How many items to skip."),
            {"type": "integer", "minimum": 0},
        ),
    ]


def listing_of(item_schema_name):
    return obj(
        {
            "meta": obj({"total_count": integer(_("How many items match, on every page."))}),
            "items": {"type": "array", "items": ref(item_schema_name)},
        }
    )


def json_response(description, schema):
    return {
        "description": description,
        "headers": {
            "ETag": {"schema": {"type": "string"}},
            "Cache-Control": {"schema": {"type": "string"}},
        },
        "content": {"application/json": {"schema": schema}},
    }


def error_responses(*codes):
    texts = {
        "304": _("Not modified: the ETag given in If-None-Match is still current."),
        "400": _("A query parameter is not valid."),
        "404": _("There is no public item with this id."),
        "429": _("Too many requests from this address; see Retry-After."),
    }
    responses = {}
    for code in codes:
        if code == "304":
            responses[code] = {"description": texts[code]}
        else:
            responses[code] = {
                "description": texts[code],
                "content": {"application/json": {"schema": ref("Error")}},
            }
    return responses


def common_schemas():
    return {
        "Error": obj(
            {
                "message": string(_("What went wrong, in the reader's language.")),
                "errors": {
                    "type": "object",
                    "description": _("The messages for each query parameter at fault."),
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            required=["message"],
        ),
        "ImageRendition": obj(
            {
                "url": string(_("The image's address (may be a path).")),
                "full_url": string(_("The image's full address.")),
                "width": integer(),
                "height": integer(),
                "alt": string(_("The image's title.")),
            }
        ),
    }


def pages_paths():
    page_parameters = [
        query(
            "type",
            _(
                "Only pages of this type, e.g. news.NewsPage or portal.ProgrammePage; "
                "their own fields can then be chosen and filtered on."
            ),
        ),
        query("fields", _("Fields to add (fields=date,writers) or remove (fields=-title).")),
        query("child_of", _("Only the children of this page id."), {"type": "integer"}),
        query("descendant_of", _("Only pages under this page id."), {"type": "integer"}),
        query("locale", _("Only pages in this language (id or en).")),
        query("search", _("Words to look for.")),
        query("order", _("Field to sort by; a leading - sorts backwards.")),
    ]
    return {
        "/pages/": {
            "get": {
                "operationId": "pages_list",
                "tags": ["pages"],
                "summary": _("Published pages"),
                "description": _(
                    "Every live page without a view restriction. News articles "
                    "(type=news.NewsPage) have their date, summary, writers, editor, "
                    "categories, image renditions and body."
                ),
                "parameters": [*page_parameters, *pagination_parameters()],
                "responses": {
                    "200": json_response(_("A page of results."), listing_of("PageSummary")),
                    **error_responses("304", "400", "429"),
                },
            }
        },
        "/pages/{id}/": {
            "get": {
                "operationId": "pages_detail",
                "tags": ["pages"],
                "summary": _("One published page"),
                "description": _("All the page's public fields; a news article's as above."),
                "parameters": [
                    path_id(_("The page's id.")),
                    query("fields", _("Fields to add or remove.")),
                ],
                "responses": {
                    "200": json_response(
                        _("The page."),
                        {"anyOf": [ref("NewsPage"), ref("Page")]},
                    ),
                    **error_responses("304", "400", "404", "429"),
                },
            }
        },
    }


def pages_schemas():
    meta = obj(
        {
            "type": string(_("The page type, e.g. news.NewsPage.")),
            "detail_url": string(),
            "html_url": nullable(string(_("The page's address on the site."))),
            "slug": string(),
            "show_in_menus": {"type": "boolean"},
            "seo_title": string(),
            "search_description": string(),
            "first_published_at": nullable(string(format="date-time")),
            "alias_of": nullable({"type": "object"}),
            "parent": nullable({"type": "object"}),
            "locale": string(),
        },
        required=["type", "detail_url"],
    )
    person = obj({"name": string()})
    writer = obj({"name": string(), "byline": string(_('Shown as "By ..." on the article.'))})
    return {
        "PageSummary": {
            "type": "object",
            "properties": {"id": integer(), "meta": meta, "title": string()},
            "required": ["id", "meta"],
            "description": _("A page in a listing: the fields asked for with fields=."),
        },
        "Page": {
            "type": "object",
            "properties": {"id": integer(), "meta": meta, "title": string()},
            "required": ["id", "meta", "title"],
        },
        "NewsPage": obj(
            {
                "id": integer(),
                "meta": meta,
                "title": string(),
                "date": string(_("The article's date."), format="date"),
                "summary": string(),
                "writers": {"type": "array", "items": writer},
                "editor": nullable(person),
                "categories": {
                    "type": "array",
                    "items": obj({"slug": string(), "name": string()}),
                },
                "image_thumbnail": nullable(ref("ImageRendition")),
                "image_large": nullable(ref("ImageRendition")),
                "hero_image_alt": string(),
                "hero_caption": string(),
                "body": {"type": "array", "items": {"type": "object"}},
            },
            required=["id", "meta", "title"],
        ),
    }


def openapi_document(router, *, base_url):
    """The whole description of the API behind ``router`` at ``base_url``."""
    paths = pages_paths()
    schemas = {**common_schemas(), **pages_schemas()}
    tags = [{"name": "pages", "description": _("Pages published on the site.")}]
    for name, endpoint in router._endpoints.items():
        if hasattr(endpoint, "openapi_paths"):
            paths.update(endpoint.openapi_paths())
            schemas.update(endpoint.openapi_schemas())
            tags.append({"name": name, "description": str(endpoint.openapi_description())})
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": _("Mitra Pustaka public API"),
            "version": "2",
            "description": _(
                "Read-only, anonymous access to what the portal publishes: pages and "
                "news, shared literacy events and partner institutions. Answers are "
                "JSON, may be cached for the time Cache-Control says, carry an ETag, "
                "and may be read from any origin."
            ),
        },
        "servers": [{"url": base_url}],
        "tags": tags,
        "paths": paths,
        "components": {"schemas": schemas},
    }
