"""What the staff screens of the partners app share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.viewsets.model import ModelViewSet

from partners.admin.permissions import require
from portal.audit import AuditedExportMixin

CONFIRM_TEMPLATE = "partners/admin/confirm_action.html"


class AdminModelViewSet(AuditedExportMixin, ModelViewSet):
    """Wagtail's form widgets (date pickers, https URLs) for plain model forms;
    every spreadsheet export is audit-logged."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        return formfield_for_dbfield(db_field, **kwargs)


def action_view(*, fetch, allowed, title, perform, index_url_name, template=CONFIRM_TEMPLATE):
    """A GET-confirm, POST-perform admin view for one object (verify, approve...).

    ``fetch(pk=)`` is a selector returning the object or None (404);
    ``allowed(user)`` comes from ``partners.admin.permissions``; ``perform(instance=,
    user=)`` calls a service and returns the success message, in one
    transaction; a ValidationError it raises is shown as an error message.
    """

    def view(request, pk):
        require(allowed(request.user))
        instance = fetch(pk=pk)
        if instance is None:
            raise Http404
        if request.method == "POST":
            try:
                with transaction.atomic():
                    done = perform(instance=instance, user=request.user)
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
            else:
                messages.success(request, done)
            return redirect(index_url_name)
        return TemplateResponse(
            request,
            template,
            {
                "object": instance,
                "page_title": title,
                "header_icon": "help",
                "cancel_url": reverse(index_url_name),
            },
        )

    return view
