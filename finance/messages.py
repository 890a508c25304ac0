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

# Adjustments (finance.md §5.6; journeys.md §6.8.5). Our wording: the spec gives the rules, not the texts.
ADJUSTMENT_NAME_REQUIRED = "Enter an adjustment name"
ADJUSTMENT_NAME_TOO_LONG = "Adjustment name must be 500 characters or fewer"
ADJUSTMENT_AMOUNT_REQUIRED = "Enter an adjustment amount"
ADJUSTMENT_AMOUNT_NOT_A_NUMBER = "Adjustment amount must be a number"
ADJUSTMENT_AMOUNT_ZERO = "Adjustment amount must not be 0"
ADJUSTMENT_AMOUNT_OUT_OF_RANGE = "Adjustment amount must be between -1,000,000 and 1,000,000"
ADJUSTMENT_AMOUNT_TOO_PRECISE = "Adjustment amount must be in pounds and pence"
ADJUSTMENTS_NOT_EDITABLE = "Adjustments can only be changed on output statements that have not been paid"

# Statement lifecycle (finance.md §5.2; journeys.md §6.8.4).
ASSURANCE_CHECKS_REQUIRED = "You must have completed all assurance checks"
NOT_AN_OUTPUT_STATEMENT = "Only output statements can be marked as payable or authorised for payment"
ALREADY_AUTHORISED = "This statement has already been authorised for payment"
NO_OUTSTANDING_DECLARATIONS = "This statement has no payable declarations or clawbacks to authorise"

# Adding, changing and deleting statements (finance.md §5.1). Our wording: the spec gives the rules.
CONTRACT_OF_ANOTHER_PROVIDER = "Choose a contract of this lead provider"
STATEMENT_PAYMENTS_FROZEN = "Statements cannot be added once the contract period's payments are frozen"
STATEMENT_NOT_EDITABLE = "Statements cannot be changed or deleted once the contract period's payments are frozen"
STATEMENT_HAS_DECLARATIONS = "This statement cannot be deleted because declarations are attached to it"
