"""User-facing messages for statements, in the spec's exact words (domain.md §5.19, §8.15; Q9).
Substitutions are filled in at raise time."""

MONTH_INVALID = "Month must be a number between 1 and 12"
# Q9: the reference intends 2020 ≤ year ≤ current year + 5 but never enforces it; we do.
YEAR_INVALID = "Year must be on or after 2020 and on or before {maximum_year}"
FEE_TYPE_REQUIRED = "Enter a fee type"
FEE_TYPE_INVALID = "Fee type must be output or service"
STATUS_REQUIRED = "Enter a status"
STATUS_INVALID = "Choose a valid status"
CONTRACT_REQUIRED = "Contract is required"
DEADLINE_DATE_REQUIRED = "Deadline date must be specified"
PAYMENT_DATE_NOT_AFTER_DEADLINE = "Payment date must be later than the deadline date"
DEADLINE_DATE_NOT_IN_FUTURE = "Deadline date must be in the future"
DEADLINE_DATE_NOT_IN_PAST = "Deadline date must be in the past"
STATEMENT_NOT_UNIQUE = "Statement with the same month and year already exists for this active lead provider"
# Not in the spec: a status move the statement machine (open → payable → paid) does not allow.
STATUS_TRANSITION_REFUSED = "Statement status cannot change from {from_status} to {to_status}"
