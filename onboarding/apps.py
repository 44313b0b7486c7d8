from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """Checklist templates, per-appointment checklists, reminders and evidence files."""

    name = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self) -> None:
        from membership import signals
        from onboarding import receivers

        signals.appointment_confirmed.connect(
            receivers.on_appointment_confirmed, dispatch_uid="onboarding_checklist"
        )
        signals.revision_adopted.connect(
            receivers.on_revision_adopted, dispatch_uid="onboarding_tor_items"
        )
        signals.revision_acknowledged.connect(
            receivers.on_revision_acknowledged, dispatch_uid="onboarding_tor_done"
        )
