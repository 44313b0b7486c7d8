"""Demo accounts for ``manage.py seed_demo``. Development only: the password is public."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group, User
from django.db import transaction

from mag_portal.roles import GLOBAL_ROLES, Role, clear_role_cache

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
    body: str = "mag"  # the body the role is held in (the IGF Secretariat's is global)

    @property
    def description(self) -> str:
        if self.role in GLOBAL_ROLES:
            return "IGF Secretariat"
        return f"{self.role.value} of {self.body.upper()}"


DEMO_ACCOUNTS = (
    DemoAccount("chair@demo.example", "Amina", "Diallo", Role.CHAIR, mfa=True),
    DemoAccount("secretariat@demo.example", "Lucas", "Moreau", Role.SECRETARIAT, mfa=True),
    DemoAccount("member@demo.example", "Sofía", "Ramírez", Role.MEMBER, mfa=False),
    DemoAccount("newmember@demo.example", "Kenji", "Tanaka", Role.MEMBER, mfa=False),
    DemoAccount("panel.chair@demo.example", "Ingrid", "Larsen", Role.CHAIR, mfa=True, body="lp"),
    DemoAccount(
        "coordinator@demo.example", "Wanjiru", "Mwangi", Role.SECRETARIAT, mfa=True, body="kigf"
    ),
)


@transaction.atomic
def seed_accounts() -> list[tuple[DemoAccount, User, list[str]]]:
    """Create or reset the demo accounts. Returns each account with its unused recovery codes."""
    from membership.bodies.demo import seed_bodies
    from membership.bodies.models import Body
    from membership.bodies.services import body_role_grant

    bodies = {body.slug: body for body in seed_bodies()}
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
        is_global = account.role in GLOBAL_ROLES and account.body == "mag"
        user.groups.set(
            [Group.objects.get_or_create(name=account.role.value)[0]] if is_global else []
        )
        if not is_global:
            body: Body = bodies[account.body]
            body_role_grant(actor=None, body=body, user=user, role=account.role)
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
