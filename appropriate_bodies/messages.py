"""User-facing messages for appropriate bodies and their CSV uploads (domain.md §8.4, §8.13), in the spec's
exact words. Row messages that repeat single-claim ones (`<Name> has already passed…`) are imported from
`teachers.messages.induction` by the row checks rather than copied here."""

# BR-AB-01 (uniqueness uses the framework's wording)
NAME_TAKEN = "Name has already been taken"
NAME_REQUIRED = "Enter a name"
BODY_TYPE_INVALID = "Must be local authority, national or teaching school hub"

# BR-AB-04
DQT_ID_TAKEN = "DQT ID has already been taken"
LEGACY_BODY_ALREADY_MAPPED = "Appropriate body period already has a legacy appropriate body"

# BR-AB-05
REGION_CODE_REQUIRED = "Enter a region code"
REGION_CODE_TAKEN = "Code has already been taken"
DISTRICTS_REQUIRED = "Enter at least one district"

# File checks (BR-PIS-01 … BR-PIS-05); "select a file" and "malformed" are journeys.md §5.10.2 intents
SELECT_A_FILE = "Select a file"
FILE_MALFORMED = "The selected file is malformed"
FILE_MUST_BE_CSV = "The selected file must be a CSV"
FILE_TOO_LARGE = "File size must be less than 2MB"  # the reference's 100KB, for its 1,000 rows
FILE_MUST_FOLLOW_TEMPLATE = "The selected file must follow the template"
FILE_TOO_MANY_ROWS = "The selected file must have 10,000 rows or fewer"  # the reference takes 1,000
FILE_EMPTY = "The selected file is empty"
FILE_DUPLICATE_ECTS = "The selected file has duplicate ECTs"

# BR-PIS-06
ESTABLISHMENT_ID_FORMAT = "Enter an establishment ID in the format 1234/567"

# BR-PIS-07 row errors
FILL_IN_THE_BLANKS = "Fill in the blanks on this row"
INVALID_TRN = "Enter a valid TRN using 7 digits"
INVALID_DATE_FORMAT = "Dates must be in the format YYYY-MM-DD"
INVALID_DATE_OF_BIRTH = "Date of birth must be a real date and the teacher must be between 18 and 100 years old"
DATES_IN_FUTURE = "Dates cannot be in the future"
START_NOT_AFTER_ECF_ROLL_OUT = "Induction start date must be after 1 September 2021"
INVALID_PROGRAMME = "Induction programme type must be school-led or provider-led"
FAIL_NOT_ALLOWED = "Fail cannot be recorded in bulk upload"
INVALID_OUTCOME = "Outcome must be either pass or release"
INVALID_TERMS = "Enter number of terms between 0 and 16 using up to one decimal place"
TRS_MISMATCH = "TRN and date of birth do not match"
TRS_UNAVAILABLE = "TRS could not be contacted. You’ll need to try again later"
START_BEFORE_QTS = "Induction start date must not be before QTS date ({qts_awarded_on})"
START_OVERLAPS = "Induction start date must not overlap with any other induction periods"
NOT_YET_CLAIMED = "{name} has not yet been claimed"
SOMETHING_WENT_WRONG = "Something went wrong. You’ll need to try again later"

# BR-PIS-10 (the framework's wording)
CANT_BE_BLANK = "can't be blank"
NOT_IN_LIST = "is not included in the list"

# Batch status moves
BATCH_NOT_READY = "This upload cannot be submitted in its current state"
NOT_YOUR_BATCH = "This upload belongs to another appropriate body"
