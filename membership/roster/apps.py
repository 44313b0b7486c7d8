from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    """People, cycles, appointments, nominations; balance, rotation planning, selection."""

    name = "membership.roster"
    label = "roster"
    verbose_name = _("Roster")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from membership.roster import receivers
        from membership.roster.models import Appointment, Cycle, Person

        for signal in (post_save, post_delete):
            signal.connect(receivers.on_appointment_saved, sender=Appointment)
            signal.connect(receivers.on_cycle_saved, sender=Cycle)
            signal.connect(receivers.on_person_saved, sender=Person)
