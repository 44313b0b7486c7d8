from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from mag_portal import views

# The admin logs in through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("MAG Portal administration")
admin.site.site_title = _("MAG Portal")

urlpatterns = [
    path("", views.home, name="home"),
    path("chair/", views.chair_home, name="chair_home"),
    path("secretariat/", views.secretariat_home, name="secretariat_home"),
    path("member/", views.member_home, name="member_home"),
    path("b/", include("membership.bodies.urls")),
    path("b/<slug:body>/tor/", include("membership.tor.urls")),
    path("b/<slug:body>/roster/", include("membership.roster.urls")),
    path("b/<slug:body>/onboarding/", include("onboarding.urls")),
    path("people/", include("membership.roster.urls_people")),
    path("onboarding/calendar/", include("onboarding.urls_calendar")),
    # Addresses from before bodies: they lead to the same page of the default body (the MAG).
    re_path(r"^(?P<area>tor|roster|onboarding)/(?P<rest>.*)$", views.legacy_redirect),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
]
