"""The audit log: who downloaded, exported or erased what, when and from where.

Every feature calls one function::

    from portal import audit

    audit.record(request.user, "agreement_document.download", target=agreement, request=request)
    audit.record(None, "retention.purge", cutoff=cutoff.isoformat(), counts=counts)

``record(actor, action, target=None, request=None, **details)``

- ``actor``: the user who acted, or ``None`` (then ``request.user`` if a
  request is given and someone is signed in; otherwise a system action).
  The actor's label (name and e-mail) is copied, so the row still reads
  after the account is gone; account deletion pseudonymises that label.
- ``action``: a short dotted name, ``<thing>.<verb>``: ``agreement_document.download``,
  ``visit_letter.download``, ``export.<model>``, ``personal_data.export``,
  ``account.delete``. Keep the first part the model or feature name.
- ``target``: a model instance (stored as content type, id and ``str()``),
  a plain string (stored as the label only) or ``None``.
- ``request``: gives the client IP, taking ``PORTAL_TRUSTED_PROXY_COUNT``
  proxies into account exactly like the rate limits (``portal.ratelimit``).
- ``**details``: anything JSON can hold; other values (dates, UUIDs,
  decimals, model instances) are stored as their string form.

It never raises because of its input: only a database error (which must
roll back the caller's transaction anyway) reaches the caller. Call it
inside the caller's transaction when the action and its record must stand
or fall together.

Spreadsheet exports in the Wagtail admin are recorded by mixing
``AuditedExportMixin`` into a ``ModelViewSet`` or ``SnippetViewSet``::

    class VisitRequestViewSet(AuditedExportMixin, ModelViewSet):
        model = VisitRequest
        list_export = [...]
        audit_export_action = "export.visits"   # optional; default "export.visitrequest"

Every CSV or XLSX download of that listing then writes one
``export.<model>`` event with the format, the number of rows and the
filters in use. A hand-written view built on Wagtail's
``SpreadsheetExportMixin`` gets the same with ``AuditedSpreadsheetViewMixin``
(put it first in the bases).

Administrators read the log under Settings → Audit log in the Wagtail admin
(read-only for everyone); ``manage.py purge_personal_data`` deletes events
older than ``PORTAL_AUDIT_RETENTION_DAYS``.
"""

import ipaddress
import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from portal.models import AuditEvent
from portal.ratelimit import client_ip
from portal.spreadsheets import defuse_formula

__all__ = [
    "AuditedExportMixin",
    "AuditedSpreadsheetViewMixin",
    "actor_label",
    "client_ip_or_none",
    "record",
]

_LABEL_LENGTH = AuditEvent._meta.get_field("actor_label").max_length
_REPR_LENGTH = AuditEvent._meta.get_field("target_repr").max_length
_ACTION_LENGTH = AuditEvent._meta.get_field("action").max_length


class _LenientEncoder(DjangoJSONEncoder):
    """Django's encoder, with ``str()`` for whatever it does not know."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def actor_label(user):
    """How an actor is named in the log: "Full Name <e-mail>"."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    email = getattr(user, "email", "") or str(user.pk)
    name = getattr(user, "full_name", "")
    return (f"{name} <{email}>" if name else email)[:_LABEL_LENGTH]


def _clean_details(details):
    try:
        return json.loads(json.dumps(details, cls=_LenientEncoder))
    except (TypeError, ValueError):  # e.g. circular structures
        return {key: str(value) for key, value in details.items()}


def client_ip_or_none(request):
    """The client's IP address as ``portal.ratelimit`` sees it, or None if it is not one."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_ip(request).strip()))
    except ValueError:
        return None


def _target_fields(target):
    if target is None:
        return {}
    if isinstance(target, models.Model):
        return {
            "target_content_type": ContentType.objects.get_for_model(
                target, for_concrete_model=False
            ),
            "target_object_id": "" if target.pk is None else str(target.pk),
            "target_repr": str(target)[:_REPR_LENGTH],
        }
    return {"target_repr": str(target)[:_REPR_LENGTH]}


def record(actor, action, target=None, request=None, **details):
    """Write one audit event and return it (see the module docstring)."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor_label(actor),
        action=str(action)[:_ACTION_LENGTH],
        details=_clean_details(details),
        ip=client_ip_or_none(request),
        **_target_fields(target),
    )


class AuditedSpreadsheetViewMixin:
    """For a view using Wagtail's ``SpreadsheetExportMixin``: record every export."""

    audit_export_action = None

    def get_audit_export_action(self, queryset):
        if self.audit_export_action:
            return self.audit_export_action
        model = getattr(queryset, "model", None) or getattr(self, "model", None)
        return f"export.{model._meta.model_name}" if model else "export"

    def preprocess_field_value(self, field, value, export_format):
        # Wagtail does not escape CSV cells: no exported text may run as a formula.
        value = super().preprocess_field_value(field, value, export_format)
        return defuse_formula(value)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if response is not None:
            rows = queryset.count() if isinstance(queryset, models.QuerySet) else len(queryset)
            filters = {
                key: values[0] if len(values) == 1 else values
                for key, values in self.request.GET.lists()
                if key != "export"
            }
            record(
                self.request.user,
                self.get_audit_export_action(queryset),
                request=self.request,
                format=spreadsheet_format,
                rows=rows,
                filters=filters,
            )
        return response


class AuditedExportMixin:
    """For a ``ModelViewSet``/``SnippetViewSet``: its listing's exports are audit-logged.

    Set ``audit_export_action`` to name the action; by default it is
    ``export.<model name>``.
    """

    audit_export_action = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        base = self.index_view_class
        action = self.audit_export_action or f"export.{self.model._meta.model_name}"
        if issubclass(base, AuditedSpreadsheetViewMixin):
            self.index_view_class = type(base.__name__, (base,), {"audit_export_action": action})
        else:
            self.index_view_class = type(
                f"Audited{base.__name__}",
                (AuditedSpreadsheetViewMixin, base),
                {"audit_export_action": action},
            )
