"""The public voice of the demo province: the service catalogue of the public-facing units,
complaints in every state of their handling (some overdue, some linked to an officer), and
satisfaction surveys over four quarters with online and paper responses.

Complaints go through the real services (abdi.feedback.services.complaints), so every step is a
timeline event with its actor; the services stamp the current time, so afterwards the step times
are moved back to the planned ones (events, dispatch/follow-up/close times and the deadlines
recomputed from them with the working-day calendar). Everything is drawn from a Random of its own,
so the employees of a seed do not change with this module and the same seed gives the same
complaints, codes and answers.
"""

from abdi.demo.builders.feedback.common import FEEDBACK_LOGINS, FeedbackStats
from abdi.demo.builders.feedback.seeder import seed_feedback, summary

__all__ = ["FEEDBACK_LOGINS", "FeedbackStats", "seed_feedback", "summary"]
