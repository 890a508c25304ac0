"""User-facing messages for declarations, in the spec's exact words (domain.md §8.14; lead-provider-api.md §12).
Substitutions are filled in at raise time."""

# Model rules (BR-D-01 … BR-D-09) ---------------------------------------------------------------------------------

TRAINING_PERIOD_REQUIRED = "Choose a training period"
VOIDED_BY_USER_AT_REQUIRED = "Voided by user at must be set as well as the voided by user"
VOIDED_BY_USER_REQUIRED = "Voided by user must be set as well as the voided date"
DECLARATION_DATE_REQUIRED = "Declaration date must be specified"
DECLARATION_DATE_BEFORE_MILESTONE = (
    "Declaration date must be on or after the milestone start date for the same declaration type."
)
DECLARATION_DATE_AFTER_MILESTONE = (
    "Declaration date must be on or before the milestone date for the same declaration type."
)
MENTORSHIP_FOR_MENTOR = "Mentor teacher can only be assigned to declarations for ECTs"
MENTORSHIP_NOT_THE_TRAINEES = "Mentorship period must belong to the trainee"
PAYMENT_STATEMENT_REQUIRED = "Payment statement must be associated for declarations with a payment status"
CLAWBACK_STATEMENT_REQUIRED = "Clawback statement must be associated for declarations with a clawback status"
CONTRACT_PERIOD_MISMATCH = (
    "Contract period mismatch: training period, payment_statement and clawback_statement must have the same "
    "contract period."
)
DUPLICATE_DECLARATION = "A billable/changeable declaration with the same type and training period already exists."
MENTOR_FUNDING_TYPES_ONLY = (
    "Only 'started' or 'completed' declaration types are allowed for mentor funding enabled contract periods."
)
UPLIFTS_NOT_APPLICABLE = "Uplifts are only applicable to started declarations in an uplift enabled contract period"
DECLARATION_TYPE_INVALID = "Choose a valid declaration type"
EVIDENCE_TYPE_INVALID = "Choose a valid evidence type"

# API submission (BR-D-07, BR-D-08, BR-D-10, BR-D-11; lead-provider-api.md §12.2–12.3) ----------------------------

API_PARTICIPANT_REQUIRED = "Enter a '#/participant_id'."
API_PARTICIPANT_NOT_RECOGNISED = (
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again."
)
API_COURSE_REQUIRED = "Enter a '#/course_identifier'."
API_DECLARATION_DATE_REQUIRED = "Enter a '#/declaration_date'."
API_COURSE_NOT_RECOGNISED = (
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again."
)
API_DECLARATION_TYPE_REQUIRED = "Enter a '#/declaration_type'."
API_DECLARATION_TYPE_INVALID = "Enter a valid declaration type."
API_DUPLICATE_DECLARATION = "A declaration has already been submitted that will be, or has been, paid for this event."
API_MENTOR_FUNDING_TYPES_ONLY = (
    "You cannot send retained or extended declarations for participants who began their mentor training after June "
    "2025. Resubmit this declaration with either a started or completed declaration."
)
EVIDENCE_REQUIRED = "Enter a '#/evidence_held' value for this participant."
EVIDENCE_NOT_ALLOWED = "Enter an available '#/evidence_held' type for this participant."
DECLARATION_DATE_IN_FUTURE = "The '#/declaration_date' value cannot be a future date. Check the date and try again."
DECLARATION_DATE_FORMAT = "Enter a valid RCF3339 '#/declaration_date'."
NO_MILESTONE_FOR_TYPE = "The property '#/declaration_type' does not exist for this schedule."
WITHDRAWN_BEFORE_DECLARATION = (
    "This participant withdrew from this course on {withdrawn_at}. Enter a '#/declaration_date' that's on or before "
    "the withdrawal date."
)
COHORT_PAYMENTS_FROZEN = (
    "You cannot submit declarations for the {year} cohort. The funding contract for this cohort has ended. Get in "
    "touch if you need to discuss this with us."
)
NO_OUTPUT_STATEMENT = (
    "You cannot submit or void declarations for the {year} cohort. The funding contract for this cohort has ended. "
    "Get in touch if you need to discuss this with us."
)
DECLARATION_DATE_OUT_OF_SEQUENCE = (
    "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this "
    "participant."
)

# Void and clawback (BR-D-13, BR-D-14; lead-provider-api.md §12.6) -----------------------------------------------

ALREADY_VOIDED = "The declaration has already been voided."
ALREADY_REFUNDED = "The declaration will or has been refunded"
# The void path's clawback statement check has no final full stop (lead-provider-api.md §12.6).
NO_OUTPUT_STATEMENT_FOR_CLAWBACK = (
    "You cannot submit or void declarations for the {year} cohort. The funding contract for this cohort has ended. "
    "Get in touch if you need to discuss this with us"
)
NOT_PAID_FOR_CLAWBACK = "The declaration must be paid before it can be clawed back"
NOT_VOIDABLE = "This declaration has been clawed-back, so you can only view it."
# Not in the spec: any other transition the state machines (§5.18) do not allow.
PAYMENT_TRANSITION_REFUSED = "Payment status cannot change from {from_status} to {to_status}"
CLAWBACK_TRANSITION_REFUSED = "Clawback status cannot change from {from_status} to {to_status}"
