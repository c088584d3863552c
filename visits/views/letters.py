"""The request letter kept between posts of the request form."""

from django.utils.translation import gettext as _

from portal.uploads import held_upload, hold_upload


class LetterKeeper:
    """Keeps the request letter between posts of the form (``portal.uploads.hold_upload``).

    ``files`` is what the form gets: the posted files, plus the letter a
    ``kept_letter`` token names when no new letter was chosen. After a post
    that did not go through, ``keep(form)`` holds a letter that passed its
    checks and returns what the template shows (None when nothing is kept);
    after a successful one, ``done()`` drops the held copy. Use it as a
    context manager so the held file is closed.
    """

    FIELD = "request_letter"

    def __init__(self, request):
        self.request = request
        token = request.POST.get("kept_letter", "")
        self.held = held_upload(token, user=request.user)
        self.expired = bool(token) and self.held is None
        self.opened = None
        self.files = request.FILES
        if self.held is not None and not request.FILES.get(self.FIELD):
            self.opened = self.held.open()
            self.files = request.FILES.copy()
            self.files[self.FIELD] = self.opened

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.opened is not None:
            self.opened.close()

    def check(self, form):
        """Validate ``form``; a letter chosen before that is no longer kept must be chosen again
        (else an edit would go through without the new letter the partner meant to send)."""
        form.is_valid()
        if self.expired and not self.request.FILES.get(self.FIELD):
            form.errors.pop(self.FIELD, None)
            form.add_error(
                self.FIELD,
                _(
                    "The letter you chose before is no longer kept (we keep it for two "
                    "hours). Choose the file again."
                ),
            )
        return form.is_valid()

    def keep(self, form):
        letter = form.cleaned_data.get(self.FIELD) if hasattr(form, "cleaned_data") else None
        if self.FIELD in form.errors or not letter:
            if self.held is not None and self.request.FILES.get(self.FIELD):
                self.held.discard()  # replaced by a file that did not pass
            return None
        if self.opened is None or letter is not self.opened:
            if self.held is not None:
                self.held.discard()  # replaced by the new file
            self.held = hold_upload(letter, user=self.request.user)
        # The file input comes back empty: let it point at the notice that says why.
        field_id = form[self.FIELD].auto_id
        form.fields[self.FIELD].widget.attrs["aria-describedby"] = (
            f"{field_id}_kept {field_id}_helptext"
        )
        return self.held

    def done(self):
        if self.held is not None:
            self.held.discard()
