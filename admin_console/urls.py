"""DfE staff console (journeys.md §6). Finance pages keep their routes in `admin_console.finance`."""

from django.urls import include, path

from admin_console.views import (
    bulk_uploads,
    cohort_closure,
    corrections,
    data_fixes,
    extensions,
    import_ect,
    jobs,
    organisations,
    partnerships,
    schools,
    teachers,
    training,
    users,
)

app_name = "admin_console"

urlpatterns = [
    *teachers.urlpatterns,
    *corrections.urlpatterns,
    *extensions.urlpatterns,
    *training.urlpatterns,
    *import_ect.urlpatterns,
    *jobs.urlpatterns,
    *cohort_closure.urlpatterns,
    *schools.urlpatterns,
    *partnerships.urlpatterns,
    *organisations.urlpatterns,
    *bulk_uploads.urlpatterns,
    *users.urlpatterns,
    *data_fixes.urlpatterns,
    path("", include("admin_console.finance.urls")),
]
