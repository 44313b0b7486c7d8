"""Print the current one-time code of the demo chair and Secretariat accounts."""

from typing import Any

from django.core.management.base import BaseCommand

from mag_portal.demo import current_totp_code


class Command(BaseCommand):
    help = "Print the current TOTP code for the demo accounts (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(current_totp_code())
