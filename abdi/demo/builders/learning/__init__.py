"""Competency development of the demo province: providers (BKPSDM, LAN, two partner
universities — one agreement expired — and the Bapelkes), a catalogue across every category and
mode, sessions in every state relative to the reference date (not yet open, open with seats,
open and full with a waiting list, closed, running, finished, cancelled) with mixed approval
modes, registrations in every status with their step trail, attendance, reaction surveys and
pre/post tests; an e-learning course of ordered modules (text, video link, PDF, quiz) with a
question bank, enrolments in progress, failed attempts and completions; external certificates;
development plans; and a JP history for last year and this year for most employees.

Rules kept (docs/decisions/0030 and 0039): seat-holding registrations never exceed a session's
quota, the waiting list exists only where the session is full, one live registration per
employee and session, eligibility (employee kind, position kind, unit) holds, PPPK stay within
their 24 JP. Completions of the catalogue sessions and of the e-learning course are credited by
`abdi.learning.services_credit` (the JP line and the numbered certificate), then back-dated to
the day the demo completion happened (number re-derived by the credit core's own numbering).

The JP history of the whole province — in-house trainings of every OPD, the monthly webinar and
four light e-learning courses — is written in bulk (the same JP line, certificate number format
and snapshots the credit core writes, checked by the tests), so that 60,000 employees take well
under two minutes; it leaves no step trail or attendance (treated as history carried over from
the previous training records) and, for speed, no django-simple-history rows for those
registrations and certificates (the sessions have theirs).

Everything is drawn from a Random of its own (seed + offset) in NIP order.
"""

from abdi.demo.builders.learning.common import kept_timestamps, text_pdf
from abdi.demo.builders.learning.seeder import LearningSeeder, seed_learning, summary

__all__ = ["LearningSeeder", "kept_timestamps", "seed_learning", "summary", "text_pdf"]
