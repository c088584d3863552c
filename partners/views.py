import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from partners import selectors, services
from partners.evidence import follow_up_evidence_response
from partners.forms import (
    DirectoryFilterForm,
    FollowUpUpdateForm,
    InstitutionProfileForm,
    InvitationForm,
    JoinInstitutionForm,
    RegisterInstitutionForm,
)
from partners.models import FollowUp, Membership
from portal import audit, extensions, page_cache
from portal.ratelimit import hit_user_and_ip
from portal.uploads import private_file_response

DIRECTORY_PER_PAGE = 24
# What a member typed in a refused follow-up update, shown again once.
FOLLOW_UP_DRAFTS = "partners-follow-up-drafts"
INVITATION_SESSION_KEY = "partners_invitation_token"

# Each of these mails someone (staff, coordinators, any address typed in):
# limited per user and, looser for colleagues behind one campus address, per IP.
REGISTER_RATES = {"user_rate": "3/h", "ip_rate": "10/h"}
JOIN_RATES = {"user_rate": "5/h", "ip_rate": "20/h"}
INVITE_RATES = {"user_rate": "10/h", "ip_rate": "30/h"}
TOO_MANY_REGISTRATIONS = gettext_lazy(
    "You have registered several institutions in a short time. Please try again later."
)
TOO_MANY_JOINS = gettext_lazy(
    "You have asked to join institutions several times in a short time. Please try again later."
)
TOO_MANY_INVITATIONS = gettext_lazy(
    "You have sent many invitations in a short time. No invitation was sent; "
    "please try again later."
)


def _page_or_404(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("There is no such page.")) from None


@require_safe
def directory(request):
    """Public list of verified partner institutions with filters and search."""
    form = DirectoryFilterForm(request.GET)
    status = 200
    if form.is_valid():
        filters = form.filters()
    else:
        status = 400
        filters = {}
        messages.error(request, _("Some filters were not understood; showing all partners."))
    page = _page_or_404(request, selectors.institutions_directory(**filters), DIRECTORY_PER_PAGE)
    active = {key: value for key, value in filters.items() if value}
    query_prefix = urlencode(
        {
            "q": active.get("query", ""),
            **{key: active[key] for key in ("kind", "province") if key in active},
        }
    )
    return render(
        request,
        "partners/directory.html",
        {
            "form": form,
            "page_obj": page,
            "institutions": page.object_list,
            "is_filtered": bool(active),
            "query_prefix": query_prefix + "&",
            # The cards (and their reads) once per page, choice of filters and
            # language, until a partner or an image changes (portal.page_cache).
            "cards_cache_key": (
                f"{translation.get_language()}:{query_prefix}:{page.number}:"
                f"{page_cache.stamp(('partners', 'media'))}"
            ),
        },
        status=status,
    )


@require_safe
def partner_detail(request, slug):
    """A partner's public page: profile, agreements in force (never documents),
    and what other apps add (events, news, completed visits)."""
    institution = selectors.institution_public_get(slug=slug)
    if institution is None:
        raise Http404(_("There is no such partner."))
    context = {
        "institution": institution,
        "agreements": selectors.agreements_in_force_for_institution(institution=institution),
        "sections": extensions.partner_page_sections(institution=institution, request=request),
    }
    return render(request, "partners/partner_detail.html", context)


class InstitutionArchived(PermissionDenied):
    """The user's institution is archived: its pages are closed to members."""

    def __init__(self, institution):
        super().__init__()
        self.institution = institution


def _archived_response(request, institution, *, status):
    return render(
        request,
        "partners/institution_archived.html",
        {"institution": institution},
        status=status,
    )


def _dashboard_membership_or_404(request, slug):
    """The user's active membership of the institution ``slug``; an archived
    institution raises InstitutionArchived, anything else is a 404."""
    membership = selectors.membership_for_dashboard(user=request.user, slug=slug)
    if membership is None:
        archived = selectors.archived_institution_for_user(user=request.user, slug=slug)
        if archived is not None:
            raise InstitutionArchived(archived)
        raise Http404(_("You are not an active member of this institution."))
    return membership


