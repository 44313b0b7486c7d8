from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    """The bodies the Secretariat serves (the MAG, the Leadership Panel, working groups,
    national and regional initiatives) and the roles people hold in each."""

    name = "membership.bodies"
    label = "bodies"
    verbose_name = _("Bodies")

    def ready(self) -> None:
        from membership.bodies import receivers
        from membership.roster import signals as roster_signals

        roster_signals.appointment_confirmed.connect(
            receivers.on_appointment_confirmed, dispatch_uid="bodies_member_role"
        )
        roster_signals.appointment_ended.connect(
            receivers.on_appointment_ended, dispatch_uid="bodies_member_role_end"
        )
        roster_signals.person_account_linked.connect(
            receivers.on_person_account_linked, dispatch_uid="bodies_member_role_linked"
        )
