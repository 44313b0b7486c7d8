"""A body's onboarding (namespace ``onboarding``), included at ``/b/<body>/onboarding/``:
checklists and their items, evidence, the board, templates."""

from django.urls import path

from onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("checklists/<int:pk>/", views.checklist_detail, name="checklist_detail"),
    path("checklists/<int:pk>/buddy/", views.buddy_assign, name="buddy_assign"),
    path("items/<int:pk>/complete/", views.item_complete, name="item_complete"),
    path("items/<int:pk>/undo/", views.item_undo, name="item_undo"),
    path("items/<int:pk>/accept-tor/", views.item_accept_tor, name="item_accept_tor"),
    path("items/<int:pk>/waive/", views.item_waive, name="item_waive"),
    path("items/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("board/", views.board, name="board"),
    path("board.csv", views.board_csv, name="board_csv"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("template-items/<int:pk>/", views.template_item_edit, name="template_item_edit"),
]
