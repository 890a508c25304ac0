"""User-facing messages for leaving a school, deleting and undoing registrations (domain.md §7.1.5–7.1.8,
§7.2.6, §8.1, §8.7), in the spec's exact words. Substitutions are filled in with `.format` at raise time."""

# BR-P-07: an at-school period must cover all its children (checked on update)
DATE_RANGE_DOES_NOT_COVER_TRAINING_PERIODS = "Date range does not cover all the training periods"
DATE_RANGE_DOES_NOT_COVER_MENTORSHIP_PERIODS = "Date range does not cover all the mentorship periods"

# BR-ECT-25: the leaving date
LEAVING_DATE_REQUIRED = "Enter the date the teacher left or will be leaving your school"
LEAVING_DATE_INVALID = "Enter the date in the correct format, for example 30 06 2001"
LEAVING_DATE_TOO_FAR_AHEAD = "Enter a date no further than 4 months from today"

# BR-ECT-26: at least two days after the period's start and its latest started training period's start
LEAVING_DATE_TOO_SOON_AFTER_TRAINING = (
    "Our records show that {name} started their latest training at your school on {started_on}. "
    "Enter a date after {earliest}."
)
LEAVING_DATE_TOO_SOON_AFTER_START = (
    "Our records show that {name} started teaching at your school on {started_on}. Enter a date after {earliest}."
)

# Reporting a leaver for the wrong school or an already-finished period
NOT_AT_THIS_SCHOOL = "This teacher is not registered at your school"

# §7.1.6: deleting a registration that never started
ACTION_DATE_REQUIRED = "Enter the date of the action"
ACTION_DATE_IN_FUTURE = "The date of the action cannot be in the future"
PERIOD_ALREADY_STARTED = "Only a registration that has not started can be deleted"

# §7.1.8: undoing a registration made in error
NO_PERIODS_TO_CLOSE = "No open periods to close"
