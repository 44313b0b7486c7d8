"""URLs of the Terms of Reference (namespace ``membership``)."""

from django.urls import path

from membership.views import tor as views

urlpatterns = [
    path("tor/", views.tor_public, name="tor_public"),
    path("tor/documents/new/", views.tor_document_create, name="tor_document_create"),
    path("tor/<slug:slug>/", views.tor_document, name="tor_document"),
    path("tor/<slug:slug>/history/", views.tor_history, name="tor_history"),
    path("tor/<slug:slug>/compare/", views.tor_compare, name="tor_compare"),
    path("tor/<slug:slug>/edit/", views.tor_edit, name="tor_edit"),
    path("tor/<slug:slug>/policy/", views.tor_policy_edit, name="tor_policy_edit"),
    path(
        "tor/<slug:slug>/acknowledgements/",
        views.tor_acknowledgements,
        name="tor_acknowledgements",
    ),
    path("tor/<slug:slug>/r/<int:number>/", views.tor_revision, name="tor_revision"),
    path("tor/<slug:slug>/r/<int:number>/pdf/", views.tor_revision_pdf, name="tor_revision_pdf"),
    path(
        "tor/<slug:slug>/r/<int:number>/consultation/open/",
        views.tor_consultation_open,
        name="tor_consultation_open",
    ),
    path(
        "tor/<slug:slug>/r/<int:number>/consultation/close/",
        views.tor_consultation_close,
        name="tor_consultation_close",
    ),
    path("tor/<slug:slug>/r/<int:number>/adopt/", views.tor_adopt, name="tor_adopt"),
    path("tor/<slug:slug>/r/<int:number>/withdraw/", views.tor_withdraw, name="tor_withdraw"),
    path(
        "tor/<slug:slug>/r/<int:number>/comments/",
        views.tor_comment_create,
        name="tor_comment_create",
    ),
    path(
        "tor/<slug:slug>/r/<int:number>/comments/<int:pk>/answer/",
        views.tor_comment_answer,
        name="tor_comment_answer",
    ),
    path("tor/<slug:slug>/r/<int:number>/summary/", views.tor_summary, name="tor_summary"),
    path(
        "tor/<slug:slug>/r/<int:number>/summary.csv",
        views.tor_summary_csv,
        name="tor_summary_csv",
    ),
    path(
        "tor/<slug:slug>/r/<int:number>/acknowledge/",
        views.tor_acknowledge,
        name="tor_acknowledge",
    ),
]
