"""``{% private_fragment %}``: a part of a signed-in page, kept until what
it shows changes.

    {% load portal_cache %}
    {% private_fragment fragment_name "partners media" institution.pk user.pk LANGUAGE_CODE %}
        ... forms with {% csrf_token %} ...
    {% endprivate_fragment %}

The first argument names the fragment (an empty name renders it afresh and
keeps nothing: for a page showing what was just typed); the second lists the
``portal.page_cache`` tags of what it shows; the rest is what else it varies
on (always the user for anything personal). It is kept until one of the
tags changes, and at most ``TIMEOUT`` seconds, which bounds anything that
changes with the clock alone.

It keys fragments as Django's ``{% cache %}`` does, with the tags' versions
as one more value to vary on, but it may hold forms: their CSRF tokens are
kept as a placeholder and replaced by this request's token on every use, so
a kept fragment never hands out a token of another session.
"""

from django import template
from django.core.cache.utils import make_template_fragment_key

from portal import page_cache
from portal.page_cache import fragments

register = template.Library()

TIMEOUT = 300
CSRF_PLACEHOLDER = "portal-csrf-placeholder"


class PrivateFragmentNode(template.Node):
    def __init__(self, nodelist, name, tags, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.tags = tags
        self.vary_on = vary_on

    def render(self, context):
        name = self.name.resolve(context)
        if not name:
            return self.nodelist.render(context)
        tags = str(self.tags.resolve(context)).split()
        vary_on = [value.resolve(context) for value in self.vary_on]
        key = make_template_fragment_key(f"private:{name}", [*vary_on, page_cache.stamp(tags)])
        html = fragments.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            fragments.set(key, html, TIMEOUT)
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        return html


@register.tag("private_fragment")
def do_private_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a name, the tags and what it varies on."
        )
    nodelist = parser.parse(("endprivate_fragment",))
    parser.delete_first_token()
    return PrivateFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        parser.compile_filter(bits[2]),
        [parser.compile_filter(bit) for bit in bits[3:]],
    )
