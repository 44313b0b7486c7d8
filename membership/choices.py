"""Choices shared by the roster and the Terms of Reference policy, with translated labels.

The values are those of ``membership.policy.GROUPS``; a test keeps the two in step."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StakeholderGroup(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    TECHNICAL_ACADEMIC = "technical_academic", _("Technical and academic community")


class Region(models.TextChoices):
    """The five UN regional groups; ``NONE`` for entities without a country (an IGO)."""

    AFRICAN = "african", _("African Group")
    ASIA_PACIFIC = "asia_pacific", _("Asia-Pacific Group")
    EASTERN_EUROPEAN = "eastern_european", _("Eastern European Group")
    GRULAC = "grulac", _("Latin American and Caribbean Group (GRULAC)")
    WEOG = "weog", _("Western European and Others Group (WEOG)")
    NONE = "none", _("No region (intergovernmental organisation)")


class Gender(models.TextChoices):
    """Self-described; private (visible to the person, the chair and the Secretariat)."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "self_described", _("I describe myself another way")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")


class SeatType(models.TextChoices):
    """The values are those of ``membership.policy.SEAT_TYPES``; a test keeps the two in step."""

    REGULAR = "regular", _("Regular seat")
    FORMER_HOST = "former_host", _("Former host country")
    IGO_OBSERVER = "igo_observer", _("Intergovernmental organisation (observer)")
    CHAIR = "chair", _("Chair")
    HOST_CO_CHAIR = "host_co_chair", _("Host-country co-chair")
    EX_OFFICIO = "ex_officio", _("Ex officio")
