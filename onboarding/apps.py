from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """Checklist templates, per-appointment checklists, reminders and evidence files."""

    name = "onboarding"
    verbose_name = _("Onboarding")
