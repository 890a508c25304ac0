"""User-facing messages for induction periods, claims, outcomes and extensions (domain.md §8.11, §8.12,
§8.17), in the spec's exact words. `{…}` parts are filled in with `.format` where the rule is broken."""

# BR-IP-01 … BR-IP-03
SELECT_AN_APPROPRIATE_BODY = "Select an appropriate body"
ENTER_A_START_DATE = "Enter a start date"
START_BEFORE_STATUTORY_ROLL_OUT = "Enter a start date after 1 September 1999"

# BR-IP-04
START_DATE_IN_FUTURE = "Start date cannot be in the future"
END_DATE_IN_FUTURE = "End date cannot be in the future"

# BR-IP-05
START_BEFORE_QTS = "Start date cannot be before QTS award date ({qts_awarded_on})"

# BR-IP-06 uses core.periods.check_no_overlap with this name ("… another induction period")
OVERLAP_NAME = "induction"

# BR-IP-07
OUTCOME_ON_ONGOING_PERIOD = "Outcome cannot be set for ongoing induction periods"
OUTCOME_MUST_BE_PASS_OR_FAIL = "Outcome must be either pass or fail"

# BR-IP-08
ENTER_NUMBER_OF_TERMS = "Enter a number of terms"
TERMS_WITHOUT_END_DATE = "Delete the number of terms if the induction has no end date"

# BR-IP-09
TERMS_NOT_A_NUMBER = "Number of terms must be a number with up to 1 decimal place"
TERMS_OUT_OF_RANGE = "Number of terms must be between 0 and 16"
TERMS_TOO_PRECISE = "Terms can only have up to 1 decimal place"

# BR-IP-10
OUTCOME_ALREADY_EXISTS = "An induction period with an outcome already exists for this teacher"

# BR-IP-11
END_DATE_REQUIRED_FOR_INSERTED_PERIODS = "End date is required for inserted periods"

# BR-IP-12 and BR-IP-27 (legacy programme)
CHOOSE_AN_INDUCTION_PROGRAMME = "Choose an induction programme"

# BR-IP-13
FAIL_CONFIRMATION_BEFORE_END_DATE = "Failure confirmation date cannot be before end date"
FAIL_CONFIRMATION_IN_FUTURE = "Failure confirmation date cannot be in the future"

# BR-IP-14
END_DATE_CANNOT_BE_REMOVED = "End date cannot be set to nil for induction periods with outcomes"

# BR-IP-15 (the spec gives no wording for the refusal; the admin page says it "could not delete")
CANNOT_DELETE_PERIOD_WITH_OUTCOME = "Could not delete the induction period because it has an outcome"

# BR-IP-16
CANNOT_REOPEN_ONGOING = "Cannot reopen an ongoing induction"
CANNOT_REOPEN_WITHOUT_OUTCOME = "Cannot reopen an induction without an outcome"
ONLY_LATEST_CAN_BE_REOPENED = "Only the latest period can be reopened"

# BR-IP-20
ENTER_A_TRN = "Enter a TRN"
TRN_MUST_BE_SEVEN_DIGITS = "TRN must be 7 numeric digits"
ENTER_A_DATE_OF_BIRTH = "Enter a date of birth"
AGE_OUT_OF_RANGE = "Teacher must be between 18 and 100 years old"
TEACHER_NOT_FOUND_IN_TRS = "No teacher with this TRN and date of birth was found"

# BR-IP-21
ALREADY_CLAIMED_BY_THIS_BODY = "Teacher {name} already has an ongoing induction period with this appropriate body"

# BR-IP-22 (the same wording as the bulk upload's, BR-PIS-07)
HAS_ALREADY_PASSED = "{name} has already passed their induction"
HAS_ALREADY_FAILED = "{name} has already failed their induction"
IS_EXEMPT = "{name} is exempt from completing their induction"
IS_PROHIBITED = "{name} is prohibited from teaching"
HAS_NO_QTS = "{name} does not have their qualified teacher status (QTS)"

# BR-IP-23
CLAIMED_BY_ANOTHER_BODY = "{name} is already claimed by another appropriate body ({appropriate_body})"
CLAIMED_BY_THIS_BODY = "{name} is already claimed by your appropriate body"

# BR-IP-24
CONFIRM_DETAILS = "Confirm if these details are correct or try your search again"

# BR-IP-25 (Q5: 1 September 2021 itself is refused in every path, as the text says "after")
START_NOT_AFTER_ECF_ROLL_OUT = "Enter a start date after 1 September 2021"
START_NOT_AFTER_LAST_PERIOD = "Enter a start date after the last induction period finished ({finished_on})"

# BR-IP-26
QTS_NOT_AWARDED = "QTS has not been awarded"
TRS_STATUS_NOT_KNOWN = "TRS Induction Status is not known"

# BR-IP-27
CHOOSE_AN_INDUCTION_TRAINING_PROGRAMME = "Choose an induction training programme"

# BR-IP-30
NO_OPEN_INDUCTION = "{name} does not have an open induction"
WITH_ANOTHER_BODY = "{name} is completing their induction with another appropriate body ({appropriate_body})"
ENTER_A_FINISH_DATE = "Enter a finish date"

# BR-IP-31 (Q4: enforced for single records as well as bulk uploads)
END_NOT_AFTER_START = "Induction end date must be after the induction start date ({started_on})"

# BR-IP-32
ENTER_FAIL_CONFIRMATION_DATE = "Enter the date you sent them written confirmation of their failed induction"

# AB users may edit only their own open period (journeys.md §5.5 scope rule)
ONLY_OWN_OPEN_PERIOD = "You can only change an open induction period with your appropriate body"

# Admin import of an ECT (§7.3.6)
TEACHER_ALREADY_EXISTS = "Teacher {name} already exists"

# BR-EXT-01, BR-EXT-02
EXTENSION_TERMS_BLANK = "Number of terms can't be blank"
EXTENSION_TERMS_NOT_A_NUMBER = "Number of terms is not a number"
EXTENSION_TERMS_OUT_OF_RANGE = "Number of terms must be between 0.1 and 16"
ONLY_DFE_STAFF_DELETE_EXTENSIONS = "Only DfE staff can delete an extension"

# BR-ADM-01
NOTE_OR_TICKET_REQUIRED = "Add a note or enter the Zendesk ticket number"
TICKET_MUST_BE_SIX_DIGITS = "Ticket number must be 6 digits"
