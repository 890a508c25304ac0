"""Mentors pages (journeys.md §4.7, §4.9): the mentors list, a mentor's details, and assigning an existing
mentor to an ECT (with the first-provider-led-mentor step). The rules live in `teachers.services.mentoring`
and `teachers.selectors.mentors`; these views only read, ask, call and show."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from core import clock
from core.errors import DomainError
from providers.models import ActiveLeadProvider, LeadProvider
from schools.selectors import registration_window_closed, training_status
from schools_portal.journeys.induction_tutor import induction_tutor_confirmed
from schools_portal.selectors import training_change_reported_by_school
from sign_in import session
from sign_in.permissions import school_user_required
from teachers.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, TrainingPeriod, TrainingRole
from teachers.selectors.mentors import (
    current_or_future_mentees,
    current_or_next_training_period,
    eligible_mentors_for_ect,
    has_mentor_training,
    is_mentor_eligible_for_funding,
    training_lead_provider,
)
from teachers.services.mentoring import assign_mentor, validate_mentor_choice, validate_mentor_lead_provider
from teachers.services.school_reported_training import changes_the_school_can_report
from web.forms import GovUKForm
from web.rendering import render_page

PAGE_SIZE = 20
MAX_LISTED_MENTEES = 5
REGISTER_NEW = "0"
ASSIGN_EXISTING_KEY = "assign-existing-mentor"


def registration_open(view):
    """§4.1 rule 5: assigning and registering mentors redirect while the registration window is closed."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if registration_window_closed():
            return HttpResponseRedirect("/school/registration-window-closed")
        return view(request, *args, **kwargs)

    return wrapper


def _author(request: HttpRequest):
    return session.current_user(request).author()


def _school_ect(request: HttpRequest, ect_id: int) -> ECTAtSchoolPeriod:
    return get_object_or_404(
        ECTAtSchoolPeriod.objects.select_related("teacher"), pk=ect_id, school=request.acting_school
    )


def _school_mentor(request: HttpRequest, mentor_id: int) -> MentorAtSchoolPeriod:
    return get_object_or_404(
        MentorAtSchoolPeriod.objects.select_related("teacher"), pk=mentor_id, school=request.acting_school
    )


# Mentors home and mentor details (§4.9) ------------------------------------------------------------------


@dataclass
class MentorTraining:
    """What the card and details page say about a mentor's current (or deferred/withdrawn) training."""

    status: str
    lead_provider: str | None
    confirmed: bool
    delivery_partner: str | None
    reported_by_school: bool = False  # the pause or stop was the school's own report, so the page says "you told us"


@dataclass
class MentorCard:
    period: MentorAtSchoolPeriod
    mentees: list[ECTAtSchoolPeriod] = field(default_factory=list)
    training: MentorTraining | None = None

    @property
    def name(self) -> str:
        return self.period.teacher.full_name

    @property
    def lists_mentees(self) -> bool:
        return 0 < len(self.mentees) <= MAX_LISTED_MENTEES


def _mentor_training(period: MentorAtSchoolPeriod) -> MentorTraining | None:
    """The right-hand column (§4.9): only for a mentor still able to train who has a current training period."""
    if period.teacher.mentor_became_ineligible_for_funding_reason:
        return None
    training = current_or_next_training_period(period)
    if training is None or not training.is_provider_led:
        return None
    partnership = training.school_partnership
    delivery_partner = None
    if partnership is not None:
        delivery_partner = partnership.lead_provider_delivery_partnership.delivery_partner.name
    lead_provider = training_lead_provider(training)
    return MentorTraining(
        status=training_status(training),
        lead_provider=lead_provider.name if lead_provider else None,
        confirmed=partnership is not None,
        delivery_partner=delivery_partner,
        reported_by_school=training_change_reported_by_school(training),
    )


def school_mentors(school, *, query: str = "", on: dt.date | None = None):
    """§4.9: the school's current or future mentor periods, by name; `query` matches a name or TRN."""
    day = on or clock.today()
    periods = (
        MentorAtSchoolPeriod.objects.filter(school=school)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=day))
        .select_related("teacher")
        .order_by("teacher__trs_last_name", "teacher__trs_first_name", "pk")
    )
    query = query.strip()
    if query:
        for word in query.split():
            periods = periods.filter(
                Q(teacher__trn=word)
                | Q(teacher__trs_first_name__icontains=word)
                | Q(teacher__trs_last_name__icontains=word)
                | Q(teacher__corrected_name__icontains=word)
            )
    return periods


