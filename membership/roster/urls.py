"""Roster URLs (namespace ``roster``, included at the root: the public roster is at
``/roster/``)."""

from django.urls import path

from membership.roster.views import appointments, dashboard, nominations, people, public

app_name = "roster"
urlpatterns = [
    path("roster/", public.roster_public, name="public"),
    path("roster/balance/", dashboard.balance_current, name="balance_current"),
    path("roster/balance/<int:year>/", dashboard.balance_cycle, name="balance_cycle"),
    path("roster/cycles/new/", dashboard.cycle_create, name="cycle_create"),
    path("roster/rotation/<int:year>/", dashboard.rotation, name="rotation_plan"),
    path("roster/people/", people.person_list, name="person_list"),
    path("roster/people/new/", people.person_create, name="person_create"),
    path("roster/people/me/", people.my_profile, name="my_profile"),
    path("roster/people/<int:pk>/", people.person_detail, name="person_detail"),
    path("roster/people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("roster/people/<int:pk>/photo/", people.person_photo, name="person_photo"),
    path("roster/<int:year>/appoint/", appointments.appointment_create, name="appointment_create"),
    path(
        "roster/appointments/<int:pk>/edit/", appointments.appointment_edit, name="appointment_edit"
    ),
    path("roster/appointments/<int:pk>/end/", appointments.appointment_end, name="appointment_end"),
    path("roster/<int:year>/nominations/", nominations.nomination_list, name="nomination_list"),
    path(
        "roster/<int:year>/nominations/new/",
        nominations.nomination_create,
        name="nomination_create",
    ),
    path(
        "roster/nominations/<int:pk>/status/",
        nominations.nomination_status,
        name="nomination_status",
    ),
    path("roster/<int:year>/selection/", dashboard.selection_review, name="selection_review"),
    path(
        "roster/<int:year>/selection/accept/", dashboard.selection_accept, name="selection_accept"
    ),
    path("roster/<int:year>/export.csv", nominations.roster_export, name="export"),
    path("roster/<int:year>/import/", nominations.roster_import, name="import"),
]
