"""Finance pages of the console: contracts, statements, adjustments, payments (journeys.md §6, finance.md)."""
