"""Reads of the Terms of Reference."""

from __future__ import annotations

from membership.policy import MembershipPolicy, default_policy


def policy_in_force() -> MembershipPolicy:
    """The membership policy of the adopted ToR revision in force; until one is adopted, the
    default policy of DOMAIN.md. The roster is checked against this, and only this."""
    return default_policy()
