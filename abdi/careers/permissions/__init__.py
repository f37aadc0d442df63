"""Permissions of the careers app, one module per sub-feature; re-exported here."""

from abdi.careers.permissions.mutations import *  # noqa: F403
from abdi.careers.permissions.proposals import *  # noqa: F403
from abdi.careers.permissions.workforce import *  # noqa: F403