def _explain_archived(view):
    """Answer InstitutionArchived with a page that says so (403), not a bare error."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except InstitutionArchived as archived:
            return _archived_response(request, archived.institution, status=403)

    return wrapped


@login_required
@never_cache
@require_safe
def dashboard(request):
    """ "Institusi saya": the first institution the user belongs to, or onboarding."""
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    if token:
        return redirect("partners:invitation-accept", token=token)
    membership = selectors.membership_for_dashboard(user=request.user)
    if membership is None:
        archived = selectors.archived_institution_for_user(user=request.user)
        if archived is not None:
            return _archived_response(request, archived, status=200)
        return redirect("partners:onboarding")
    return redirect("partners:dashboard-institution", slug=membership.institution.slug)


@login_required
@never_cache
@require_safe
@_explain_archived
def dashboard_institution(request, slug):
    membership = _dashboard_membership_or_404(request, slug)
    institution = membership.institution
    is_coordinator = membership.role == Membership.Role.COORDINATOR
    drafts = request.session.pop(FOLLOW_UP_DRAFTS, None)
    language = translation.get_language()

    def lazy(build):
        # Read only when the kept copy of the page's body is stale or
        # missing ({% private_fragment %} in the template).
        return SimpleLazyObject(build)

    context = {
        "membership": membership,
        "institution": institution,
        "is_coordinator": is_coordinator,
        # The body is kept until a record of the partners app or an image
        # changes; not while showing what the user typed in a refused update.
        "body_fragment": "" if drafts else "partner-dashboard",
        "today": timezone.localdate(),
        "memberships": lazy(lambda: list(selectors.memberships_for_user(user=request.user))),
        "members": lazy(lambda: list(selectors.institution_members(institution=institution))),
        # Kept until a record of the partners app changes (portal.page_cache).
        "agreements": lazy(
            lambda: page_cache.cached_fragment(
                f"institution-agreements:{institution.pk}",
                ("partners",),
                lambda: selectors.institution_agreement_chains(institution=institution),
            )
        ),
        "drafts": lazy(lambda: list(selectors.drafts_under_discussion(institution=institution))),
        "follow_ups": lazy(
            lambda: _with_drafts(
                drafts, list(selectors.institution_follow_ups(institution=institution))
            )
        ),
        "follow_up_statuses": FollowUp.Status.choices,
        # The apps' sections are rendered once a minute at most and until what
        # they show changes (the template's {% cache %} under this key).
        "sections": lazy(
            lambda: extensions.dashboard_sections(institution=institution, user=request.user)
        ),
        "sections_cache_key": (
            f"{institution.pk}:{request.user.pk}:{language}:{page_cache.stamp(page_cache.TAGS)}"
        ),
    }
    if is_coordinator:
        context["pending_change"] = lazy(
            lambda: selectors.institution_pending_change(institution=institution)
        )
        context["invitation_form"] = InvitationForm()
        context["invitations"] = lazy(
            lambda: list(selectors.institution_open_invitations(institution=institution))
        )
    return render(request, "partners/dashboard.html", context)


def _join(request, form):
    """Send a valid join request. Returns the status to show the form with
    again, or None once it is sent."""
    if hit_user_and_ip(request, "partners_join", **JOIN_RATES):
        form.add_error(None, TOO_MANY_JOINS)
        return 429
    try:
        services.membership_request(
            user=request.user,
            institution=form.cleaned_data["institution"],
            job_title=form.cleaned_data["job_title"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return 400
    messages.success(
        request, _("Your request has been sent. You will get an e-mail once it is approved.")
    )
    return None


def _register(request, form):
    """Register a valid new institution; returns like ``_join``."""
    if hit_user_and_ip(request, "partners_register", **REGISTER_RATES):
        form.add_error(None, TOO_MANY_REGISTRATIONS)
        return 429
    data = dict(form.cleaned_data)
    job_title = data.pop("job_title")
    try:
        services.institution_register(user=request.user, job_title=job_title, **data)
    except ValidationError as error:
        form.add_error(None, error)
        return 400
    messages.success(
        request,
        _(
            "Thank you. Our cooperation staff will verify the institution; "
            "you will get an e-mail and become its coordinator."
        ),
    )
    return None


@login_required
@never_cache
def onboarding(request):
    """After sign-up: join an existing institution or register a new one."""
    join_form = JoinInstitutionForm(prefix="join")
    register_form = RegisterInstitutionForm(prefix="register")
    status = 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("action")
        if action == "join":
            join_form = JoinInstitutionForm(request.POST, prefix="join")
            if join_form.is_valid():
                status = _join(request, join_form)
        elif action == "register":
            register_form = RegisterInstitutionForm(request.POST, prefix="register")
            if register_form.is_valid():
                status = _register(request, register_form)
        else:
            messages.error(request, _("Choose whether to join or to register an institution."))
        if status is None:
            return redirect("partners:onboarding")
    return render(
        request,
        "partners/onboarding.html",
        {
            "join_form": join_form,
            "register_form": register_form,
            "memberships": list(selectors.memberships_for_user(user=request.user)),
        },
        status=status,
    )


@login_required
@require_POST
@_explain_archived
def member_decide(request, slug, pk, action):
    """A coordinator (or staff) approves, declines or revokes a membership."""
    membership = _dashboard_membership_or_404(request, slug)
    if membership.role != Membership.Role.COORDINATOR:
        raise PermissionDenied
    target = selectors.institution_membership_get(institution=membership.institution, pk=pk)
    if target is None:
        raise Http404
    handlers = {
        "approve": (services.membership_approve, _("%(name)s is now a member.")),
        "decline": (services.membership_decline, _("The request of %(name)s was declined.")),
        "revoke": (services.membership_revoke, _("%(name)s is no longer a member.")),
    }
    if action not in handlers:
        raise Http404
    handler, done = handlers[action]
    try:
        handler(membership=target, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done % {"name": target.user.get_full_name()})
    return redirect("partners:dashboard-institution", slug=slug)


@login_required
@never_cache
@_explain_archived
def profile_edit(request, slug):
    """A coordinator edits the institution's public profile; a new name or
    legal data waits for staff verification."""
    membership = _dashboard_membership_or_404(request, slug)
    institution = membership.institution
    if not services.can_edit_profile(user=request.user, institution=institution):
        raise PermissionDenied
    pending = selectors.institution_pending_change(institution=institution)
    initial = {}
    if pending is not None:
        initial = {"name": pending.name, "short_name": pending.short_name, "kind": pending.kind}
    status = 200
    if request.method == "POST":
        form = InstitutionProfileForm(
            request.POST, request.FILES, instance=selectors.institution_for_staff(pk=institution.pk)
        )
        if form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if key != "logo"}
            try:
                change = services.institution_profile_update(
                    institution=institution,
                    by=request.user,
                    data=data,
                    logo=form.cleaned_data.get("logo"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The profile has been saved."))
                if change is not None:
                    messages.info(
                        request,
                        _(
                            "The new name or legal data will be shown once our "
                            "cooperation staff have verified it."
                        ),
                    )
                return redirect("partners:dashboard-institution", slug=slug)
        status = 400
    else:
        form = InstitutionProfileForm(instance=institution, initial=initial)
    return render(
        request,
        "partners/profile_edit.html",
        {"form": form, "institution": institution, "pending": pending},
        status=status,
    )


@login_required
@require_safe
@_explain_archived
def follow_up_evidence(request, slug, pk):
    """The evidence file of one of the institution's follow-up actions, for
    its active members only (404 for anyone else)."""
    membership = _dashboard_membership_or_404(request, slug)
    follow_up = selectors.institution_follow_up_get(institution=membership.institution, pk=pk)
    if follow_up is None or not follow_up.evidence_file:
        raise Http404
    audit.record(request.user, "follow_up_evidence.download", target=follow_up, request=request)
    return follow_up_evidence_response(follow_up)


@login_required
@require_POST
@_explain_archived
def follow_up_update(request, slug, pk):
    """An active member updates one of the institution's own follow-up actions.
    A refused update keeps what was typed (the file must be chosen again):
    the dashboard shows it in the action's open form."""
    membership = _dashboard_membership_or_404(request, slug)
    follow_up = selectors.institution_follow_up_get(institution=membership.institution, pk=pk)
    if follow_up is None:
        raise Http404
    form = FollowUpUpdateForm(request.POST, request.FILES)
    refused = []
    if not form.is_valid():
        refused = [text for errors in form.errors.values() for text in errors]
    else:
        try:
            services.follow_up_update(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refused = error.messages
    if refused:
        for text in refused:
            messages.error(request, text)
        request.session[FOLLOW_UP_DRAFTS] = {
            str(follow_up.pk): {
                key: request.POST.get(key, "")[:2000] for key in ("status", "evidence_url", "note")
            }
        }
    else:
        messages.success(request, _("“%(title)s” has been updated.") % {"title": follow_up.title})
    return redirect(
        reverse("partners:dashboard-institution", args=[slug]) + f"#follow-up-{follow_up.pk}"
    )


def _with_drafts(drafts, follow_ups):
    """The follow-ups, each with ``draft``: what was typed in its refused
    update (``drafts``, taken from the session once), or None."""
    drafts = drafts or {}
    for follow_up in follow_ups:
        follow_up.draft = drafts.get(str(follow_up.pk))
    return follow_ups


@login_required
@require_POST
@_explain_archived
def invitation_create(request, slug):
    membership = _dashboard_membership_or_404(request, slug)
    if membership.role != Membership.Role.COORDINATOR:
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid() and hit_user_and_ip(request, "partners_invite", **INVITE_RATES):
        messages.error(request, TOO_MANY_INVITATIONS)
    elif form.is_valid():
        try:
            services.invitation_create(
                institution=membership.institution,
                email=form.cleaned_data["email"],
                by=request.user,
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % form.cleaned_data,
            )
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("partners:dashboard-institution", slug=slug)


@never_cache
def invitation_accept(request, token):
    """Open an invitation; after sign-up or sign-in, accepting joins the institution."""
    try:
        invitation = services.invitation_from_token(token)
    except ValidationError as error:
        return render(request, "partners/invitation.html", {"error": error.messages[0]}, status=400)
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
        return render(
            request,
            "partners/invitation.html",
            {
                "invitation": invitation,
                "next": reverse("partners:invitation-accept", args=[token]),
            },
        )
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            return render(
                request,
                "partners/invitation.html",
                {"invitation": invitation, "error": error.messages[0]},
                status=400,
            )
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request,
            _("Welcome to %(institution)s.") % {"institution": membership.institution},
        )
        return redirect("partners:dashboard-institution", slug=membership.institution.slug)
    return render(request, "partners/invitation.html", {"invitation": invitation})


@login_required
@require_safe
def document_download(request, pk):
    """A signed agreement, for staff and active members of a party institution only."""
    document = selectors.agreement_document_for_user(user=request.user, document_id=pk)
    if document is None:
        raise Http404(_("There is no such document."))
    audit.record(
        request.user,
        "agreement_document.download",
        target=document,
        request=request,
        agreement=document.agreement_id,
    )
    return private_file_response(document.file, download_name=document.download_name)
