from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    """People, cycles, appointments, nominations; balance, rotation planning, selection."""

    name = "membership.roster"
    label = "roster"
    verbose_name = _("Roster")
