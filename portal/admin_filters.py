"""Filter sets for the staff listings whose choices are kept.

A listing's filter of hundreds of institutions rendered the same HTML on
every load, a quarter of the agreements listing's render. A filter set with
``KeptChoicesMixin`` names, in ``kept_choices``, each model choice filter
with the function that returns its objects and the ``(name, tags)`` it is
kept under (``portal.widgets.show_objects``): the rendered select comes from
the shared cache, and its objects are read only to render it again after a
change of one of the tags. The filter's queryset still checks what is
submitted.
"""

from portal.widgets import show_objects


class KeptChoicesMixin:
    #: {field name: (function returning the objects, (kept name, tags))}
    kept_choices = {}

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, (objects, kept) in self.kept_choices.items():
                show_objects(form.fields[name], objects, kept=kept)
        return self._form
