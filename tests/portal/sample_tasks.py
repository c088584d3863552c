from django.core import mail
from django_tasks import task


@task()
def send_note(to):
    mail.send_mail("Catatan", "Isi catatan.", None, [to])
    return to
