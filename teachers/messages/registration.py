"""User-facing messages for registering ECTs and a school's changes to them (domain.md §7.1.1 – §7.1.3,
§8.7), in the spec's exact words. Substitutions are named `{…}` and filled with `.format` at raise time."""

# BR-ECT-01 — find an ECT -----------------------------------------------------------------------------------
TRN_REQUIRED = "Enter the teacher reference number (TRN)"
DATE_OF_BIRTH_REQUIRED = "Enter a date of birth"
DATE_OF_BIRTH_INVALID = "Enter the date of birth in the correct format, for example 12 03 1998"
DATE_OF_BIRTH_TOO_OLD = "The teacher cannot be more than 100 years old"
DATE_OF_BIRTH_TOO_YOUNG = "The teacher cannot be less than 18 years old"

# BR-ECT-03 — National Insurance number
NINO_REQUIRED = "Enter a National Insurance Number"
NINO_INVALID = "Enter a National Insurance Number in the correct format"

# BR-ECT-04 — review the TRS name
CONFIRM_DETAILS_REQUIRED = "Select 'Yes' or 'No' to confirm whether the details are correct"
CORRECTED_NAME_REQUIRED = "Enter the correct full name"
CORRECTED_NAME_TOO_LONG = "Corrected name must be 70 characters or less"

# BR-ECT-05 / BR-ECT-06 — email
EMAIL_REQUIRED = "Enter the email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
# The spec names a page ("can't use this email") rather than a message; this is the text we show.
EMAIL_IN_USE = "This email address is already in use by another teacher"

# BR-ECT-07 … BR-ECT-10 — start date
START_DATE_REQUIRED = "Enter the date the ECT started or will start teaching at your school"
START_DATE_INVALID = "Enter the start date using the correct format, for example, 17 09 1999"
START_DATE_TOO_EARLY = "Start date cannot be this far in the past. Enter a date later than {earliest}."
START_DATE_TOO_SOON_AFTER_PREVIOUS_START = (
    "Our records show that {name} started teaching at {school} on {started_on}. Enter a start date after {after}."
)
START_DATE_TOO_SOON_AFTER_TRAINING = (
    "Our records show that {name} started their latest training at {school} on {started_on}. "
    "Enter a start date after {after}."
)
START_DATE_TOO_FAR_AHEAD = "Start date must be before {limit}. You cannot register the ECT this far in advance."

# BR-ECT-13 — working pattern
WORKING_PATTERN_REQUIRED = "Select if the ECT's working pattern is full or part time"
WORKING_PATTERN_INVALID = "'{value}' is not a valid working pattern"

# BR-ECT-14 / BR-ECT-15 — appropriate body choice in the journey
APPROPRIATE_BODY_REQUIRED = "Select the appropriate body which will be supporting the ECT's induction"
APPROPRIATE_BODY_INVALID = "Select a valid appropriate body which will be supporting the ECT's induction"
APPROPRIATE_BODY_MUST_BE_TEACHING_SCHOOL_HUB = (
    "Select a teaching school hub appropriate body which will be supporting the ECT's induction"
)

# BR-ECT-16 — training programme
TRAINING_PROGRAMME_REQUIRED = "Select either 'Provider-led' or 'School-led' training"
TRAINING_PROGRAMME_INVALID = "'{value}' is not a valid training programme"

# BR-ECT-17 — lead provider
LEAD_PROVIDER_REQUIRED = "Select which lead provider will be training the ECT"
LEAD_PROVIDER_UNKNOWN = "Enter the name of a known lead provider"

# BR-ECT-20 … BR-ECT-23 — the registration's own checks on the reported appropriate body (the reference's model
# messages; "required" is the framework's presence message)
REPORTED_APPROPRIATE_BODY_REQUIRED = "can't be blank"
REPORTED_APPROPRIATE_BODY_MUST_BE_ACTIVE = "Must be active"
REPORTED_APPROPRIATE_BODY_NATIONAL_OR_TSH = "Must be national or teaching school hub"
REPORTED_APPROPRIATE_BODY_TSH = "Must be teaching school hub"

# §6.2 step 3
NO_CONTRACT_PERIOD = "No contract period found for started_on={started_on}"

# Registration guards (§7.1.1 step 2, BR-ECT-11, BR-ECT-12, BR-ECT-18). The spec names the page each guard
# leads to; these are the texts we show on it (and the service's refusal).
ALREADY_ACTIVE_AT_SCHOOL = "{name} is already registered as an ECT at your school"
INDUCTION_COMPLETED = "{name} has already completed their induction"
INDUCTION_EXEMPT = "{name} is exempt from completing their induction"
INDUCTION_FAILED = "{name} has failed their induction"
CANNOT_REGISTER_ECT = "You cannot register {name}"
CANNOT_REGISTER_ECT_YET = "You cannot register this ECT yet"

# BR-ECT-35 — "use previous choices?" (the mentor journey's wording, BR-M-22, for the same question)
USE_PREVIOUS_CHOICES_REQUIRED = (
    "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously"
)
PREVIOUS_CHOICES_NOT_AVAILABLE = "Your school's previous choices cannot be used for this ECT"

# Changing a name (journeys.md §4.10.1, §4.11.1; the spec gives the rule, these are our words)
CHANGE_NAME_SAME = "The name must be different from the current name"

# BR-ECT-30 — changing email
CHANGE_EMAIL_REQUIRED = "Enter an email address"
CHANGE_EMAIL_TOO_LONG = "Enter an email address that is less than 254 characters long"
CHANGE_EMAIL_SAME = "The email must be different from the current email"

# BR-ECT-31 — changing working pattern
CHANGE_WORKING_PATTERN_REQUIRED = "Select a working pattern"
CHANGE_WORKING_PATTERN_SAME = "The working pattern must be different from the current working pattern"

# BR-ECT-32 — changing the appropriate body (the journey's wording; the spec gives only "required")
CHANGE_APPROPRIATE_BODY_SAME = "Select a different appropriate body which will be supporting the ECT's induction"

# Changes apply only to an ECT still at the school (§7.1.3 "ongoing ECT")
NOT_AT_THIS_SCHOOL = "This ECT is not registered at your school"
MENTOR_NOT_AT_THIS_SCHOOL = "This mentor is not registered at your school"
