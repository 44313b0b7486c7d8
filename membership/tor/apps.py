from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TorConfig(AppConfig):
    """The Terms of Reference: documents, revisions, consultation comments, acceptances."""

    name = "membership.tor"
    label = "tor"
    verbose_name = _("Terms of Reference")
