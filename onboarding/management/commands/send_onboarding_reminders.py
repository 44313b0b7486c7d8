"""Send the day's onboarding reminders. Run it daily (cron or a systemd timer; see README.md).
Safe to run more than once a day: nobody gets a second email the same day."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onboarding.reminders import reminders_send


class Command(BaseCommand):
    help = "Email each person their onboarding items due soon or overdue; the Secretariat a digest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="Send as if today were this date (YYYY-MM-DD); default: today."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The portal's address for links in the emails, e.g. https://mag.example.org",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must look like 2026-01-31: {error}") from error
        report = reminders_send(today=today, base_url=options["base_url"].rstrip("/"))
        self.stdout.write(
            f"{today}: {report.personal} reminder(s), {report.digests} digest(s) sent; "
            f"{report.skipped} already sent today."
        )
