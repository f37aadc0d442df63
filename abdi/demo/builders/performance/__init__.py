"""The SKP cycle of the demo province: the current year opened quarterly, the
organisational predikat of every unit for the past periods and the year, the year's SKP for most
employees in every state (draft, submitted, returned, approved), cascaded along the position tree
from the top (the Sekda writes from the performance agreement, each level below supports its
appraiser's RHK), indicators with targets, the 7 BerAKHLAK expectations, activities with evidence
links, realisations per quarter, feedback, and evaluations of the past quarters with a realistic
predikat distribution (some released or acknowledged, one objection).

The year is opened through the service; everything else is written in bulk (the services work row
by row and derive the appraiser with a few queries each). The appraiser and the appraiser's
superior are derived here the way `services.planning.derive_chain` does (acting officials first, vacant
positions passed over) from three queries, and the tests check that both agree for every SKP.
Employees without a login of their own (most of the demo province) are recorded as entered by
the BKPSDM admin, the way an operator keys in data for staff without an account.

Everything is drawn from a Random of its own, so the same seed gives the same SKPs and the rest of
the province does not change with this module.
"""

from abdi.demo.builders.performance.builder import Builder, seed_performance, summary
from abdi.demo.builders.performance.common import PerformanceStats

__all__ = ["Builder", "PerformanceStats", "seed_performance", "summary"]