@school_user_required
@induction_tutor_confirmed
def mentors_home(request: HttpRequest) -> HttpResponse:
    school = request.acting_school
    query = request.GET.get("q", "")
    has_any = school_mentors(school).exists()
    page = Paginator(school_mentors(school, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [
        MentorCard(
            period=period,
            mentees=list(current_or_future_mentees(mentor_at_school_period=period)),
            training=_mentor_training(period),
        )
        for period in page.object_list
    ]
    return render_page(
        request,
        "schools_portal/mentors/home.html",
        {"school": school, "has_any": has_any, "cards": cards, "page": page, "query": query},
    )


@school_user_required
@induction_tutor_confirmed
def mentor_details(request: HttpRequest, mentor_id: int) -> HttpResponse:
    period = _school_mentor(request, mentor_id)
    teacher = period.teacher
    mentees = list(current_or_future_mentees(mentor_at_school_period=period))
    ever_trained = TrainingPeriod.objects.filter(teacher=teacher, role=TrainingRole.MENTOR).exists()
    reason = teacher.mentor_became_ineligible_for_funding_reason
    training = _mentor_training(period)
    today = clock.today()
    leaving = (
        period.reported_leaving_by_school_id == period.school_id
        and period.finished_on is not None
        and period.finished_on >= today
    )
    return render_page(
        request,
        "schools_portal/mentors/details.html",
        {
            "period": period,
            "teacher": teacher,
            "mentees": mentees,
            "show_training": ever_trained and (training is not None or reason is not None),
            "training": training,
            "ineligibility_reason": reason,
            "completed_on": teacher.mentor_became_ineligible_for_funding_on,
            "leaving": leaving,
            "training_changes": changes_the_school_can_report(period),
        },
    )


# Assign an existing mentor (§4.7) --------------------------------------------------------------------------


class OpenChoiceField(forms.ChoiceField):
    """Radios whose submitted value the domain validator judges (an id from elsewhere gets its message)."""

    def validate(self, value: Any) -> None:
        pass


class SelectMentorForm(GovUKForm):
    mentor_id = OpenChoiceField(
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, ect: ECTAtSchoolPeriod, school, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ect, self.school = ect, school
        mentors = eligible_mentors_for_ect(ect_at_school_period=ect)
        self.fields["mentor_id"].label = f"Who will mentor {ect.teacher.full_name}?"
        self.fields["mentor_id"].choices = [
            *[(str(m.pk), m.teacher.full_name) for m in mentors],
            (REGISTER_NEW, "Register a new mentor"),
        ]
        self.fields["mentor_id"].divider_before = (REGISTER_NEW,)
        self.mentor: MentorAtSchoolPeriod | None = None

    def clean_mentor_id(self) -> str:
        """An unknown or missing id reaches the domain validator as "no mentor", which says what to do."""
        value = self.cleaned_data.get("mentor_id") or ""
        if value == REGISTER_NEW:
            return value
        self.mentor = MentorAtSchoolPeriod.objects.select_related("teacher").filter(pk=value or None).first()
        try:
            validate_mentor_choice(
                school=self.school, ect_at_school_period=self.ect, mentor_at_school_period=self.mentor
            )
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
        return value


def _register_mentor_url(ect: ECTAtSchoolPeriod) -> str:
    return f"/school/register-mentor/what-you-will-need?ect_id={ect.pk}"


def _needs_first_training_choice(ect: ECTAtSchoolPeriod, mentor: MentorAtSchoolPeriod) -> bool:
    """§4.7: a provider-led ECT and a fundable mentor who has never had mentor training go through the
    assign-existing-mentor journey, which tells the school about mentor training first."""
    training = current_or_next_training_period(ect)
    return (
        training is not None
        and training.is_provider_led
        and is_mentor_eligible_for_funding(mentor.teacher)
        and not has_mentor_training(mentor.teacher)
    )


@school_user_required
@induction_tutor_confirmed
@registration_open
def select_mentor(request: HttpRequest, ect_id: int) -> HttpResponse:
    ect = _school_ect(request, ect_id)
    school = request.acting_school
    if not eligible_mentors_for_ect(ect_at_school_period=ect).exists():
        return HttpResponseRedirect(_register_mentor_url(ect))
    if request.method == "POST":
        form = SelectMentorForm(request.POST, ect=ect, school=school)
        if form.is_valid():
            if form.cleaned_data["mentor_id"] == REGISTER_NEW:
                return HttpResponseRedirect(_register_mentor_url(ect))
            mentor = form.mentor
            if _needs_first_training_choice(ect, mentor):
                request.session[ASSIGN_EXISTING_KEY] = {"ect_id": ect.pk, "mentor_id": mentor.pk}
                return HttpResponseRedirect(
                    reverse("schools:assign-existing-mentor", args=["review-mentor-eligibility"])
                )
            assign_mentor(author=_author(request), ect_at_school_period=ect, mentor_at_school_period=mentor)
            return HttpResponseRedirect(reverse("schools:mentorship-confirmation", args=[ect.pk]))
    else:
        form = SelectMentorForm(initial={"mentor_id": request.GET.get("preselect")}, ect=ect, school=school)
    return render_page(request, "schools_portal/mentors/select_mentor.html", {"form": form, "ect": ect})


@school_user_required
@induction_tutor_confirmed
def mentorship_confirmation(request: HttpRequest, ect_id: int) -> HttpResponse:
    from teachers.selectors.mentors import current_or_upcoming_mentor

    ect = _school_ect(request, ect_id)
    mentor = current_or_upcoming_mentor(ect_at_school_period=ect)
    if mentor is None:
        return HttpResponseRedirect(reverse("schools:select-mentor", args=[ect.pk]))
    return render_page(request, "schools_portal/mentors/assigned.html", {"ect": ect, "mentor": mentor})


class LeadProviderForm(GovUKForm):
    lead_provider = forms.ModelChoiceField(
        queryset=LeadProvider.objects.none(), widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args: Any, year: int | None, mentor_name: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        active = ActiveLeadProvider.objects.filter(contract_period_id=year).values("lead_provider_id")
        field = self.fields["lead_provider"]
        field.queryset = LeadProvider.objects.filter(pk__in=active).order_by("name")
        field.label = f"Which lead provider should contact your school about training {mentor_name}?"
        field.empty_label = None

    def clean_lead_provider(self):
        lead_provider = self.cleaned_data.get("lead_provider")
        try:
            validate_mentor_lead_provider(use_ects_lead_provider=False, lead_provider=lead_provider)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
        return lead_provider


def _contract_year_of(day: dt.date) -> int | None:
    from providers.models import ContractPeriod

    period = ContractPeriod.objects.filter(started_on__lte=day, finished_on__gte=day).first()
    return period.year if period else None


@school_user_required
@induction_tutor_confirmed
@registration_open
def assign_existing_mentor(request: HttpRequest, step: str) -> HttpResponse:
    """`/school/assign-existing-mentor/{review-mentor-eligibility,lead-provider,confirmation}` (§4.7); the ECT
    and mentor chosen on the selection page are kept in the session."""
    if step not in ("review-mentor-eligibility", "lead-provider", "confirmation"):
        raise Http404("No such step")
    stored = request.session.get(ASSIGN_EXISTING_KEY) or {}
    if not stored:
        return HttpResponseRedirect("/school/home/ects")
    ect = _school_ect(request, stored["ect_id"])
    mentor = _school_mentor(request, stored["mentor_id"])
    ect_lead_provider = training_lead_provider(current_or_next_training_period(ect))
    context = {"ect": ect, "mentor": mentor, "ect_lead_provider": ect_lead_provider}

    if stored.get("assigned"):
        if step != "confirmation":
            return HttpResponseRedirect(reverse("schools:assign-existing-mentor", args=["confirmation"]))
        return render_page(request, "schools_portal/mentors/assigned.html", context)
    if step == "confirmation":
        return HttpResponseRedirect(reverse("schools:assign-existing-mentor", args=["review-mentor-eligibility"]))

    def assign(lead_provider=None) -> HttpResponse:
        assign_mentor(
            author=_author(request),
            ect_at_school_period=ect,
            mentor_at_school_period=mentor,
            lead_provider=lead_provider,
        )
        request.session[ASSIGN_EXISTING_KEY] = {**stored, "assigned": True}
        return HttpResponseRedirect(reverse("schools:assign-existing-mentor", args=["confirmation"]))

    if step == "review-mentor-eligibility":
        if request.method == "POST":
            return assign()
        back = reverse("schools:select-mentor", args=[ect.pk]) + f"?preselect={mentor.pk}"
        return render_page(
            request, "schools_portal/mentors/review_mentor_eligibility.html", {**context, "back_url": back}
        )

    year = _contract_year_of(ect.started_on)
    form_kwargs = {"year": year, "mentor_name": mentor.teacher.full_name}
    if request.method == "POST":
        form = LeadProviderForm(request.POST, **form_kwargs)
        if form.is_valid():
            return assign(form.cleaned_data["lead_provider"])
    else:
        form = LeadProviderForm(**form_kwargs)
    back = reverse("schools:assign-existing-mentor", args=["review-mentor-eligibility"])
    return render_page(
        request, "schools_portal/mentors/lead_provider.html", {**context, "form": form, "back_url": back}
    )


urlpatterns = [
    path("school/home/mentors", mentors_home, name="mentors-home"),
    path("school/mentors/<int:mentor_id>", mentor_details, name="mentor"),
    path("school/ects/<int:ect_id>/mentorship/new", select_mentor, name="select-mentor"),
    path("school/ects/<int:ect_id>/mentorship", select_mentor, name="assign-mentor"),
    path("school/ects/<int:ect_id>/mentorship/confirmation", mentorship_confirmation, name="mentorship-confirmation"),
    path("school/assign-existing-mentor/<slug:step>", assign_existing_mentor, name="assign-existing-mentor"),
]
