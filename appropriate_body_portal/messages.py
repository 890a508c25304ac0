"""What the appropriate body pages say that no service says (journeys.md §5): flashes, notices and the page-only
errors. The rules' own messages are the services' (`teachers.messages.induction`)."""

# §5.4: TRS being down is not "not found"
TRS_UNAVAILABLE = "The Teaching Record Service is not available at the moment. Try again later."

# §5.6 … §5.9: an action needs an open induction at this body
NO_ACTIVE_INDUCTION = "No active induction period found for {name}"

# §5.7 page 1
CONFIRM_FAIL_NOTIFIED = "Confirm that you have sent them written confirmation of their failed outcome"

# §5.5, §5.9 flashes (the spec's exact words)
INDUCTION_PERIOD_UPDATED = "Induction period updated successfully"
EXTENSION_ADDED = "Extension was successfully added."
EXTENSION_UPDATED = "Extension was successfully updated."
