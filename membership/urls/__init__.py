"""URLs of the membership app: the Terms of Reference and the roster. Public pages live at
the top level (``/tor/``, ``/roster/``), so this is included at the root."""

from membership.urls import roster, tor

app_name = "membership"
urlpatterns = [*tor.urlpatterns, *roster.urlpatterns]
