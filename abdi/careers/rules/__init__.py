"""Pure rules of the careers app (no ORM, tables passed in), one module per sub-feature:
merit selection (`selection`, its scores in `track_record`, what both share in `common`) and
career events — KP, KGB, BUP, Satyalancana, mutations (`proposals`). Public names are
re-exported so callers write `rules.<name>`."""

from abdi.careers.rules.common import *  # noqa: F403
from abdi.careers.rules.proposals import *  # noqa: F403
from abdi.careers.rules.schedule import *  # noqa: F403
from abdi.careers.rules.selection import *  # noqa: F403
from abdi.careers.rules.track_record import *  # noqa: F403
