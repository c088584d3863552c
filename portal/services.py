"""Writes of the portal's own: an account's name and language."""

from django.db import transaction
from wagtail.users.models import UserProfile

from portal.models import ConsentPurpose
from portal.privacy.services import record_consent


def admin_language_follow(*, user):
    """A language picked in the admin's own account settings gives way to
    the portal's choice, so the admin and the site never disagree."""
    UserProfile.objects.filter(user=user).exclude(preferred_language="").exclude(
        preferred_language=user.preferred_language
    ).update(preferred_language=user.preferred_language)


def user_language_set(*, user, language):
    """Remember ``language`` as the account's choice, on the site and in the admin."""
    if user.preferred_language == language:
        return
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    admin_language_follow(user=user)


def user_signup_complete(*, user, full_name, language, request=None):
    """What sign-up adds to the account allauth created: the name printed on
    letters, the language it was made in and the consent to the privacy notice,
    together."""
    with transaction.atomic():
        user.full_name = full_name.strip()
        user.preferred_language = language
        user.save(update_fields=["full_name", "preferred_language"])
        record_consent(user, ConsentPurpose.SIGNUP, request)
    return user
