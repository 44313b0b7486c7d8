"""Demo accounts for ``manage.py seed_demo``. Development only: the password is public."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group, User
from django.db import transaction

from mag_portal.roles import Role, clear_role_cache

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo login, refused outside DEBUG
# A fixed TOTP secret so the demo chair and Secretariat can sign in through MFA. Add it to an
# authenticator app, or run `make totp` for the current code.
DEMO_TOTP_SECRET = "MAGPORTALDEMOTWOTOTPSECRETAAAAAA"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: Role
    mfa: bool


DEMO_ACCOUNTS = (
    DemoAccount("chair@demo.example", "Amina", "Diallo", Role.CHAIR, mfa=True),
    DemoAccount("secretariat@demo.example", "Lucas", "Moreau", Role.SECRETARIAT, mfa=True),
    DemoAccount("member@demo.example", "Sofía", "Ramírez", Role.MEMBER, mfa=False),
    DemoAccount("newmember@demo.example", "Kenji", "Tanaka", Role.MEMBER, mfa=False),
)


@transaction.atomic
def seed_accounts() -> list[tuple[DemoAccount, User, list[str]]]:
    """Create or reset the demo accounts. Returns each account with its unused recovery codes."""
    seeded = []
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(
            username=account.email, defaults={"email": account.email}
        )
        user.email = account.email
        user.first_name = account.first_name
        user.last_name = account.last_name
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=account.role.value)[0]])
        clear_role_cache(user)
        EmailAddress.objects.update_or_create(
            user=user,
            email=account.email,
            defaults={"verified": True, "primary": True},
        )
        codes: list[str] = []
        if account.mfa:
            codes = _ensure_mfa(user)
        seeded.append((account, user, codes))
    return seeded


def _ensure_mfa(user: User) -> list[str]:
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        TOTP.activate(user, DEMO_TOTP_SECRET)
    recovery = RecoveryCodes.activate(user)
    codes: list[str] = recovery.get_unused_codes()
    return codes


def current_totp_code(secret: str = DEMO_TOTP_SECRET, *, at: float | None = None) -> str:
    """The TOTP code for ``secret`` now (or at the Unix time ``at``)."""
    import time

    from allauth.mfa import app_settings

    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))
