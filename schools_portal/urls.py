"""School users' pages (journeys.md §4). Each journey's routes live next to its views."""

from schools_portal.views import ects, leaving, mentors

app_name = "schools"

urlpatterns = [
    *ects.urlpatterns,
    *mentors.urlpatterns,
    *leaving.urlpatterns,
]
