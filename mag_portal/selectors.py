"""Reads of the portal's own: the state of a user's account (roles, two-factor, email)."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User

from mag_portal.roles import Role, user_roles


@dataclass(frozen=True)
class AccountState:
    roles: list[Role]
    has_totp: bool
    email_verified: bool


def account_state(user: User) -> AccountState:
    """What the account card on a home page says: the roles, and whether two-factor
    authentication is on and the primary email verified."""
    return AccountState(
        roles=sorted(user_roles(user), key=lambda r: r.label),
        has_totp=Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        email_verified=EmailAddress.objects.filter(user=user, primary=True, verified=True).exists(),
    )
