"""Jobs queued by a test that really commits do not reach later tests (the root conftest empties procrastinate's
tables after such tests, since the flush between tests skips them). Run alone these two run in this order; in the
whole suite the second also follows many other committing tests on its worker."""

from __future__ import annotations

from procrastinate.contrib.django.models import ProcrastinateJob

from integrations.notify.tasks import send_email_job


def test_a_committing_test_queues_a_job(transactional_db):
    send_email_job.defer(email_id=1)
    assert ProcrastinateJob.objects.filter(task_name="notify.send_email").count() == 1


def test_the_next_test_starts_with_an_empty_queue(db):
    assert not ProcrastinateJob.objects.exists()
