"""Each person's calendar of due dates across every body (namespace ``calendar``), at
``/onboarding/calendar/``: the address of a subscribed feed never changes."""

from django.urls import path

from onboarding import views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar_settings, name="settings"),
    path("<str:token>.ics", views.calendar_feed, name="feed"),
]
