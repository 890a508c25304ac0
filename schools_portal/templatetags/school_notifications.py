"""`{% school_notifications_panel school %}`: the school's unread notifications at the top of its home page."""

from __future__ import annotations

from django import template

from schools.models import School
from schools.selectors import unread_school_notifications

register = template.Library()
SHOWN_ON_HOME = 3


@register.inclusion_tag("schools_portal/notifications/_home_panel.html")
def school_notifications_panel(school: School) -> dict:
    unread = unread_school_notifications(school)
    return {"notifications": list(unread[:SHOWN_ON_HOME]), "unread": unread.count()}
