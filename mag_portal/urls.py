from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
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
    path("", include("membership.tor.urls")),
    path("", include("membership.roster.urls")),
    path("onboarding/", include("onboarding.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
]
