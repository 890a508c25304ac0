"""Jobs queued by a test that really commits do not reach the next test (the root conftest empties procrastinate's
tables after such tests, since the flush between tests skips them). The two tests run in this order on one worker."""

from __future__ import annotations

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from integrations.notify.tasks import send_email_job

pytestmark = pytest.mark.xdist_group("job-queue-isolation")


def test_a_committing_test_queues_a_job(transactional_db):
    send_email_job.defer(email_id=1)
    assert ProcrastinateJob.objects.filter(task_name="notify.send_email").count() == 1


def test_the_next_test_starts_with_an_empty_queue(db):
    assert not ProcrastinateJob.objects.exists()
