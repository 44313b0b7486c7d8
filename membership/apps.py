from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    """People, cycles, appointments, nominations, balance policy and the Terms of Reference."""

    name = "membership"
    verbose_name = _("Membership")
