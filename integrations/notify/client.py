"""Sending email through GOV.UK Notify (journeys.md §7, integrations.md §5).

`send_email(template, to, personalisation)` is what services call. It renders the subject and markdown body from
our own text for that catalogue entry (`CATALOGUE`) and hands the message over **after the current transaction
commits**, so a rolled-back action sends nothing. The backend comes from `NOTIFY_BACKEND`:

- `notify`: the Notify API (notifications-python-client) with `GOVUK_NOTIFY_API_KEY`. Like the reference, every
  email uses one generic template (`GOVUK_NOTIFY_GENERIC_TEMPLATE_ID`) whose content is `((subject))` and
  `((body))`; an entry of `GOVUK_NOTIFY_TEMPLATE_IDS` sends that catalogue email to its own Notify template
  with the raw personalisation instead.
- `local`: records each message in `notify_sent_emails` (development's `/dev/emails` page lists them; tests read
  them).
- `console`: logs the message.

With the Notify backend, sending is asynchronous on the `mailers` queue (§5.1): after commit the message is
stored and its job deferred (`integrations.notify.outbox`, `integrations.notify.tasks`), which retries Notify's
429 and 5xx with backoff, never retries a 400 or 403, and never sends an email twice. The local and console
backends deliver at commit, in the same process, so development and tests see the email straight away.

A failed delivery is logged, never raised: the action that caused the email has already been committed, and
the user must still see it succeed (integrations.md §5.5).
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.template import engines

logger = logging.getLogger(__name__)

# integrations.md §5.2: fixed links used in the bodies.
LINKS = {
    "privacy_notice": "https://www.gov.uk/government/publications/privacy-information-education-providers-workforce-including-teachers",
    "ect_guidance": "https://www.gov.uk/government/publications/early-career-teachers-your-training-and-support-entitlement",
    "mentor_guidance": "https://www.gov.uk/government/publications/early-career-teacher-entitlement-roles-and-responsibilities/mentors-responsibilities-for-early-career-teacher-entitlement",
    "service": "https://www.register-early-career-teachers.education.gov.uk/",
    "dfe_sign_in": "https://services.signin.education.gov.uk/",
    "dfe_sign_in_help": "https://help.signin.education.gov.uk/contact-us",
    "ecte_setup_guidance": "https://www.gov.uk/guidance/set-up-and-manage-the-early-career-teacher-entitlement",
    "ect_guidance_collection": "https://www.gov.uk/government/collections/induction-training-and-support-for-early-career-teachers-ects",
}
TRA_FAIL_INBOX = "TRA.SE@education.gov.uk"


@dataclass(frozen=True)
class EmailTemplate:
    name: str
    subject: str  # a Django template string
    required: tuple[str, ...]


# journeys.md §7.1, in its order.
CATALOGUE: dict[str, EmailTemplate] = {
    t.name: t
    for t in (
        EmailTemplate(
            "ect_registered_provider_led",
            "You’ve been registered for early career teacher training and support",
            ("name", "school_name"),
        ),
        EmailTemplate(
            "ect_registered_school_led",
            "You’ve been registered for early career teacher training and support",
            ("name", "school_name"),
        ),
        EmailTemplate(
            "mentor_registered",
            "You’ve been registered as a mentor for early career teachers at {{ school_name }}",
            ("name", "school_name"),
        ),
        EmailTemplate(
            "induction_tutor_confirmation", "You are the induction tutor for {{ school_name }}", ("name", "school_name")
        ),
        EmailTemplate(
            "one_time_password",
            "Sign in to Register ECTs with this one time password",
            ("name", "code", "code_page_url"),
        ),
        EmailTemplate(
            "tra_fail_notification",
            "Fail notification from Record inductions",
            ("name", "trn", "appropriate_body_name"),
        ),
        # Issue 8 item 2 (docs/school-notifications.md): one entry for every kind; the words come with the call.
        EmailTemplate(
            "school_notification", "{{ heading }}", ("school_name", "heading", "body", "action_text", "action_url")
        ),
    )
}


class UnknownTemplate(KeyError):
    pass


@dataclass(frozen=True)
class Message:
    template: str
    to: str
    subject: str
    body: str
    personalisation: dict[str, Any]
    reference: str | None = None


def render(template: str, personalisation: dict[str, Any]) -> tuple[str, str]:
    """The subject and Notify-markdown body of a catalogue email (plain text: nothing is HTML-escaped)."""
    entry = CATALOGUE.get(template)
    if entry is None:
        raise UnknownTemplate(template)
    missing = [key for key in entry.required if personalisation.get(key) in (None, "")]
    if missing:
        raise ValueError(f"Email {template} is missing {', '.join(missing)}")
    engine = engines["django"]
    context = {**personalisation, "links": LINKS}
    subject = engine.from_string("{% autoescape off %}" + entry.subject + "{% endautoescape %}").render(context)
    body = engine.get_template(f"notify/{template}.md").template.render(_plain_context(context))
    return subject.strip(), re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def _plain_context(values: dict[str, Any]):
    from django.template import Context

    return Context(values, autoescape=False)


class Backend(Protocol):
    def deliver(self, message: Message) -> object: ...


class LocalBackend:
    def deliver(self, message: Message) -> None:
        from integrations.notify.models import SentEmail

        SentEmail.objects.create(**asdict(message))


class ConsoleBackend:
    def deliver(self, message: Message) -> None:
        logger.info("Email %s to %s\nSubject: %s\n\n%s", message.template, message.to, message.subject, message.body)


class NotifyBackend:
    def __init__(self, api_key: str, generic_template_id: str, template_ids: dict[str, str]):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key)
        self.generic_template_id = generic_template_id
        self.template_ids = template_ids

    def deliver(self, message: Message) -> dict[str, Any]:
        """Notify's answer (its `id` for the notification); the client raises `HTTPError` for any 4xx or 5xx, and
        for no answer at all as a 503."""
        own_template = self.template_ids.get(message.template)
        if own_template:
            template_id, personalisation = own_template, {k: str(v) for k, v in message.personalisation.items()}
        else:
            template_id, personalisation = self.generic_template_id, {"subject": message.subject, "body": message.body}
        return self.client.send_email_notification(
            email_address=message.to,
            template_id=template_id,
            personalisation=personalisation,
            reference=message.reference,
        )

    def find_by_reference(self, reference: str) -> bool:
        """Whether Notify already has a notification with this reference (for a retry after a lost answer)."""
        return bool(self.client.get_all_notifications(reference=reference).get("notifications"))


def backend() -> Backend:
    name = settings.NOTIFY_BACKEND
    if name == "notify":
        return NotifyBackend(
            settings.GOVUK_NOTIFY_API_KEY, settings.GOVUK_NOTIFY_GENERIC_TEMPLATE_ID, settings.GOVUK_NOTIFY_TEMPLATE_IDS
        )
    if name == "console":
        return ConsoleBackend()
    return LocalBackend()


def deliver(message: Message) -> None:
    try:
        backend().deliver(message)
    except Exception:  # a failed email must never undo or fail the committed action
        logger.exception("Could not send email %s (reference %s)", message.template, message.reference)


def send_email(template: str, to: str, personalisation: dict[str, Any], *, reference: str | None = None) -> Message:
    """Render now (so a bad call fails inside the action). For real Notify the email is queued on `mailers` inside
    the action's transaction, so it is sent if and only if the action commits, even if the process dies at the
    commit; the local and console backends deliver once the transaction commits."""
    subject, body = render(template, personalisation)
    message = Message(
        template=template, to=to, subject=subject, body=body, personalisation=dict(personalisation), reference=reference
    )
    if settings.NOTIFY_BACKEND == "notify":
        from integrations.notify.outbox import queue_email

        queue_email(message)
    else:
        transaction.on_commit(lambda: deliver(message))
    return message
