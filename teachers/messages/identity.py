"""User-facing messages for teacher identity (domain.md §8.2), in the spec's exact words."""

# BR-T-01
TRN_TOO_SHORT = "Teacher reference number must include at least 5 digits"
TRN_TOO_LONG = "Teacher reference number cannot include more than 7 digits"

# BR-T-02 … BR-T-04
TRN_REQUIRED = "Enter the teacher reference number (TRN)"
TRN_NOT_ALLOWED_WHEN_TRNLESS = "TRN not allowed when trnless is true"
TRN_ALREADY_EXISTS = "TRN already exists"

# BR-T-05
TRS_INDUCTION_STATUS_TOO_LONG = "TRS induction status must be shorter than 18 characters"

# BR-T-06
MENTOR_INELIGIBLE_DATE_REQUIRED = "Enter the date when the mentor became ineligible for funding"
MENTOR_INELIGIBLE_REASON_REQUIRED = "Choose the reason why the mentor became ineligible for funding"

# BR-T-07
CANNOT_BE_CHANGED_ONCE_SET = "cannot be changed once set"

# BR-T-08 (the reference uses the framework's presence message)
CANT_BE_BLANK = "can't be blank"

# BR-T-09
API_ID_ALREADY_EXISTS = "API id already exists for another teacher"
API_ECT_TRAINING_RECORD_ID_ALREADY_EXISTS = "API ect training record id already exists for another teacher"
API_MENTOR_TRAINING_RECORD_ID_ALREADY_EXISTS = "API mentor training record id already exists for another teacher"

# BR-T-10
MIGRATION_MODE_INVALID = "Must be latest_induction_records, all_induction_records or not_migrated"

# BR-T-14
STILL_HAS_REGISTRATIONS = "Teacher still has registrations or induction periods"

# BR-T-15
CANNOT_MERGE_INTO_ITSELF = "Cannot merge a teacher into itself"
MERGE_WOULD_GIVE_TWO_OUTCOMES = "Both teachers have an induction outcome, so they cannot be merged"
MERGE_CONFLICT = "These teacher records cannot be merged because their periods conflict"

# BR-M-23 (the reference refuses anything but exactly seven digits)
TRN_MUST_BE_SEVEN_DIGITS = "TRN must be 7 digits"

# Display name when nothing is known (BR-T-11)
UNKNOWN_NAME = "Unknown"
