"""Roster URLs (namespace ``roster``, included at the root: the public roster is at
``/roster/``)."""

from django.urls import path

from membership.roster import views

app_name = "roster"
urlpatterns = [
    path("roster/", views.roster_public, name="public"),
    path("roster/balance/", views.balance_current, name="balance_current"),
    path("roster/balance/<int:year>/", views.balance_cycle, name="balance_cycle"),
    path("roster/cycles/new/", views.cycle_create, name="cycle_create"),
    path("roster/rotation/<int:year>/", views.rotation, name="rotation_plan"),
    path("roster/people/", views.person_list, name="person_list"),
    path("roster/people/new/", views.person_create, name="person_create"),
    path("roster/people/me/", views.my_profile, name="my_profile"),
    path("roster/people/<int:pk>/", views.person_detail, name="person_detail"),
    path("roster/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("roster/people/<int:pk>/photo/", views.person_photo, name="person_photo"),
    path("roster/<int:year>/appoint/", views.appointment_create, name="appointment_create"),
    path("roster/appointments/<int:pk>/edit/", views.appointment_edit, name="appointment_edit"),
    path("roster/appointments/<int:pk>/end/", views.appointment_end, name="appointment_end"),
    path("roster/<int:year>/nominations/", views.nomination_list, name="nomination_list"),
    path("roster/<int:year>/nominations/new/", views.nomination_create, name="nomination_create"),
    path("roster/nominations/<int:pk>/status/", views.nomination_status, name="nomination_status"),
    path("roster/<int:year>/selection/", views.selection_review, name="selection_review"),
    path("roster/<int:year>/selection/accept/", views.selection_accept, name="selection_accept"),
    path("roster/<int:year>/export.csv", views.roster_export, name="export"),
    path("roster/<int:year>/import/", views.roster_import, name="import"),
]
