"""Old home of the credit area's background task, kept so that jobs queued before the move to
`abdi.learning.tasks` still import: the database worker stores a task by its dotted path
(`abdi.learning.tasks_credit.jp_reminders`) and imports it when it runs the job.

Remove this module once no job with that path is left in any deployment's queue (none in
`django_tasks_db`'s `DBTaskResult` with status READY or RUNNING), i.e. one release after the
move: `jp_reminders` runs at most daily, so a queue drained once under the new path is enough."""

from abdi.learning.tasks import jp_reminders

__all__ = ["jp_reminders"]
