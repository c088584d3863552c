from wagtail import hooks

from partners.events import integrations
from partners.events.proposal_admin import EventProposalViewSet
from partners.events.registration_admin import RegistrationSetupViewSet
from partners.events.viewsets import EventViewSet
from portal import extensions


@hooks.register("register_admin_viewset")
def register_event_viewset():
    return EventViewSet("shared_events", url_prefix="acara-bersama")


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationSetupViewSet("event_registrations", url_prefix="pendaftaran-acara")


@hooks.register("register_admin_viewset")
def register_proposal_viewset():
    return EventProposalViewSet("event_proposals", url_prefix="usulan-acara")


extensions.register_integrations(integrations)
