"""User-facing messages for contract periods, schedules, lead providers, delivery partners and partnerships, in the
spec's exact words (domain.md §8.5, §8.6; lead-provider-api.md §11.12). Substitutions are filled in at raise time."""

# Contract periods (BR-CP-01 … BR-CP-05, BR-CP-11) ----------------------------------------------------------------

YEAR_REQUIRED = "can't be blank"
YEAR_TOO_EARLY = "must be greater than or equal to 2020"
YEAR_TAKEN = "has already been taken"
START_DATE_REQUIRED = "Enter a start date"
END_DATE_REQUIRED = "Enter an end date"
CONTRACT_PERIOD_NOT_EDITABLE = "The contract period cannot be edited"
ALREADY_SCHEDULED = "The contract period already has schedules"
SCHEDULED_AFTER_START = "Contract periods cannot be scheduled after they have started"
NO_PREVIOUS_CONTRACT_PERIOD = "No previous contract period found"

# Schedules and milestones (BR-CP-07 … BR-CP-10) -----------------------------------------------------------------

SCHEDULE_CONTRACT_PERIOD_REQUIRED = "Enter a contract period year"
SCHEDULE_IDENTIFIER_INVALID = "Choose an identifier from the list"
SCHEDULE_IDENTIFIER_TAKEN = "Can be used once per contract period"
# Not in the spec: a schedule that training periods use cannot be removed (the database would refuse it anyway).
SCHEDULE_IN_USE = "The schedule is used by training periods and cannot be removed"
MILESTONE_SCHEDULE_REQUIRED = "Choose a schedule"
MILESTONE_START_DATE_REQUIRED = "Enter a start date"
MILESTONE_DECLARATION_TYPE_INVALID = "Choose a valid declaration type"
MILESTONE_DECLARATION_TYPE_TAKEN = "Can be used once per schedule"
MILESTONE_START_BEFORE_CONTRACT_YEAR = "The start date must be on or after the 1 June {year}"
MILESTONE_DATE_NOT_AFTER_START = "Milestone date must be after the start date"

# Lead providers and activations (BR-LP-01, BR-LP-02, BR-LP-15, BR-LP-16, §7.8.4) ---------------------------------

LEAD_PROVIDER_NAME_REQUIRED = "can't be blank"
LEAD_PROVIDER_NAME_TAKEN = "has already been taken"
LEAD_PROVIDER_ECF_ID_TAKEN = "has already been taken"
ACTIVE_LEAD_PROVIDER_CONTRACT_PERIOD_REQUIRED = "Choose a contract period"
LEAD_PROVIDERS_FIXED_ONCE_STARTED = "Lead providers can only be added or removed before the contract period starts"
ACTIVE_LEAD_PROVIDER_LEAD_PROVIDER_REQUIRED = "Choose a lead provider"
ACTIVE_LEAD_PROVIDER_NOT_UNIQUE = "Contract period and lead provider must be unique"
NO_PREVIOUS_ACTIVATION = "No previous activation found in {year} for {lead_provider}"
PREVIOUS_ACTIVATION_INCOMPLETE = (
    "Key info for {lead_provider} is missing previous delivery partnerships, contracts or statements."
)
ALREADY_POPULATED = "{lead_provider} already has data for {year}"
DECLARATIONS_PRESENT = "Declarations are present"
TRAINING_PERIODS_PRESENT = "Training periods are present"
EXPRESSIONS_OF_INTEREST_PRESENT = "Expressions of interest are present"

BAND_CAPACITY_NOT_POSITIVE = "Capacity must be a number greater than zero"
BAND_CAPACITY_REDUCED = "can only be increased"
BAND_NOT_LAST_UPDATE = "Only the last band can be updated"
BAND_NOT_LAST_DESTROY = "Only the last band can be destroyed"
BANDS_LOCKED = "Bands cannot be added or deleted once a contract is in place or the contract period has begun"

# Delivery partners and pairings (BR-LP-03 … BR-LP-05) -----------------------------------------------------------

DELIVERY_PARTNER_NAME_REQUIRED = "Enter a delivery partner name"
DELIVERY_PARTNER_NAME_TAKEN = "A delivery partner with this name already exists"
DELIVERY_PARTNER_NEW_NAME_REQUIRED = "Enter the new name for {name}"
PAIRING_NOT_UNIQUE = "Delivery partner and active lead provider pairing must be unique"
PAIRING_ACTIVE_LEAD_PROVIDER_REQUIRED = "Select an active lead provider"
PAIRING_DELIVERY_PARTNER_REQUIRED = "Select a delivery partner"
PAIRING_HAS_SCHOOL_PARTNERSHIPS = "Cannot remove a delivery partner with school partnerships"

# School partnerships (BR-LP-06 … BR-LP-14; lead-provider-api.md §11.12.4–5) -------------------------------------

SCHOOL_PARTNERSHIP_NOT_UNIQUE = "School and lead provider delivery partnership combination must be unique"
COHORT_REQUIRED = "Enter a '#/cohort'."
SCHOOL_ID_REQUIRED = "Enter a '#/school_id'."
DELIVERY_PARTNER_ID_REQUIRED = "Enter a '#/delivery_partner_id'."
COHORT_INVALID = "The '#/cohort' you have entered is invalid. Check cohort details and try again."
COHORT_IN_FUTURE = "You cannot create a partnership for a future cohort."
COHORT_CLOSED = "You cannot create this partnership as the cohort is closed."
SCHOOL_ID_INVALID = (
    "The '#/school_id' you have entered is invalid. Check school details and try again. "
    "Contact the DfE for support if you are unable to find the '#/school_id'."
)
SCHOOL_INELIGIBLE = (
    "The school you have entered is currently ineligible for DfE funding. Contact the school for more information."
)
DELIVERY_PARTNER_ID_INVALID = (
    "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again."
)
DELIVERY_PARTNER_NOT_PAIRED = (
    "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. "
    "Contact the DfE for more information."
)
ALREADY_PARTNERED = "You are already in a confirmed partnership with this school for the entered cohort."
SCHOOL_LED_ONLY = "This school has only registered school-led participants. Contact the school for more information."
ALREADY_PARTNERED_WITH_DELIVERY_PARTNER = (
    "We are unable to process this request. You are already confirmed to be in partnership with the entered "
    "delivery partner. Contact the DfE for support."
)

# API tokens (BR-LP-17) ------------------------------------------------------------------------------------------

API_TOKEN_LEAD_PROVIDER_REQUIRED = "Lead provider must be specified"
API_TOKEN_NOT_UNIQUE = "Hashed token must be unique"
