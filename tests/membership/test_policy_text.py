"""The translated policy description says what ``MembershipPolicy.describe`` says."""

from __future__ import annotations

from django.utils import translation

from membership.policy import default_policy
from membership.policy_text import describe_policy


def test_english_description_matches_the_policy_modules():
    policy = default_policy()
    with translation.override("en"):
        assert describe_policy(policy) == policy.describe()
