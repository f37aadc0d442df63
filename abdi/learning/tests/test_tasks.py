"""Jobs queued before the credit task moved from `abdi.learning.tasks_credit` to
`abdi.learning.tasks` still resolve: the database worker imports a job's task by the dotted
path stored in its row."""

from django_tasks_db.models import DBTaskResult

from abdi.learning.tasks import jp_reminders


def test_a_job_queued_under_the_old_path_still_finds_the_task():
    old = DBTaskResult(task_path="abdi.learning.tasks_credit.jp_reminders", backend_name="default")
    task = old.task  # what the worker does before running the job
    assert task.func is jp_reminders.func
    assert task.module_path == "abdi.learning.tasks.jp_reminders"


def test_new_jobs_are_queued_under_the_new_path():
    assert jp_reminders.module_path == "abdi.learning.tasks.jp_reminders"
