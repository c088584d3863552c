"""Notices to partners and staff, queued only once the change is committed."""

from django.db import transaction

from partners.tasks import send_partner_notice


def notify(notice, *, users=(), emails_to=(), **objects):
    user_ids = sorted({user.pk for user in users})
    if not user_ids and not emails_to:
        return
    object_ids = {name: obj.pk for name, obj in objects.items()}
    transaction.on_commit(
        lambda: send_partner_notice.enqueue(
            notice=notice, user_ids=user_ids, emails_to=list(emails_to), object_ids=object_ids
        )
    )
