"""The demo story, built in order. Each step takes the context built so far
(pages, users and whatever earlier steps returned) and returns a dict that is
added to it. A feature adds its step here; steps must be idempotent."""

import importlib

DEMO_STEPS = (
    "portal.demo.site.build_site_step",
    "partners.demo.build_partners",  # institutions, memberships, agreements
    "partners.events.demo.build_events",  # shared literacy events
    "visits.demo.build_visits",  # venues, rules, visit requests
    "news.demo.build_news",  # the seed article and the newsroom
)


def _load(dotted):
    module_name, _, func_name = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and (module_name + ".").startswith(error.name + "."):
            return None  # the feature (or its package) has not landed yet
        raise
    return getattr(module, func_name, None)


def run_demo_steps(*, users):
    context = {"users": users}
    for dotted in DEMO_STEPS:
        step = _load(dotted)
        if step is not None:
            context.update(step(context) or {})
    return context
