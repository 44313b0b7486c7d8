"""Models of the membership app, one module per concern: the Terms of Reference (``tor``)
and the roster (``roster``)."""

from membership.models.roster import *  # noqa: F403
from membership.models.tor import *  # noqa: F403
