from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from partners import integrations
from partners.admin.menu import PartnersViewSetGroup
from portal import extensions


@hooks.register("register_admin_viewset")
def register_partners_viewsets():
    return PartnersViewSetGroup()


@hooks.register("register_log_actions")
def register_partners_log_actions(actions):
    """The history entries written by partners.services (and the admin actions)."""
    actions.register_action("partners.verify", _("Verify"), _("Verified"))
    actions.register_action("partners.archive", _("Archive"), _("Archived"))
    actions.register_action("partners.restore", _("Restore"), _("Restored"))
    actions.register_action("partners.approve", _("Approve membership"), _("Membership approved"))
    actions.register_action("partners.profile", _("Edit profile"), _("Profile edited"))
    actions.register_action(
        "partners.change_approve", _("Approve change of name"), _("Change of name approved")
    )
    actions.register_action(
        "partners.change_decline", _("Decline change of name"), _("Change of name declined")
    )
    actions.register_action("partners.renew", _("Renew"), _("Renewal drafted"))
    actions.register_action("partners.draft_share", _("Share draft"), _("Draft shared"))
    actions.register_action("partners.draft_version", _("Upload version"), _("Version uploaded"))
    actions.register_action("partners.draft_comment", _("Comment on draft"), _("Draft commented"))
    actions.register_action("partners.draft_agree", _("Agree to version"), _("Version agreed to"))
    actions.register_action("partners.decline", _("Decline membership"), _("Membership declined"))


extensions.register_integrations(integrations)
