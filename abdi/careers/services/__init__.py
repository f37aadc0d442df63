"""Writes of the careers app, one module per sub-feature; re-exported here."""

from abdi.careers.services.mutations import *  # noqa: F403
from abdi.careers.services.proposals import *  # noqa: F403
