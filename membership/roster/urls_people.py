"""People (namespace ``people``), at ``/people/``: a person is one record across bodies and
years; their page shows every appointment."""

from django.urls import path

from membership.roster.views import people

app_name = "people"
urlpatterns = [
    path("", people.person_list, name="list"),
    path("new/", people.person_create, name="create"),
    path("me/", people.my_profile, name="me"),
    path("<int:pk>/", people.person_detail, name="detail"),
    path("<int:pk>/edit/", people.person_edit, name="edit"),
    path("<int:pk>/photo/", people.person_photo, name="photo"),
]
