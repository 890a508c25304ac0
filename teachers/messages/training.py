"""User-facing messages for training periods after creation (domain.md §7.4, §8.10), in the spec's exact words.

Provider-facing messages (BR-TP-20 … BR-TP-29) keep the API's public names (`#/participant_id`, `cohort`), so
the API adapter passes them through unchanged.
"""

# Structural rules (BR-TP-01 … BR-TP-17) ------------------------------------------------------------------

# BR-TP-01
AT_SCHOOL_PERIOD_REQUIRED = "Either an ECT at school period or mentor at school period is required"
ONLY_ONE_AT_SCHOOL_PERIOD = "Can belong to either an ECT at school period or a mentor at school period, not both"

# BR-TP-02
EOI_OR_PARTNERSHIP_REQUIRED = "Either expression of interest or school partnership required"

# BR-TP-03
EOI_ABSENT_FOR_SCHOOL_LED = "Expression of interest must be absent for school-led training programmes"
PARTNERSHIP_ABSENT_FOR_SCHOOL_LED = "School partnership must be absent for school-led training programmes"
SCHEDULE_ABSENT_FOR_SCHOOL_LED = "Schedule must be absent for school-led training programmes"

# BR-TP-04
PARTNERSHIP_SCHOOL_MISMATCH = "School partnership's school must match the trainee's school"

# BR-TP-05 (overlap name; the wording comes from core.periods.check_no_overlap)
OVERLAP_NAME = "Trainee"

# BR-TP-06 / BR-P-08
NOT_CONTAINED_BY_AT_SCHOOL_PERIOD = "Date range is not contained by the period the trainee is at the school"

# BR-TP-07, BR-TP-09, BR-TP-11, BR-TP-15: the reference uses the framework's presence/absence messages
CANT_BE_BLANK = "can't be blank"
MUST_BE_BLANK = "must be blank"
INVALID_WITHDRAWAL_REASON = "Must be a valid withdrawal reason"
INVALID_DEFERRAL_REASON = "Must be a valid deferral reason"

# BR-TP-08
ECT_CANNOT_BE_WITHDRAWN_FOR_REASON = "You cannot withdraw an ECT for this reason. The ECT is not a mentor."

# BR-TP-10
SCHEDULE_REQUIRED_FOR_PROVIDER_LED = "Schedule is required for provider-led training periods"

# BR-TP-12, BR-TP-13
REPLACEMENT_SCHEDULE_ONLY_FOR_MENTORS = "Only mentors can be assigned to replacement schedules"
REDUCED_SCHEDULE_ONLY_FOR_ECTS = "Only ECTs can be assigned to reduced schedules"

# BR-TP-14
CONTRACT_PERIOD_MISMATCH = (
    "Contract period mismatch: schedule, EOI, school partnership, and declarations must have the same contract period."
)

# BR-TP-16
CANNOT_DELETE_WITH_BILLABLE_DECLARATIONS = "Cannot delete a training period with billable declarations"

# BR-TP-17
INVALID_TRAINING_PROGRAMME = "Must be provider_led or school_led"

# BR-M-08 (checked with the structural rules)
MENTOR_TRAINING_ONLY_PROVIDER_LED = "Mentor training periods can only be provider-led"


# Lead-provider API actions (BR-TP-20 … BR-TP-29) ---------------------------------------------------------

# BR-TP-20
PARTICIPANT_ID_REQUIRED = "Enter a '#/participant_id'."
PARTICIPANT_ID_NOT_RECOGNISED = (
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again."
)
COURSE_IDENTIFIER_REQUIRED = "Enter a '#/course_identifier'."
COURSE_IDENTIFIER_NOT_RECOGNISED = (
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again."
)
LEAD_PROVIDER_INVALID = "The '#/lead_provider_id' you have entered is invalid."

# BR-TP-21
REASON_REQUIRED = "Enter a '#/reason'."
REASON_NOT_RECOGNISED = (
    "The entered '#/reason' is not recognised for the given participant. Check details and try again."
)

# BR-TP-22
CANNOT_WITHDRAW_NOT_STARTED = (
    "You cannot withdraw #/participant_id. This is because they have not been training with you for at least one day."
)
CANNOT_DEFER_NOT_STARTED = (
    "You cannot defer #/participant_id. This is because they have not been training with you for at least one day."
)
CANNOT_DEFER_OR_WITHDRAW_TODAY = (
    "You cannot defer or withdraw this participant today. "
    "You need to try again tomorrow as the training was recently changed for this participant."
)

# BR-TP-23
ALREADY_WITHDRAWN = "The '#/participant_id' is already withdrawn."
ALREADY_DEFERRED = "The '#/participant_id' is already deferred."

