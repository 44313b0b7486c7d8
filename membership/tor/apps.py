from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TorConfig(AppConfig):
    """The Terms of Reference: documents, revisions, consultation comments, acceptances."""

    name = "membership.tor"
    label = "tor"
    verbose_name = _("Terms of Reference")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from membership.tor import receivers
        from membership.tor.models import Comment, Document, Revision

        for signal in (post_save, post_delete):
            signal.connect(receivers.on_document_saved, sender=Document)
            signal.connect(receivers.on_revision_saved, sender=Revision)
            signal.connect(receivers.on_comment_saved, sender=Comment)
