"""The extension points (portal/extensions.py): declared once, typed, strict,
and the only way apps put something on another app's page."""

import ast
import datetime
import inspect
import pathlib
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Engine
from wagtail import hooks

from portal import extensions
from portal.demo.steps import DEMO_STEPS, load_step, run_demo_steps
from portal.extensions import FACTS, Activity, ExtensionError, Section
from portal.models import HomePage
from tests.factories.partners import InstitutionFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
FEATURE_APPS = ("news", "partners", "visits")
# Template folder and template-tag library of each app, by where its templates live.
APP_TEMPLATES = {
    "templates": ("portal", "portal_tags"),
    "portal/templates": ("portal", "portal_tags"),
    "news/templates": ("news", None),
    "partners/templates": ("partners", None),
    "partners/events/templates": ("events", "events_tags"),
    "visits/templates": ("visits", "visits_tags"),
}
POINTS = {point.name: point for point in extensions.EXTENSION_POINTS}


@pytest.mark.parametrize("point", extensions.EXTENSION_POINTS, ids=lambda point: point.name)
def test_every_point_is_declared_with_a_contract_and_a_typed_signature(point):
    assert len(inspect.getdoc(point)) > 80
    parameters = point.signature.parameters.values()
    assert parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    assert all(p.annotation is not inspect.Parameter.empty for p in parameters)
    assert point.signature.return_annotation is not inspect.Signature.empty
    assert inspect.signature(point) == point.signature


def test_points_have_distinct_hook_names():
    assert len(POINTS) == len(extensions.EXTENSION_POINTS)


@pytest.mark.parametrize("point", extensions.EXTENSION_POINTS, ids=lambda point: point.name)
def test_every_point_is_implemented_and_every_implementation_takes_its_arguments(point):
    implementations = point.implementations()
    assert implementations, f"no app implements {point.name}"
    for implementation in implementations:
        inspect.signature(implementation).bind(**dict.fromkeys(point.signature.parameters))
        assert implementation.__module__.endswith(".integrations") or "privacy" in (
            implementation.__module__
        ), f"{implementation.__module__} is not an app's integrations module"


def test_register_refuses_a_function_that_misses_an_argument():
    before = list(extensions.home_sections.implementations())

    with pytest.raises(ImproperlyConfigured, match="request"):
        extensions.home_sections.register(lambda *, home: [])

    assert extensions.home_sections.implementations() == before


def test_a_point_is_called_with_keywords_only(home):
    with pytest.raises(TypeError):
        extensions.home_sections(home)


def _section(title, order=0, **kwargs):
    return Section(title=title, template="tests/section.html", order=order, **kwargs)


def test_dispatch_returns_every_apps_sections_in_order(home):
    def first_app(*, home, request):
        return [_section("C", 30), _section("A", 10)]

    def second_app(*, home, request):
        return (_section("B", 20), _section("A, second app", 10))

    with (
        hooks.register_temporarily(extensions.home_sections.name, first_app),
        hooks.register_temporarily(extensions.home_sections.name, second_app),
    ):
        sections = extensions.home_sections(home=home, request=None)

    mine = [section.title for section in sections if section.template == "tests/section.html"]
    assert mine == ["A", "A, second app", "B", "C"]


def test_the_home_page_shows_each_apps_section_in_its_place(client, home):
    text = client.get("/").text

    headings = re.findall(r'<h2 id="([a-z-]+)">', text)

    assert headings[:4] == ["latest-news", "upcoming-events", "programmes", "partners"]


def test_a_section_less_app_renders_nothing(client, home):
    institution = InstitutionFactory(slug="alfa")

    def quiet_app(*, institution, request):
        return []

    with hooks.register_temporarily(extensions.partner_page_sections.name, quiet_app):
        sections = extensions.partner_page_sections(institution=institution, request=None)
        response = client.get("/mitra/alfa/")

    assert [section.area for section in sections] == [FACTS]  # the visits fact only
    assert response.text.count('<section class="home-section"') == 1  # agreements only
    assert _render("[{% render_sections sections %}]", {"sections": []}) == "[]"


@pytest.mark.parametrize(
    ("point", "arguments", "result"),
    [
        ("portal_home_sections", {"home": None}, {"latest_news": []}),
        ("portal_home_sections", {"home": None}, [("News", "news/x.html", {})]),
        ("portal_home_sections", {"home": None}, None),
        ("portal_home_sections", {"home": None}, _section("Alone")),
        ("portal_home_sections", {"home": None}, [_section("Fact", area=FACTS)]),
        ("partners_partner_page_sections", {"institution": None}, [_section("x", area="aside")]),
        ("partners_dashboard_sections", {"institution": None, "user": None}, "<h2>x</h2>"),
        ("portal_programme_page_sections", {"page": None}, [{"title": "x"}]),
        ("portal_account_menu_links", {"user": None}, ["<a href='/'>x</a>"]),
        ("partners_agreement_activities", {"agreement_ids": set()}, [("x", "y")]),
        ("portal_private_calendar_items", {"user": None, "institutions": []}, "BEGIN:VEVENT"),
        ("portal_personal_data", {"user": None}, [("visits", [])]),
        ("portal_personal_data", {"user": None}, {1: "x"}),
        ("portal_retention_purge", {"cutoff": None, "dry_run": True}, {"visits": "3"}),
        ("portal_retention_purge", {"cutoff": None, "dry_run": True}, None),
    ],
)
def test_a_bad_return_shape_fails_loudly_naming_the_implementation(
    monkeypatch, point, arguments, result
):
    def broken_app(**kwargs):
        return result

    monkeypatch.setattr(POINTS[point], "implementations", lambda: [broken_app])

    with pytest.raises(ExtensionError, match=rf"broken_app returned .* the '{point}'"):
        POINTS[point](**arguments)


