"""User-facing messages for mentors and mentorships (domain.md §7.2, §8.8, §8.9), in the spec's exact words."""

# BR-MS-01 / BR-M-01
MENTEE_CANNOT_MENTOR_THEMSELF = "A mentee cannot mentor themself"
# BR-MS-02
DIFFERENT_SCHOOLS = "Mentor and mentee periods must belong to the same school"
# BR-MS-04
NOT_CONTAINED_BY_ECT_PERIOD = "Date range is not contained by the ECT at school period"
# BR-MS-05
NOT_CONTAINED_BY_MENTOR_PERIOD = "Date range is not contained by the mentor at school period"
# BR-MS-06 (the reference's presence messages)
STARTED_ON_REQUIRED = "Enter a start date"
ECT_PERIOD_REQUIRED = "Choose an ECT at school period"
MENTOR_PERIOD_REQUIRED = "Choose a mentor at school period"

# BR-M-14
ECT_MISSING_OR_NOT_AT_SCHOOL = "ECT missing or not registered at this school"
SELECT_MENTOR_OR_REGISTER_NEW = "Select a mentor from the list provided or choose to register a new mentor"
MENTOR_NOT_AT_SCHOOL = "This mentor is not registered at this school"
NEEDS_DIFFERENT_MENTOR = "It needs to be a different mentor for this ECT"
# BR-M-15
SELECT_MENTOR = "Select a mentor from the list provided"
# BR-M-16
SELECT_LEAD_PROVIDER = "Select a lead provider to contact your school"

# BR-M-22
MENTORING_AT_YOUR_SCHOOL_ONLY_REQUIRED = (
    "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only"
)
USE_SAME_PROGRAMME_CHOICES_REQUIRED = (
    "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously"
)

# BR-M-03
MENTOR_START_DATE_REQUIRED = "Enter the date they started or will start ECT mentoring at your school"
MENTOR_START_DATE_INVALID = "Enter the date in the correct format, for example 12 03 1998"
# BR-M-04
MENTOR_START_DATE_TOO_SOON_AFTER_START = (
    "Our records show that {name} started teaching at {school} on {started_on}. Enter a start date after {earliest}."
)
MENTOR_START_DATE_TOO_SOON_AFTER_TRAINING = (
    "Our records show that {name} started their latest training at {school} on {started_on}. "
    "Enter a start date after {earliest}."
)
# BR-M-05
MENTOR_START_DATE_TOO_FAR_AHEAD = (
    "Start date must be before {limit}. You cannot register the mentor this far in advance."
)
# BR-M-02 (BR-ECT-05/06 for mentors)
EMAIL_REQUIRED = "Enter the email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
EMAIL_IN_USE = "This email address is already in use by another teacher"

# Registration guards (§7.2.1 step 2)
ALREADY_ACTIVE_AT_SCHOOL = "This mentor is already registered at your school"
CANNOT_REGISTER_MENTOR_YET = "You cannot register this mentor yet"
NO_CONTRACT_PERIOD = "No contract period found for started_on={started_on}"
