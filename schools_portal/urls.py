"""School users' pages (journeys.md §4). Each journey's routes live next to its views."""

from schools_portal.journeys import induction_tutor, register_ect
from schools_portal.views import (
    ect_changes,
    ects,
    leaving,
    mentor_changes,
    mentors,
    notifications,
    register_mentor,
    reminders,
    support,
)

app_name = "schools"

urlpatterns = [
    *ects.urlpatterns,
    *register_ect.urlpatterns,
    *induction_tutor.urlpatterns,
    *mentors.urlpatterns,
    *leaving.urlpatterns,
    *register_mentor.urlpatterns,
    *mentor_changes.urlpatterns,
    *ect_changes.urlpatterns,
    *reminders.urlpatterns,
    *support.urlpatterns,
    *notifications.urlpatterns,
]