def test_two_apps_with_the_same_personal_data_section_fail(monkeypatch):
    def one_app(*, user):
        return {"profile": {"name": "Rina"}}

    def other_app(*, user):
        return {"profile": {"handle": "rina"}}

    monkeypatch.setattr(extensions.personal_data, "implementations", lambda: [one_app, other_app])

    with pytest.raises(ExtensionError, match="other_app returned the personal-data section"):
        extensions.personal_data(user=None)


def test_well_formed_results_are_combined(monkeypatch):
    day = datetime.date(2026, 3, 1)

    def later(*, agreement_ids, start, end):
        return [Activity(1, "Kunjungan", "Studi banding", day + datetime.timedelta(days=1))]

    def earlier(*, agreement_ids, start, end):
        return iter([Activity(1, "Kegiatan", "Lokakarya", day)])

    monkeypatch.setattr(
        extensions.agreement_activities, "implementations", lambda: [later, earlier]
    )

    activities = extensions.agreement_activities(agreement_ids={1})

    assert [activity.title for activity in activities] == ["Lokakarya", "Studi banding"]


def _render(source, context, templates=None):
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", templates or {})],
        libraries={"portal_tags": "portal.templatetags.portal_tags"},
    )
    return engine.from_string("{% load portal_tags %}" + source).render(Context(context))


def test_a_section_sees_its_own_context_and_nothing_of_the_host_page():
    templates = {"s.html": "<p>{{ section.title }}|{{ value }}|{{ secret }}</p>"}
    context = {"secret": "host only", "sections": [Section("Judul", "s.html", {"value": 7})]}

    assert _render("{% render_sections sections %}", context, templates) == "<p>Judul|7|</p>"


def test_render_sections_prints_one_area_at_a_time():
    templates = {"s.html": "<p>{{ section.title }}</p>"}
    sections = [
        Section("Fakta", "s.html", area=FACTS),
        Section("Bagian", "s.html"),
        Section("Bagian lain", "s.html"),
    ]
    source = '<dl>{% render_sections sections "facts" %}</dl>{% render_sections sections %}'

    html = _render(source, {"sections": sections}, templates)

    assert html == "<dl><p>Fakta</p></dl><p>Bagian</p>\n<p>Bagian lain</p>"


@pytest.mark.parametrize("sections", ["", None, {"latest_news": []}, [("Judul", "s.html", {})]])
def test_render_sections_refuses_anything_but_sections(sections):
    with pytest.raises(TypeError, match="render_sections needs a list of Section"):
        _render("{% render_sections sections %}", {"sections": sections})


def _templates():
    for folder, (own_folder, own_tags) in APP_TEMPLATES.items():
        for path in sorted((ROOT / folder).rglob("*.html")):
            yield path, own_folder, own_tags


def test_no_template_includes_another_apps_template_or_loads_its_tags():
    feature_folders = {"news", "partners", "events", "visits"}
    feature_tags = {tags for _folder, tags in APP_TEMPLATES.values() if tags} - {"portal_tags"}
    crossings = []
    for path, own_folder, own_tags in _templates():
        text = path.read_text()
        for name in re.findall(r'{%\s*(?:include|extends)\s+"([^"]+)"', text):
            folder = name.split("/", 1)[0]
            if folder in feature_folders and folder != own_folder:
                crossings.append(f"{path.relative_to(ROOT)} includes {name}")
        for libraries in re.findall(r"{%\s*load\s+([^%]+)%}", text):
            for library in libraries.split():
                if library in feature_tags and library != own_tags:
                    crossings.append(f"{path.relative_to(ROOT)} loads {library}")
    assert crossings == []


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_portal_imports_no_feature_app_not_even_lazily():
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / "portal").rglob("*.py"))
        if "migrations" not in path.parts
        for module in _imports(path)
        if module.split(".")[0] in FEATURE_APPS
    ]
    assert found == []


def test_portal_models_import_no_selectors():
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / "portal" / "models").rglob("*.py"))
        for module in _imports(path)
        if module.startswith(("portal.selectors", "portal.integrations"))
    ]
    assert found == []


def test_every_demo_step_exists():
    assert all(callable(load_step(dotted)) for dotted in DEMO_STEPS)


@pytest.mark.parametrize(
    ("dotted", "message"),
    [
        ("partners.no_such_module.build", "cannot be imported"),
        ("portal.demo.site.no_such_step", "has no no_such_step"),
    ],
)
def test_a_missing_demo_step_fails_loudly(dotted, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_step(dotted)


def test_a_missing_demo_step_stops_the_demo_before_anything_is_built(locales):
    steps = ("portal.demo.site.build_site_step", "news.no_such_demo.build_news")

    with pytest.raises(ImproperlyConfigured, match="news.no_such_demo"):
        run_demo_steps(users={}, steps=steps)

    assert not HomePage.objects.exists()


def test_register_integrations_registers_the_functions_named_after_points(monkeypatch):
    import types

    registered = []
    monkeypatch.setattr(extensions.home_sections, "register", registered.append)
    monkeypatch.setattr(extensions.feed_links, "register", registered.append)

    def home_sections(*, home, request):
        return []

    def helper():
        return None

    module = types.SimpleNamespace(home_sections=home_sections, helper=helper)

    assert extensions.register_integrations(module) == ["home_sections"]
    assert registered == [home_sections]
