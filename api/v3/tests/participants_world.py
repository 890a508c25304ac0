"""The participants of lead-provider-api.md §17.2 (E14–E18), built row by row with the ids and timestamps the
examples show, for the participants, transfers and unfunded-mentor tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from providers.models import DeliveryPartner, LeadProvider, SchoolPartnership
from schools.models import School
from teachers.models import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    Teacher,
    TeacherIdChange,
    TrainingPeriod,
)
from tests.builders import (
    create_contract_period,
    create_delivery_partner,
    create_ect_at_school_period,
    create_induction_period,
    create_lead_provider,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_school,
    create_school_partnership,
    create_teacher,
)
from tests.builders_training import training

UTC = dt.UTC

P1_ID = "1d089576-38c1-4569-a2e8-7be96d931392"  # Jane Smith, ECT
M1_ID = "a6af5912-a68a-499f-990c-9b2090b390cd"  # Sam Jones, mentor
M1_RETIRED_ID = "ecf377ba-cd8d-473b-9426-679626336d03"
DP_ID = "8d762077-23b9-4d60-b5aa-b09fe2326108"
NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def stamp(model, obj, **fields: Any) -> None:
    """Set auto-managed columns (created_at, api ids) the examples fix, bypassing `auto_now_add`."""
    model.objects.filter(pk=obj.pk).update(**fields)
    obj.refresh_from_db()


M1 = {
    "id": M1_ID,
    "type": "participant",
    "attributes": {
        "full_name": "Sam Jones",
        "teacher_reference_number": "7654321",
        "updated_at": "2025-10-15T08:01:27Z",
        "ecf_enrolments": [
            {
                "training_record_id": "f4601c02-ebc9-4d1e-9859-b80e1e81563e",
                "email": "sam.jones@example.com",
                "mentor_id": None,
                "school_urn": "100234",
                "participant_type": "mentor",
                "cohort": "2025",
                "training_status": "active",
                "participant_status": "active",
                "eligible_for_funding": True,
                "pupil_premium_uplift": False,
                "sparsity_uplift": False,
                "schedule_identifier": "ecf-standard-september",
                "delivery_partner_id": DP_ID,
                "withdrawal": None,
                "deferral": None,
                "created_at": "2025-08-20T13:30:00Z",
                "induction_end_date": None,
                "most_recent_induction_period_end_date": None,
                "overall_induction_start_date": None,
                "mentor_funding_end_date": None,
                "cohort_changed_after_payments_frozen": False,
                "mentor_ineligible_for_funding_reason": None,
                "working_pattern": None,
            }
        ],
        "participant_id_changes": [
            {
                "from_participant_id": M1_RETIRED_ID,
                "to_participant_id": M1_ID,
                "changed_at": "2025-07-01T12:00:00Z",
            }
        ],
    },
}

P1 = {
    "id": P1_ID,
    "type": "participant",
    "attributes": {
        "full_name": "Jane Smith",
        "teacher_reference_number": "1234567",
        "updated_at": "2025-10-02T16:40:03Z",
        "ecf_enrolments": [
            {
                "training_record_id": "b5b6bf03-fbb1-46a7-ad5d-9e5bcf3e00ee",
                "email": "jane.smith@example.com",
                "mentor_id": M1_ID,
                "school_urn": "100234",
                "participant_type": "ect",
                "cohort": "2025",
                "training_status": "active",
                "participant_status": "active",
                "eligible_for_funding": True,
                "pupil_premium_uplift": False,
                "sparsity_uplift": False,
                "schedule_identifier": "ecf-standard-september",
                "delivery_partner_id": DP_ID,
                "withdrawal": None,
                "deferral": None,
                "created_at": "2025-08-14T09:12:45Z",
                "induction_end_date": None,
                "most_recent_induction_period_end_date": None,
                "overall_induction_start_date": "2025-09-01",
                "mentor_funding_end_date": None,
                "cohort_changed_after_payments_frozen": False,
                "mentor_ineligible_for_funding_reason": None,
                "working_pattern": "full_time",
            }
        ],
        "participant_id_changes": [],
    },
}


@dataclass
class ParticipantsWorld:
    caller: LeadProvider
    other: LeadProvider
    school: School
    delivery_partner: DeliveryPartner
    partnership: SchoolPartnership
    jane: Teacher
    sam: Teacher
    jane_period: ECTAtSchoolPeriod
    sam_period: MentorAtSchoolPeriod
    jane_training: TrainingPeriod
    sam_training: TrainingPeriod


def build_participants_world() -> ParticipantsWorld:
    """§17.2: Jane Smith (ECT, P1) mentored by Sam Jones (mentor, M1), both trained by the caller in 2025 at
    URN 100234 with DP 8d762077…; Sam's participant id replaced a retired one on 1 July 2025."""
    for year in (2024, 2025, 2026):
        create_contract_period(year)
    caller = create_lead_provider(name="Example Institute", active_in=(2024, 2025, 2026))
    other = create_lead_provider(name="Other Provider Ltd", active_in=(2024, 2025, 2026))
    school = create_school(urn=100234)
    partner = create_delivery_partner(name="Northern Teaching Alliance")
    stamp(DeliveryPartner, partner, api_id=DP_ID)
    partnership = create_school_partnership(school=school, lead_provider=caller, delivery_partner=partner, year=2025)

    jane = create_teacher(
        trn="1234567",
        first_name="Jane",
        last_name="Smith",
        ect_first_became_eligible_for_training_at=at("2025-09-01T09:00:00Z"),
    )
    stamp(
        Teacher,
        jane,
        api_id=P1_ID,
        api_ect_training_record_id="b5b6bf03-fbb1-46a7-ad5d-9e5bcf3e00ee",
        created_at=at("2025-08-14T09:12:45Z"),
    )
    sam = create_teacher(
        trn="7654321",
        first_name="Sam",
        last_name="Jones",
        mentor_first_became_eligible_for_training_at=at("2025-08-20T13:30:00Z"),
    )
    stamp(
        Teacher,
        sam,
        api_id=M1_ID,
        api_mentor_training_record_id="f4601c02-ebc9-4d1e-9859-b80e1e81563e",
        created_at=at("2025-08-20T13:30:00Z"),
    )
    change = TeacherIdChange.objects.create(teacher=sam, api_from_teacher_id=M1_RETIRED_ID, api_to_teacher_id=M1_ID)
    stamp(TeacherIdChange, change, created_at=at("2025-07-01T12:00:00Z"))

    jane_period = create_ect_at_school_period(
        teacher=jane, school=school, started_on=dt.date(2025, 9, 1), email="jane.smith@example.com"
    )
    stamp(ECTAtSchoolPeriod, jane_period, created_at=at("2025-08-14T09:12:45Z"))
    sam_period = create_mentor_at_school_period(
        teacher=sam, school=school, started_on=dt.date(2025, 9, 1), email="sam.jones@example.com"
    )
    stamp(MentorAtSchoolPeriod, sam_period, created_at=at("2025-08-20T13:30:00Z"))
    create_mentorship_period(mentee=jane_period, mentor=sam_period, started_on=dt.date(2025, 9, 1))
    create_induction_period(teacher=jane, started_on=dt.date(2025, 9, 1))
    jane_training = training(jane_period, started_on=dt.date(2025, 9, 1), school_partnership=partnership)
    sam_training = training(sam_period, started_on=dt.date(2025, 9, 1), school_partnership=partnership)

    # The examples' updated_at values, set last: every write above would have moved them.
    Teacher.objects.filter(pk=jane.pk).update(api_updated_at=at("2025-10-02T16:40:03Z"))
    Teacher.objects.filter(pk=sam.pk).update(
        api_updated_at=at("2025-10-15T08:01:27Z"), api_unfunded_mentor_updated_at=at("2025-10-15T08:01:27Z")
    )
    jane.refresh_from_db()
    sam.refresh_from_db()
    return ParticipantsWorld(
        caller, other, school, partner, partnership, jane, sam, jane_period, sam_period, jane_training, sam_training
    )
