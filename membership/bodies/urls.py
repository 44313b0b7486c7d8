"""Bodies (namespace ``bodies``), at ``/b/``: the public directory, a body's page, its
management and its roles; the Secretariat's overview of every body."""

from django.urls import path

from membership.bodies import views

app_name = "bodies"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.body_create, name="create"),
    path("overview/", views.overview, name="overview"),
    path("<slug:body>/", views.detail, name="detail"),
    path("<slug:body>/edit/", views.body_edit, name="edit"),
    path("<slug:body>/roles/", views.roles, name="roles"),
    path("<slug:body>/roles/<int:pk>/end/", views.role_end, name="role_end"),
]
