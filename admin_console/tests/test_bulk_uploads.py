"""journeys.md §6.7: appropriate bodies' bulk uploads in the console."""

from __future__ import annotations

import pytest

from admin_console.tests.console import signed_in
from appropriate_bodies.models import PendingInductionSubmission, PendingInductionSubmissionBatch

pytestmark = pytest.mark.django_db


def test_all_uploads_one_bodys_uploads_and_a_batch_with_its_errors(client, world):
    signed_in(client)
    batch = PendingInductionSubmissionBatch.objects.create(
        appropriate_body_period=world.north_hub,
        batch_type="claim",
        batch_status="completed",
        data=[],
        file_name="claims.csv",
        uploaded_count=4,
        processed_count=4,
        errored_count=1,
        claimed_count=3,
    )
    PendingInductionSubmission.objects.create(
        pending_induction_submission_batch=batch, row_number=2, trn="7777777", error_messages=["TRN not found"]
    )
    PendingInductionSubmissionBatch.objects.create(
        appropriate_body_period=world.istip, batch_type="action", file_name="outcomes.csv"
    )
    everything = client.get("/admin/bulk").content.decode()
    assert "claims.csv" in everything and "outcomes.csv" in everything
    assert "View all bulk uploads" in client.get("/admin/organisations/appropriate-bodies").content.decode()
    north = client.get(f"/admin/organisations/appropriate-bodies/{world.north_hub.pk}/batches").content.decode()
    assert "claims.csv" in north and "outcomes.csv" not in north
    page = client.get(
        f"/admin/organisations/appropriate-bodies/{world.north_hub.pk}/batches/{batch.pk}"
    ).content.decode()
    assert "25%" in page and "TRN not found" in page and "7777777" in page
    other = f"/admin/organisations/appropriate-bodies/{world.istip.pk}/batches/{batch.pk}"
    assert client.get(other).status_code == 404
