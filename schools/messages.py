"""User-facing messages for schools and GIAS data (domain.md §8.3), in the spec's exact words.

Where the spec only says "uniqueness error" or "invalid", the reference's framework messages are used."""

# Framework wording the reference uses for generic field rules
CANT_BE_BLANK = "can't be blank"
HAS_ALREADY_BEEN_TAKEN = "has already been taken"
IS_NOT_A_NUMBER = "is not a number"
MUST_BE_AN_INTEGER = "must be an integer"
IS_NOT_INCLUDED_IN_THE_LIST = "is not included in the list"

# BR-S-04, BR-S-05, BR-S-12
LEAD_PROVIDER_REQUIRED = "Must contain the id of a lead provider"
MUST_BE_NIL = "Must be nil"
MUST_BE_PROVIDER_LED = "Must be provider-led"
LAST_CHOSEN_PROGRAMME_INVALID = "Must be nil or provider-led or school-led"

# BR-S-06, BR-S-07
MUST_BE_NATIONAL_OR_TEACHING_SCHOOL_HUB = "Must be national or teaching school hub"
MUST_BE_TEACHING_SCHOOL_HUB = "Must be teaching school hub"

# BR-S-08 … BR-S-10
INDUCTION_TUTOR_NAME_REQUIRED = "Must provide name if induction tutor email is set"
INDUCTION_TUTOR_EMAIL_REQUIRED = "Must provide email if induction tutor name is set"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
LAST_NOMINATED_NEEDS_TUTOR = "Cannot be set if induction tutor name or email is blank"

# BR-S-11
SCHOOL_API_ID_ALREADY_EXISTS = "API id already exists for another school"

# BR-S-17 (induction tutor form)
TUTOR_NAME_BLANK = "Enter the correct full name"
TUTOR_NAME_TOO_LONG = "Full name must be 70 letters or less"
TUTOR_EMAIL_BLANK = "Enter an email address"
TUTOR_EMAIL_TOO_LONG = "Enter an email address that is less than 254 characters long"
CONFIRM_TUTOR_UNANSWERED = "Select 'Yes' or 'No, someone else will be the induction tutor'"
TUTOR_DETAILS_UNCHANGED = "You must change the induction tutor details or confirm they are correct"
NO_CONTRACT_PERIOD_FOR_NOMINATION = "There is no current or upcoming contract period to nominate an induction tutor for"

# BR-S-18, BR-S-19
INVALID_SCHOOL_TYPE = "is not a valid school type"
