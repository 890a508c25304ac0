"""User-facing messages for teacher identity (domain.md §8.2), in the spec's exact words."""

# BR-T-01
TRN_TOO_SHORT = "Teacher reference number must include at least 5 digits"
TRN_TOO_LONG = "Teacher reference number cannot include more than 7 digits"