# BR-TP-25
ALREADY_ACTIVE = "The '#/participant_id' is already active."
CANNOT_RESUME_SAME_DAY = (
    "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow or later."
)
ALREADY_ACTIVE_WITH_ANOTHER_PROVIDER = (
    "This participant cannot be resumed because they are already active with another provider."
)
NO_LONGER_AT_SCHOOL = "The participant is no longer at the school. Please contact the induction tutor to resolve."

# BR-TP-27
SCHEDULE_IDENTIFIER_REQUIRED = (
    "The property '#/schedule_identifier' must be present and correspond to a valid schedule."
)
SCHEDULE_IDENTIFIER_INVALID = "Enter a valid schedule identifier."
SCHEDULE_ALREADY_ON_PROFILE = "Selected schedule is already on the profile"
SCHEDULE_NOT_VALID_FOR_COURSE = "Selected schedule is not valid for the course_identifier"
MENTOR_CANNOT_BE_ON_REDUCED_SCHEDULE = (
    "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule."
)
SCHEDULE_CHANGE_WOULD_INVALIDATE_DECLARATIONS = (
    "The change of schedule cannot be applied because a previous change of schedule and a declaration were made "
    "on the same day. Applying another change of schedule would invalidate existing declarations. "
    "Please contact DfE for assistance."
)

# BR-TP-28
SCHEDULE_CHANGE_AFTER_COMPLETION = (
    "You cannot change this participant's schedule as they have completed their training or induction."
)
SCHEDULE_CHANGE_WHEN_LEFT = (
    "You cannot change this participant's schedule. This is because the participant has a 'left' "
    "participant_status, so they are not training with you currently."
)
ACTION_ON_WITHDRAWN_PARTICIPANT = "Cannot perform actions on a withdrawn participant"
DUE_TO_START_WITH_ANOTHER_PROVIDER = (
    "You cannot change this participant's schedule as they are due to start with another lead provider in the future."
)

# BR-TP-29
NO_PARTNERSHIP_IN_CONTRACT_PERIOD = (
    "You cannot change a participant to this contract_period as you do not have a partnership with the school "
    "for the contract_period. Contact the DfE for assistance."
)
CANNOT_MOVE_TO_FROZEN_COHORT = (
    "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort."
)


# School changes (BR-TP-31 … BR-TP-33, BR-ECT-33) ----------------------------------------------------------
# The spec says "error" without wording for these; the texts below are ours.

ALREADY_SCHOOL_LED = "The ECT is already on a school-led training programme"
ALREADY_PROVIDER_LED = "The ECT is already on a provider-led training programme"
# BR-ECT-17's wording, reused when switching to provider-led without a lead provider
LEAD_PROVIDER_REQUIRED = "Select which lead provider will be training the ECT"
SAME_LEAD_PROVIDER = "Choose a different lead provider"
SCHOOL_LED_HAS_NO_LEAD_PROVIDER = "You cannot change the lead provider of an ECT on a school-led training programme"
LEAD_PROVIDER_NOT_ACTIVE = "The lead provider is not available for this contract period"
NO_TRAINING_PERIOD = "There is no training period to change"
NO_CONTRACT_PERIOD = "No contract period found for started_on={started_on}"


# Admin change of contract period (§7.4.8; texts from the admin journey, journeys.md §6.5) ------------------

CONTRACT_PERIOD_REQUIRED = "Select a contract period"
NOT_ELIGIBLE_FOR_CONTRACT_PERIOD_CHANGE = "The training period is not eligible for a contract period change"
NO_MATCHING_SCHEDULE = "There is no matching schedule in the chosen contract period"
NO_ACTIVE_LEAD_PROVIDER = "The lead provider is not active in the chosen contract period"
CONTRACT_PERIOD_NOT_AVAILABLE = "The training period cannot be moved to this contract period"
PARTNERSHIP_REQUIRED = "Select a partnership"
PARTNERSHIP_NOT_IN_CONTRACT_PERIOD = "The partnership must be with the same school in the chosen contract period"

# A school telling us training has paused, stopped or restarted (docs/school-reported-training-changes.md) --
SCHOOL_NO_PROVIDER_LED_TRAINING = "{name} is not doing provider-led training, so there is no training to change"
SCHOOL_TRAINING_NOT_STARTED = (
    "{name}'s training started on {started_on}. You can tell us about a pause or stop from the day after it starts"
)
SCHOOL_TRAINING_ALREADY_PAUSED = "{name}'s training is already paused"
SCHOOL_TRAINING_ALREADY_STOPPED = "{name}'s training has already stopped"
SCHOOL_TRAINING_NOT_PAUSED = "{name}'s training is not paused, so it cannot be restarted"
SCHOOL_RESTART_SAME_DAY = "{name}'s training was paused today. You can tell us it has restarted from tomorrow"
SCHOOL_PAUSE_REASON_REQUIRED = "Select why {name}'s training is paused"
SCHOOL_TRAINING_CHANGE_REQUIRED = "Select what has happened to {name}'s training"
