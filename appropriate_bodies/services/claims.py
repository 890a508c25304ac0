"""Claiming one ECT through the pages (journeys.md §5.4, domain.md §7.3.1): the working record between the steps.

The find step asks TRS once and keeps its answer on a `PendingInductionSubmission` owned by the appropriate body,
so the check and register steps show and claim exactly what TRS said, and the address of each step carries only
that record's id. The rules themselves are `teachers.services.induction`'s (`find_ect_to_claim`,
`claim_block_reason`, `claim_ect`); this module only keeps the record and hands it to them.

A working record is not part of anyone's teacher record, so creating one writes no event; the claim itself
does (`induction_period_opened`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from appropriate_bodies.batches.rows import _copy_trs, trs_teacher_from_submission
from appropriate_bodies.models import AppropriateBodyPeriod, PendingInductionSubmission
from core import clock
from core.errors import BASE, DomainError
from core.services import service
from events.authors import Author
from integrations.trs.client import TRSClient
from teachers.models import InductionPeriod, Teacher
from teachers.services.induction import claim_block_reason, claim_ect, find_ect_to_claim
from teachers.services.induction_support import SUBMISSION_KEPT_FOR
from teachers.validation.induction_periods import validate_claim_confirmation

__all__ = [
    "ClaimCheck",
    "check_claim",
    "claim_from_submission",
    "confirm_claim_details",
    "start_claim",
]


def start_claim(
    *,
    appropriate_body: AppropriateBodyPeriod,
    trn: str | None,
    date_of_birth: dt.date | None,
    client: TRSClient,
) -> PendingInductionSubmission:
    """Find the teacher in TRS (BR-IP-20) and keep what TRS said for the next steps.

    A teacher already with this body raises `AlreadyClaimedByThisBody` (BR-IP-21); a teacher who cannot be
    claimed is still kept, so the check page can say why (journeys.md §5.4). Abandoned records are purged with
    the others once `delete_at` passes.
    """
    result = find_ect_to_claim(appropriate_body=appropriate_body, trn=trn, date_of_birth=date_of_birth, client=client)
    submission = PendingInductionSubmission(
        appropriate_body_period=appropriate_body,
        trn=result.trs_teacher.trn,
        date_of_birth=date_of_birth,
        delete_at=clock.now() + SUBMISSION_KEPT_FOR,
    )
    _copy_trs(submission, result.trs_teacher)
    with transaction.atomic():
        submission.save()
    return submission


class ClaimCheck:
    """What the check page shows: the TRS snapshot, the teacher if the service knows them, and why they cannot
    be claimed (None when they can)."""

    def __init__(self, submission: PendingInductionSubmission):
        self.submission = submission
        self.trs_teacher = trs_teacher_from_submission(submission)
        self.teacher = Teacher.objects.filter(trn=submission.trn).first()
        self.block_reason = claim_block_reason(
            appropriate_body=submission.appropriate_body_period, trs_teacher=self.trs_teacher, teacher=self.teacher
        )

    @property
    def is_claimable(self) -> bool:
        return self.block_reason is None

    @property
    def name(self) -> str:
        if self.teacher is not None:
            return self.teacher.full_name
        parts = [p for p in (self.trs_teacher.first_name, self.trs_teacher.last_name) if p and p.strip() != "."]
        return " ".join(parts) or "Unknown"


def check_claim(submission: PendingInductionSubmission) -> ClaimCheck:
    """BR-IP-22, BR-IP-23, worked out again on every visit: another body may have claimed them meanwhile."""
    return ClaimCheck(submission)


def confirm_claim_details(*, submission: PendingInductionSubmission) -> ClaimCheck:
    """BR-IP-24: "Claim induction" confirms the found details; refused if the teacher has become unclaimable."""
    validate_claim_confirmation(confirmed=True)
    check = check_claim(submission)
    if not check.is_claimable:
        raise DomainError(BASE, check.block_reason)
    submission.confirmed_at = clock.now()
    with transaction.atomic():
        submission.save(update_fields=["confirmed_at", "updated_at"])
    return check


@service
def claim_from_submission(
    *,
    author: Author,
    submission: PendingInductionSubmission,
    started_on: dt.date | None,
    training_programme: str | None,
) -> InductionPeriod:
    """The "tell us about the induction" step: keep the answers on the working record and claim with the TRS
    snapshot it holds (BR-IP-25 … BR-IP-28)."""
    submission.started_on = started_on
    submission.training_programme = training_programme
    submission.save(update_fields=["started_on", "training_programme", "updated_at"])
    return claim_ect(
        author=author,
        appropriate_body=submission.appropriate_body_period,
        trs_teacher=trs_teacher_from_submission(submission),
        started_on=started_on,
        training_programme=training_programme,
        submission=submission,
    )
