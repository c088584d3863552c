"""How an extension point of portal/extensions.py works: the declaration
decorator, registration and dispatch through Wagtail hooks, and the checks
and combinations of what implementations return."""

import functools
import inspect
from collections.abc import Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks


class ExtensionError(TypeError):
    """An implementation returned something its extension point does not accept."""


def _describe(implementation):
    return f"{implementation.__module__}.{implementation.__qualname__}"


def _fail(point, implementation, result, expected):
    raise ExtensionError(
        f"{_describe(implementation)} returned {result!r} for the {point.name!r} "
        f"extension point; expected {expected}."
    )


class ExtensionPoint:
    """A declared extension point; call it to dispatch (see portal/extensions.py)."""

    def __init__(self, declaration, *, name, check, combine):
        functools.update_wrapper(self, declaration)
        self.name = name
        self.signature = inspect.signature(declaration)
        self._check = check
        self._combine = combine

    def __repr__(self):
        return f"<extension point {self.name}>"

    def register(self, implementation):
        """Register ``implementation`` (usable as a decorator); it must take
        every argument of the point by keyword."""
        try:
            inspect.signature(implementation).bind(**dict.fromkeys(self.signature.parameters))
        except TypeError as error:
            raise ImproperlyConfigured(
                f"{_describe(implementation)} cannot implement {self.name!r}: it must accept "
                f"the keyword arguments {', '.join(self.signature.parameters)} ({error})."
            ) from None
        hooks.register(self.name, implementation)
        return implementation

    def implementations(self):
        """The registered functions, in registration (INSTALLED_APPS) order."""
        return hooks.get_hooks(self.name)

    def __call__(self, **kwargs):
        bound = self.signature.bind(**kwargs)
        bound.apply_defaults()
        results = []
        for implementation in self.implementations():
            result = implementation(**bound.arguments)
            results.append((implementation, self._check(self, implementation, result)))
        return self._combine(results)


def extension_point(*, name, check, combine):
    """Declare the decorated function (signature and docstring only) as a point."""

    def declare(declaration):
        return ExtensionPoint(declaration, name=name, check=check, combine=combine)

    return declare


# ---------------------------------------------------------------------------
# Checking and combining what implementations return.
# ---------------------------------------------------------------------------


def items_of(item_type, expected, accept=lambda item: True):
    def check(point, implementation, result):
        if isinstance(result, str | bytes | Mapping) or not isinstance(result, Iterable):
            _fail(point, implementation, result, expected)
        items = list(result)
        if not all(isinstance(item, item_type) and accept(item) for item in items):
            _fail(point, implementation, result, expected)
        return items

    return check


def sorted_by(key):
    """Every app's items in one list, by ``key``; ties keep the registration order."""

    def combine(results):
        return sorted((item for _, items in results for item in items), key=key)

    return combine


def mapping_of(value_check, expected):
    def check(point, implementation, result):
        if not isinstance(result, Mapping) or not all(
            isinstance(key, str) and value_check(value) for key, value in result.items()
        ):
            _fail(point, implementation, result, expected)
        return result

    return check


def merged_unique(what, hint=""):
    """One dict of every app's entries; two apps giving the same key fail
    (the error names ``what`` the key is and ends with ``hint``)."""

    def combine(results):
        combined = {}
        for implementation, result in results:
            for key, value in result.items():
                if key in combined:
                    raise ExtensionError(
                        f"{_describe(implementation)} returned the {what} {key!r} "
                        f"that another app returned too{hint}."
                    )
                combined[key] = value
        return combined

    return combine


def counted_per_app(results):
    """``{"<app>.<kind>": count}``, ``<app>`` being the implementation's package."""
    counts = {}
    for implementation, result in results:
        prefix = implementation.__module__.split(".")[0]
        for kind, count in result.items():
            counts[f"{prefix}.{kind}"] = counts.get(f"{prefix}.{kind}", 0) + count
    return counts


def anything(point, implementation, result):
    return result


def nothing(results):
    return None


def is_count(value):
    return isinstance(value, int) and not isinstance(value, bool)
