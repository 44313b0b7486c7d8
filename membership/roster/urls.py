"""A body's roster (namespace ``roster``), included at ``/b/<body>/roster/``: the public roster,
the dashboard, rotation, appointments, nominations, selection, CSV."""

from django.urls import path

from membership.roster.views import appointments, dashboard, nominations, public

app_name = "roster"
urlpatterns = [
    path("", public.roster_public, name="public"),
    path("balance/", dashboard.balance_current, name="balance_current"),
    path("balance/<int:year>/", dashboard.balance_cycle, name="balance_cycle"),
    path("cycles/new/", dashboard.cycle_create, name="cycle_create"),
    path("rotation/<int:year>/", dashboard.rotation, name="rotation_plan"),
    path("<int:year>/appoint/", appointments.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/edit/", appointments.appointment_edit, name="appointment_edit"),
    path("appointments/<int:pk>/end/", appointments.appointment_end, name="appointment_end"),
    path("<int:year>/nominations/", nominations.nomination_list, name="nomination_list"),
    path(
        "<int:year>/nominations/new/",
        nominations.nomination_create,
        name="nomination_create",
    ),
    path(
        "nominations/<int:pk>/status/",
        nominations.nomination_status,
        name="nomination_status",
    ),
    path("<int:year>/selection/", dashboard.selection_review, name="selection_review"),
    path("<int:year>/selection/accept/", dashboard.selection_accept, name="selection_accept"),
    path("<int:year>/export.csv", nominations.roster_export, name="export"),
    path("<int:year>/import/", nominations.roster_import, name="import"),
]
