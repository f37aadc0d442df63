"""Reads of the careers app, one module per sub-feature; re-exported here."""

from abdi.careers.selectors.due import *  # noqa: F403
from abdi.careers.selectors.mutations import *  # noqa: F403
from abdi.careers.selectors.proposals import *  # noqa: F403
from abdi.careers.selectors.workforce import *  # noqa: F403
