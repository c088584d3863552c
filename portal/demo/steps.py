"""The demo story, built in order. Each step takes the context built so far
(pages, users and whatever earlier steps returned) and returns a dict that is
added to it. A feature adds its step here; steps must be idempotent.

Every step must exist: a missing module or function stops the loading with
an error, so the demo never silently lacks a feature.
"""

import importlib

from django.core.exceptions import ImproperlyConfigured

DEMO_STEPS = (
    "portal.demo.site.build_site_step",
    "partners.demo.build_partners",  # institutions, memberships, agreements
    "partners.events.demo.build_events",  # shared literacy events
    "visits.demo.build_visits",  # venues, rules, visit requests
    "news.demo.build_news",  # the seed article and the newsroom
    "portal.demo.menus.build_menus",  # main and footer menus, once every page exists
)


def load_step(dotted):
    """The step function named by ``dotted`` ("package.module.function")."""
    module_name, _, func_name = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ImproperlyConfigured(f"Demo step {dotted!r} cannot be imported: {error}") from error
    step = getattr(module, func_name, None)
    if not callable(step):
        raise ImproperlyConfigured(f"Demo step {dotted!r}: {module_name} has no {func_name}().")
    return step


def run_demo_steps(*, users, steps=DEMO_STEPS):
    """Run ``steps`` in order (every one is loaded first, so a missing step
    fails before anything is built) and return the context they made."""
    functions = [load_step(dotted) for dotted in steps]
    context = {"users": users}
    for step in functions:
        context.update(step(context) or {})
    return context
