from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo.site import DEMO_PASSWORD, DEMO_USERS, build_users
from portal.demo.steps import run_demo_steps
from portal.models import HomePage, User


class Command(BaseCommand):
    help = (
        "Build the demo site: the host's pages in Indonesian and English and one "
        "account per role. Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a real site: the passwords are public).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has a home page.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo data has well-known passwords; it is loaded only with DEBUG on or --force."
            )
        if options["if_empty"] and HomePage.objects.exists():
            self.stdout.write("The site already has content; demo data left as it is.")
        else:
            with transaction.atomic():
                run_demo_steps(users=build_users())
            self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.print_accounts()

    def print_accounts(self):
        present = set(
            User.objects.filter(email__in=[user[0] for user in DEMO_USERS]).values_list(
                "email", flat=True
            )
        )
        if not present:
            return
        self.stdout.write("")
        self.stdout.write("Demo accounts (local use only), password for all: " + DEMO_PASSWORD)
        for email, _name, _group, _superuser, role in DEMO_USERS:
            if email in present:
                self.stdout.write(f"  {role:<40} {email}")
