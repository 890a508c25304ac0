"""Template tags for GOV.UK Design System components, rendered by small includes under `templates/govuk/`.

{% load govuk %}
{% govuk_error_summary form %}                         links each error to its field
{% govuk_field form.email %}                           input, textarea, select, radios, checkboxes or date
{% govuk_field form.start_date legend_as_heading=True hint="For example, 27 3 2026" %}
{% govuk_summary_list rows %}                          rows: dicts of key, value, change_url, change_label
{% govuk_back_link url %}
{{ day|govuk_date }}  {{ instant|govuk_datetime }}  {{ day|govuk_short_date }}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from core.clock import LONDON
from web.forms import DateInput

register = template.Library()


def _kind(bound: BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, DateInput):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


def anchor_id(bound: BoundField) -> str:
    """The element an error summary link should focus: the first box of a date, the first radio or checkbox."""
    kind = _kind(bound)
    if kind == "date":
        return f"{bound.auto_id}_day"
    if kind in ("radios", "checkboxes"):
        return f"{bound.auto_id}_0"
    return bound.auto_id


def _choices(bound: BoundField) -> list[dict[str, Any]]:
    value = bound.value()
    selected = (
        {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)} if value is not None else set()
    )
    hints = getattr(bound.field, "choice_hints", {}) or {}
    items = []
    for index, (choice_value, choice_label) in enumerate(bound.field.choices):
        if choice_value in ("", None) and _kind(bound) != "select":
            continue
        items.append(
            {
                "id": f"{bound.auto_id}_{len(items)}" if _kind(bound) != "select" else f"{bound.auto_id}_{index}",
                "value": choice_value,
                "label": choice_label,
                "hint": hints.get(choice_value),
                "checked": str(choice_value) in selected,
                "divider_before": choice_value in getattr(bound.field, "divider_before", ()),
            }
        )
    return items


@register.simple_tag
def govuk_field(bound: BoundField, **options: Any) -> SafeString:
    """Options: hint, label_size ("l", "m", "s"), legend_as_heading / label_as_heading, caption, input_class
    (for example "govuk-input--width-10"), autocomplete, spellcheck, rows, inline (radios side by side),
    input_type (text, email, tel, number)."""
    kind = _kind(bound)
    widget = bound.field.widget
    date_parts = []
    if kind == "date":
        values = bound.value()
        if not isinstance(values, (list, tuple)):
            values = widget.decompress(values)
        for (part, width), value in zip((("day", 2), ("month", 2), ("year", 4)), values, strict=True):
            date_parts.append(
                {
                    "part": part,
                    "label": part.capitalize(),
                    "name": f"{bound.html_name}_{part}",
                    "id": f"{bound.auto_id}_{part}",
                    "value": "" if value is None else value,
                    "width": width,
                }
            )
    input_type = options.pop("input_type", None) or getattr(widget, "input_type", "text") or "text"
    context = {
        "field": bound,
        "kind": kind,
        "id": bound.auto_id,
        "name": bound.html_name,
        "label": bound.label,
        "value": bound.value() if kind in ("input", "textarea") else None,
        "errors": list(bound.errors),
        "hint": options.pop("hint", None) or bound.help_text or None,
        "choices": _choices(bound) if kind in ("radios", "checkboxes", "select") else [],
        "date_parts": date_parts,
        "input_type": input_type,
        "required": bound.field.required,
        **options,
    }
    if kind == "checkbox":
        context["checked"] = bool(bound.value())
    return render_to_string(f"govuk/{'date_input' if kind == 'date' else kind}.html", context)


@register.simple_tag
def govuk_error_summary(*forms_: forms.Form | None, title: str = "There is a problem") -> SafeString:
    """One summary for one or more forms; non-field errors link to the first field."""
    items = []
    for form in forms_:
        if form is None or not form.errors:
            continue
        fields = list(form)
        for message in form.non_field_errors():
            items.append({"message": message, "href": f"#{anchor_id(fields[0])}" if fields else "#main-content"})
        for bound in fields:
            for message in bound.errors:
                items.append({"message": message, "href": f"#{anchor_id(bound)}"})
    if not items:
        return SafeString("")
    return render_to_string("govuk/error_summary.html", {"items": items, "title": title})


@register.simple_tag
def govuk_summary_list(rows: list[dict[str, Any]], no_border: bool = False) -> SafeString:
    return render_to_string("govuk/summary_list.html", {"rows": rows, "no_border": no_border})


@register.simple_tag
def govuk_back_link(url: str, text: str = "Back") -> SafeString:
    return render_to_string("govuk/back_link.html", {"url": url, "text": text})


@register.filter
def govuk_date(value: dt.date | dt.datetime | None) -> str:
    """`2 January 2026` (journeys.md §0)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


@register.filter
def govuk_short_date(value: dt.date | dt.datetime | None) -> str:
    """`2 Jan 2026`, for timelines."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%b %Y}"


@register.filter
def govuk_datetime(value: dt.datetime | None) -> str:
    """`2 January 2026, 5:30pm`."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
