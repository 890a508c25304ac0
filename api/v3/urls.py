from django.urls import path, re_path

from .app import api
from .middleware import route_not_found

urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", route_not_found),
]
