"""journeys.md §6.2, §6.6, §6.7, §6.11: a teacher's record in six tabs, with every period and event; school and
organisation pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from admin_console.tests.console import signed_in
from events.authors import Author
from events.models import Event
from events.record import declarations as declaration_events
from providers.models import ActiveLeadProvider
from teachers.services.induction_admin import delete_induction_period
from tests.builders import (
    create_ect_at_school_period,
    create_induction_period,
    create_mentor_at_school_period,
    create_mentorship_period,
    create_teacher,
    create_training_period,
)
from tests.builders_providers import create_declaration, create_statement
from tests.builders_training import partnership

pytestmark = pytest.mark.django_db

TABS = ["", "/induction", "/school", "/training", "/declarations", "/timeline"]


@pytest.fixture
def jane_story(world):
    ect = create_ect_at_school_period(
        teacher=world.jane, school=world.oakfield, started_on=dt.date(2026, 9, 1), email="jane@example.com"
    )
    create_training_period(
        ect_at_school_period=ect,
        school_partnership=partnership(
            school=world.oakfield, lead_provider=world.alpha, year=2026, delivery_partner=world.delta
        ),
    )
    mentor = create_mentor_at_school_period(
        teacher=create_teacher(first_name="Tom", last_name="Brown"),
        school=world.oakfield,
        started_on=dt.date(2026, 9, 1),
    )
    create_mentorship_period(mentee=ect, mentor=mentor, started_on=dt.date(2026, 9, 2))
    create_induction_period(teacher=world.jane, appropriate_body=world.north_hub, started_on=dt.date(2026, 9, 1))
    return world.jane


def test_every_tab_loads_with_breadcrumbs_and_the_trn_caption(client, jane_story):
    signed_in(client)
    for suffix in TABS:
        response = client.get(f"/admin/teachers/{jane_story.pk}{suffix}")
        text = response.content.decode()
        assert response.status_code == 200, suffix
        assert "TRN: 1234567" in text and "Jane Smith" in text
        for label in ("Overview", "Induction", "School", "Training", "Declarations", "Timeline"):
            assert f">{label}</a>" in text


def test_overview_shows_role_email_current_school_and_status(client, jane_story):
    signed_in(client)
    text = client.get(f"/admin/teachers/{jane_story.pk}").content.decode()
    assert "jane@example.com" in text
    assert "Oakfield Primary (URN: 100001)" in text
    assert "In progress" in text or "Required to complete" in text
    assert str(jane_story.api_id) in text


def test_school_and_training_tabs_show_each_period(client, jane_story):
    signed_in(client)
    school = client.get(f"/admin/teachers/{jane_story.pk}/school").content.decode()
    assert "ECT history" in school and "Tom Brown" in school and "jane@example.com" in school
    training = client.get(f"/admin/teachers/{jane_story.pk}/training").content.decode()
    assert "Alpha Learning &amp; Delta Partners" in training
    assert "Move to a different partnership" in training
    assert "API response" in training and f"&quot;id&quot;: &quot;{jane_story.api_id}&quot;" in training


def test_timeline_lists_every_period_and_events_newest_first_with_author_and_ticket(client, jane_story, world):
    admin = signed_in(client)
    period = create_induction_period(
        teacher=jane_story,
        appropriate_body=world.north_hub,
        started_on=dt.date(2025, 9, 1),
        finished_on=dt.date(2025, 12, 20),
    )
    delete_induction_period(author=Author.dfe_staff_user(admin), period=period, zendesk_ticket="#123456")
    text = client.get(f"/admin/teachers/{jane_story.pk}/timeline").content.decode()
    for kind in ("ECT at school", "ECT training", "Mentored by", "Induction"):
        assert kind in text
    assert "Induction period deleted by admin" in text
    assert f"by {admin.name}" in text
    assert "https://becomingateacher.zendesk.com/agent/tickets/123456" in text
    headings = [e.heading for e in Event.objects.filter(teacher=jane_story).order_by("-happened_at", "-pk")]
    assert text.index(headings[0]) <= text.index(headings[-1])


def test_unknown_teacher_is_404(client, world):
    signed_in(client)
    assert client.get("/admin/teachers/999999").status_code == 404


def test_school_pages_and_the_sign_in_as_button(client, jane_story, world):
    signed_in(client)
    assert client.get("/admin/schools/100001").headers["Location"] == "/admin/schools/100001/overview"
    overview = client.get("/admin/schools/100001/overview").content.decode()
    assert "URN: 100001" in overview and "Sign in as Oakfield Primary" in overview
    teachers = client.get("/admin/schools/100001/teachers").content.decode()
    assert "Jane Smith" in teachers and "Tom Brown" in teachers
    assert "No teachers found at this school" in client.get("/admin/schools/100002/teachers").content.decode()
    partnerships = client.get("/admin/schools/100001/partnerships").content.decode()
    assert "2026 partnerships" in partnerships and "Alpha Learning and Delta Partners" in partnerships


def test_organisation_pages(client, jane_story, world):
    signed_in(client)
    assert "Appropriate bodies" in client.get("/admin/organisations").content.decode()
    bodies = client.get("/admin/organisations/appropriate-bodies", {"q": "north"}).content.decode()
    assert "North Hub" in bodies and "ISTIP" not in bodies
    current = client.get(f"/admin/organisations/appropriate-bodies/{world.north_hub.pk}/current-ects").content.decode()
    assert "1 claimed induction" in current and "Jane Smith" in current
    assert "Alpha Learning" in client.get("/admin/organisations/lead-providers").content.decode()
    partner = client.get(f"/admin/organisations/delivery-partners/{world.delta.pk}").content.decode()
    assert "Delta Partners" in partner and "Alpha Learning" in partner


def test_add_and_rename_a_delivery_partner(client, world):
    signed_in(client)
    assert "Add a new delivery partner" in client.get("/admin/organisations/delivery-partners").content.decode()
    assert (
        "govuk-error-summary"
        in client.post("/admin/organisations/delivery-partners/new", {"name": ""}).content.decode()
    )
    assert (
        "govuk-error-summary"
        in client.post("/admin/organisations/delivery-partners/new", {"name": "delta partners"}).content.decode()
    )
    response = client.post("/admin/organisations/delivery-partners/new", {"name": "Foxtrot Training"})
    page = client.get(response.headers["Location"]).content.decode()
    assert "Delivery partner added" in page and "Foxtrot Training" in page
    partner_url = response.headers["Location"]
    response = client.post(f"{partner_url}/edit", {"name": "Foxtrot Learning"})
    assert response.headers["Location"] == partner_url
    assert "Delivery partner name changed" in client.get(partner_url).content.decode()
    assert Event.objects.filter(event_type="delivery_partner_name_changed").exists()


def test_manage_a_delivery_partners_lead_providers_for_a_year(client, world):
    signed_in(client)
    page = client.get(f"/admin/organisations/delivery-partners/{world.delta.pk}").content.decode()
    assert f"/admin/organisations/delivery-partners/{world.delta.pk}/2026/new" in page
    url = f"/admin/organisations/delivery-partners/{world.delta.pk}/2026/new"
    form = client.get(url).content.decode()
    assert "Which lead providers work with Delta Partners in 2026?" in form and "can add lead providers" in form
    alpha = ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2026)
    beta = ActiveLeadProvider.objects.get(lead_provider=world.beta, contract_period_id=2026)
    response = client.post(url, {"active_lead_providers": [str(alpha.pk), str(beta.pk)]})
    assert "Lead providers for 2026 updated" in client.get(response.headers["Location"]).content.decode()
    refused = client.post(url, {"active_lead_providers": [str(beta.pk)]})
    assert refused.status_code == 200 and "can only be added" in refused.content.decode()


def test_declarations_tab_shows_each_declaration_with_its_state_history(client, jane_story, world):
    admin = signed_in(client)
    period = jane_story.training_periods.get()
    declaration = create_declaration(training_period=period, payment_status="voided")
    declaration_events.teacher_declaration_created(
        author=Author.lead_provider_api(world.alpha), declaration=declaration, lead_provider=world.alpha
    )
    declaration_events.teacher_declaration_voided(
        author=Author.dfe_staff_user(admin), declaration=declaration, previous_payment_status="no_payment"
    )
    text = client.get(f"/admin/teachers/{jane_story.pk}/declarations").content.decode()
    assert "ECT training declarations" in text and str(declaration.api_id) in text
    assert "ecf-induction" in text and "State history" in text
    assert "Submitted" in text and "Voided" in text
    assert f"Voided by {admin.name} ({admin.email})" in text


@pytest.mark.parametrize("role, offered", [("finance", True), ("product_team", True), ("admin", False)])
def test_declarations_tab_offers_void_to_roles_that_may_void_for_billable_or_changeable_declarations(
    client, jane_story, world, role, offered
):
    """§6.2 / §6.8.6: a "Void declaration" button leads to the void page, for finance roles (§2.8) and only on a
    declaration that is still billable or changeable: not on a voided one nor one awaiting clawback."""
    signed_in(client, role)
    period = jane_story.training_periods.get()
    statement = create_statement(
        active_lead_provider=ActiveLeadProvider.objects.get(lead_provider=world.alpha, contract_period_id=2026)
    )
    eligible = create_declaration(training_period=period, payment_status="eligible", payment_statement=statement)
    create_declaration(training_period=period, declaration_type="retained-1", payment_status="voided")
    create_declaration(
        training_period=period,
        declaration_type="retained-2",
        payment_status="paid",
        payment_statement=statement,
        clawback_status="awaiting_clawback",
        clawback_statement=statement,
    )
    text = client.get(f"/admin/teachers/{jane_story.pk}/declarations").content.decode()
    links = re.findall(r'href="(/admin/finance/declarations/\d+/voids/new)"', text)
    assert links == ([f"/admin/finance/declarations/{eligible.pk}/voids/new"] if offered else [])
    assert ("Void declaration" in text) is offered
    if offered:
        assert client.get(links[0]).status_code == 200
