from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MagPortalConfig(AppConfig):
    """Project-wide pieces: roles (groups created by a data migration), base views, demo data."""

    name = "mag_portal"
    verbose_name = _("MAG Portal")
