"""URLs of the Terms of Reference (namespace ``tor``), included at the root: ``/tor/``."""

from django.urls import path

from membership.tor import views

app_name = "tor"
urlpatterns = [
    path("tor/", views.tor_public, name="public"),
    path("tor/documents/new/", views.tor_document_create, name="document_create"),
    path("tor/<slug:slug>/", views.tor_document, name="document"),
    path("tor/<slug:slug>/history/", views.tor_history, name="history"),
    path("tor/<slug:slug>/compare/", views.tor_compare, name="compare"),
    path("tor/<slug:slug>/edit/", views.tor_edit, name="edit"),
    path("tor/<slug:slug>/policy/", views.tor_policy_edit, name="policy_edit"),
    path(
        "tor/<slug:slug>/acknowledgements/",
        views.tor_acknowledgements,
        name="acknowledgements",
    ),
    path("tor/<slug:slug>/r/<int:number>/", views.tor_revision, name="revision"),
    path("tor/<slug:slug>/r/<int:number>/pdf/", views.tor_revision_pdf, name="revision_pdf"),
    path(
        "tor/<slug:slug>/r/<int:number>/consultation/open/",
        views.tor_consultation_open,
        name="consultation_open",
    ),
    path(
        "tor/<slug:slug>/r/<int:number>/consultation/close/",
        views.tor_consultation_close,
        name="consultation_close",
    ),
    path("tor/<slug:slug>/r/<int:number>/adopt/", views.tor_adopt, name="adopt"),
    path("tor/<slug:slug>/r/<int:number>/withdraw/", views.tor_withdraw, name="withdraw"),
    path(
        "tor/<slug:slug>/r/<int:number>/comments/",
        views.tor_comment_create,
        name="comment_create",
    ),
    path(
        "tor/<slug:slug>/r/<int:number>/comments/<int:pk>/answer/",
        views.tor_comment_answer,
        name="comment_answer",
    ),
    path("tor/<slug:slug>/r/<int:number>/summary/", views.tor_summary, name="summary"),
    path(
        "tor/<slug:slug>/r/<int:number>/summary.csv",
        views.tor_summary_csv,
        name="summary_csv",
    ),
    path(
        "tor/<slug:slug>/r/<int:number>/acknowledge/",
        views.tor_acknowledge,
        name="acknowledge",
    ),
]
