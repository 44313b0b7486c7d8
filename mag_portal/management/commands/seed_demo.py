"""Load demo data. Idempotent: running it again resets the demo accounts and keeps one of each."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import import_string

from mag_portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, current_totp_code, seed_accounts

# Each app's demo data, in order, after the demo accounts. A seeder is a function
# ``seed(*, stdout)`` that is idempotent: running it twice leaves one copy of everything.
SEEDERS: tuple[str, ...] = (
    "membership.tor.demo.seed",
    "membership.roster.demo.seed",
    "onboarding.demo.seed",
    "membership.bodies.demo.seed",
)


class Command(BaseCommand):
    help = "Create the demo accounts (and, as the portal grows, demo data). Development only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even though DEBUG is off (tests use this; never do it in production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates accounts with a public password, so it runs only with DEBUG=1."
            )
        with transaction.atomic():
            seeded = seed_accounts()
            for path in SEEDERS:
                import_string(path)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account, _user, _codes in seeded:
            note = "  (two-factor: see below)" if account.mfa else ""
            self.stdout.write(f"  {account.description:<18} {account.email}{note}")
        self.stdout.write("")
        self.stdout.write("The chair and the Secretariat sign in with a one-time code:")
        self.stdout.write(f"  authenticator app secret: {DEMO_TOTP_SECRET}")
        self.stdout.write(
            f"  code right now: {current_totp_code()}  (`make totp` prints a fresh one)"
        )
        for account, _user, codes in seeded:
            if codes:
                self.stdout.write(
                    f"  recovery codes for {account.email}: {' '.join(codes[:3])} ..."
                )
