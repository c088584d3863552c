from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_account_deleted_email(email, language, name):
    """Confirm a deletion to the address the account had (the account is gone by now)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"name": name, "site_name": settings.WAGTAIL_SITE_NAME}
        subject = render_to_string("portal/privacy/email/account_deleted_subject.txt", context)
        body = render_to_string("portal/privacy/email/account_deleted_message.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    send_mail(prefix + " ".join(subject.split()), body, None, [email])
