"""A body's Terms of Reference (namespace ``tor``), included at ``/b/<body>/tor/``."""

from django.urls import path

from membership.tor.views import consultation, editing, reading

app_name = "tor"
urlpatterns = [
    path("", reading.tor_public, name="public"),
    path("documents/new/", editing.tor_document_create, name="document_create"),
    path("<slug:slug>/", reading.tor_document, name="document"),
    path("<slug:slug>/history/", reading.tor_history, name="history"),
    path("<slug:slug>/compare/", reading.tor_compare, name="compare"),
    path("<slug:slug>/edit/", editing.tor_edit, name="edit"),
    path("<slug:slug>/policy/", editing.tor_policy_edit, name="policy_edit"),
    path(
        "<slug:slug>/acknowledgements/",
        consultation.tor_acknowledgements,
        name="acknowledgements",
    ),
    path("<slug:slug>/r/<int:number>/", reading.tor_revision, name="revision"),
    path("<slug:slug>/r/<int:number>/pdf/", reading.tor_revision_pdf, name="revision_pdf"),
    path(
        "<slug:slug>/r/<int:number>/consultation/open/",
        editing.tor_consultation_open,
        name="consultation_open",
    ),
    path(
        "<slug:slug>/r/<int:number>/consultation/close/",
        editing.tor_consultation_close,
        name="consultation_close",
    ),
    path("<slug:slug>/r/<int:number>/adopt/", editing.tor_adopt, name="adopt"),
    path("<slug:slug>/r/<int:number>/withdraw/", editing.tor_withdraw, name="withdraw"),
    path(
        "<slug:slug>/r/<int:number>/comments/",
        consultation.tor_comment_create,
        name="comment_create",
    ),
    path(
        "<slug:slug>/r/<int:number>/comments/<int:pk>/answer/",
        consultation.tor_comment_answer,
        name="comment_answer",
    ),
    path("<slug:slug>/r/<int:number>/summary/", consultation.tor_summary, name="summary"),
    path(
        "<slug:slug>/r/<int:number>/summary.csv",
        consultation.tor_summary_csv,
        name="summary_csv",
    ),
    path(
        "<slug:slug>/r/<int:number>/acknowledge/",
        consultation.tor_acknowledge,
        name="acknowledge",
    ),
]
