from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """Checklist templates, per-appointment checklists, reminders and evidence files."""

    name = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from membership.roster import signals as roster_signals
        from membership.tor import signals as tor_signals
        from onboarding import receivers
        from onboarding.models import Checklist, ChecklistItem

        for signal in (post_save, post_delete):
            signal.connect(receivers.on_checklist_saved, sender=Checklist)
            signal.connect(receivers.on_item_saved, sender=ChecklistItem)

        roster_signals.appointment_confirmed.connect(
            receivers.on_appointment_confirmed, dispatch_uid="onboarding_checklist"
        )
        roster_signals.person_account_linked.connect(
            receivers.on_person_account_linked, dispatch_uid="onboarding_owner_rights"
        )
        tor_signals.revision_adopted.connect(
            receivers.on_revision_adopted, dispatch_uid="onboarding_tor_items"
        )
        tor_signals.revision_acknowledged.connect(
            receivers.on_revision_acknowledged, dispatch_uid="onboarding_tor_done"
        )
