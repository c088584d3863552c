"""The forms of the drafting pages, shared by the partner's draft page and the
staff screen: a new version, a comment, agreeing to a version."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners import selectors, services
from partners.models.drafts import COMMENT_MAX_LENGTH, NOTE_MAX_LENGTH, DraftVersion
from portal.uploads import validate_pdf_or_docx


class DraftVersionForm(forms.Form):
    """A new version of the text: the file is checked by parsing it."""

    file = forms.FileField(
        label=gettext_lazy("File of the new version (PDF or DOCX)"),
        validators=[validate_pdf_or_docx],
        error_messages={
            "required": gettext_lazy("Choose the file of the new version (PDF or DOCX).")
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("What changed"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Optional: the articles you changed and why."),
    )


class DraftCommentForm(forms.Form):
    """A comment on the whole draft or on one of its versions."""

    body = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write a comment before posting it.")},
    )
    version = forms.ModelChoiceField(
        label=gettext_lazy("About"),
        queryset=DraftVersion.objects.none(),
        required=False,
        empty_label=gettext_lazy("The draft as a whole"),
        error_messages={"invalid_choice": gettext_lazy("Choose a version of this draft.")},
    )

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        if draft is not None:
            field.queryset = draft.versions.all()
        field.label_from_instance = lambda version: (
            _("Version %(number)s") % {"number": version.number}
        )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a comment before posting it."))
        return body


class DraftActions:
    """The forms of a draft page and what a POST of one of them does, the
    same for the partner's coordinator (``institution``) and the host's staff
    (no institution). A refusal is kept on the form that was sent, with what
    was typed, or in ``errors``."""

    ANCHORS = {"version": "#versions", "comment": "#comments", "agree": "#versions"}

    def __init__(self, *, agreement, draft, user, institution=None):
        self.agreement = agreement
        self.draft = draft
        self.user = user
        self.institution = institution
        self.version_form = DraftVersionForm(prefix="version")
        self.comment_form = DraftCommentForm(prefix="comment", draft=draft)
        self.errors = []
        self.anchor = ""

    def post(self, request):
        """Do what the POST asks; returns the success message, or None when refused."""
        action = request.POST.get("action")
        self.anchor = self.ANCHORS.get(action, "")
        try:
            if action == "version":
                return self._version(request)
            if action == "comment":
                return self._comment(request)
            if action == "agree":
                return self._agree(request)
        except ValidationError as error:
            self.errors.extend(error.messages)
            return None
        self.errors.append(_("Choose what to do: upload a version, write a comment or agree."))
        return None

    def refuse(self, request, message):
        """Refuse the whole POST (a rate limit), keeping the comment and note typed."""
        self.errors.append(str(message))
        self.anchor = self.ANCHORS.get(request.POST.get("action"), "")
        self.comment_form = DraftCommentForm(
            prefix="comment",
            draft=self.draft,
            initial={
                "body": request.POST.get("comment-body", ""),
                "version": request.POST.get("comment-version") or None,
            },
        )
        self.version_form = DraftVersionForm(
            prefix="version", initial={"note": request.POST.get("version-note", "")}
        )

    def _version(self, request):
        form = self.version_form = DraftVersionForm(request.POST, request.FILES, prefix="version")
        if not form.is_valid():
            return None
        try:
            version = services.draft_version_add(
                agreement=self.agreement,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                by=self.user,
                institution=self.institution,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return None
        return _("Version %(number)s has been uploaded; the other side has been told.") % {
            "number": version.number
        }

    def _comment(self, request):
        form = self.comment_form = DraftCommentForm(
            request.POST, prefix="comment", draft=self.draft
        )
        if not form.is_valid():
            return None
        try:
            services.draft_comment_add(
                agreement=self.agreement,
                body=form.cleaned_data["body"],
                version=form.cleaned_data["version"],
                by=self.user,
                institution=self.institution,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return None
        return _("Your comment has been posted; the other side has been told.")

    def _agree(self, request):
        version = None
        if self.draft is not None and str(request.POST.get("version", "")).isdigit():
            version = self.draft.versions.filter(pk=int(request.POST["version"])).first()
        if version is None:
            raise ValidationError(_("Choose a version of this draft."))
        version = services.draft_version_agree(
            version=version, by=self.user, institution=self.institution
        )
        if version.agreed_at:
            return _(
                "Both sides have agreed to version %(number)s: it is the text to be signed."
            ) % {"number": version.number}
        return _("You agreed to version %(number)s; the other side has been asked to confirm.") % {
            "number": version.number
        }


def draft_page_context(*, agreement, draft, actions, our_side, may_act, host_name):
    """What the partner's draft page and the staff screen both show: the
    versions (newest first), the comments, the agreed version, and whether
    ``our_side`` may still act and has already agreed to the latest version."""
    versions = selectors.draft_versions(draft=draft) if draft is not None else []
    latest = versions[0] if versions else None
    is_open = services.draft_is_open(agreement)
    agreed = next((version for version in versions if version.agreed_at), None)
    return {
        "agreement": agreement,
        "draft": draft,
        "versions": versions,
        "latest": latest,
        "agreed": agreed,
        "we_agreed": latest is not None
        and any(approval.side == our_side for approval in latest.approvals.all()),
        "comments": selectors.draft_comments(draft=draft) if draft is not None else [],
        "is_open": is_open,
        "can_act": may_act and is_open,
        "actions": actions,
        "host_name": host_name,
        "our_side": our_side,
    }
