"""Membership of advisory bodies: a package of focused Django apps, as ``django.contrib`` is.

- ``membership.roster``: people, cycles, appointments, nominations, balance, rotation, selection;
- ``membership.tor``: the Terms of Reference (documents, revisions, comments, acceptances).

The modules at this level are shared by those apps and import none of them: the membership
policy (``policy``, pure Python), the countries and their UN regional groups (``countries``),
the choices with translated labels (``choices``), the policy in words (``policy_text``) and the
file helpers (``files``).
"""
