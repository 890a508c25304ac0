"""Appropriate body users' pages (journeys.md §5). Each group of pages keeps its routes next to its views."""

from appropriate_body_portal.views import bulk_uploads, claim, inductions, schools_data, teachers

app_name = "appropriate_body"

urlpatterns = [
    *teachers.urlpatterns,
    *claim.urlpatterns,
    *inductions.urlpatterns,
    *schools_data.urlpatterns,
    *bulk_uploads.urlpatterns,
]
