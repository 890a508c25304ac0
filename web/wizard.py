"""Multi-step journeys (journeys.md §3.3), implemented once for every journey.

A journey is a `Wizard` subclass listing its `Step`s; one URL pattern with a `step` slug serves them all:

    class RegisterECT(Wizard):
        key = "register-ect"                       # where its answers live in the session
        url_name = "schools:register-ect"          # a route taking `step` (and any other kwargs of the journey)
        steps = [
            Step("find-ect", FindECTForm, "schools/register_ect/find_ect.html"),
            Step("email-address", EmailForm, "schools/register_ect/email_address.html"),
            Step(CHECK_ANSWERS, None, "schools/register_ect/check_answers.html"),
            Step(CONFIRMATION, None, "schools/register_ect/confirmation.html"),
        ]
        exit_url = "/school/home/ects"             # the first step's back link

        def next_step(self, step, answers): ...    # branches; default is the next step in the list
        def complete(self, answers): ...           # check answers POST: call the services, return extra
                                                    # answers to keep for the confirmation page

    path("school/register-ect/<slug:step>", RegisterECT.as_view(), name="register-ect")

What it guarantees:

1. GET shows a step; POST validates it (422 with errors on failure), stores the answer in the session, and
   redirects to the next step.
2. Answers stay in the session under the journey's key until check answers is confirmed.
3. A GET of the first step clears the stored answers (a new journey).
4. The step guard: the allowed steps are worked out from the stored answers by walking from the first step
   while steps are answered; any other step redirects to the furthest allowed one. Once confirmed, only the
   confirmation page is allowed (and the first step, which starts again).
5. A POST of check answers with nothing stored (another tab, back/forward) redirects to the first step with a
   flash error.
6. `change-<step>` shows the same question with a back link to check answers, and returns there when saved
   (or to the furthest allowed step if the change opened a branch that needs more answers).
7. Unknown step names are 404.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from web.rendering import render_page

CHECK_ANSWERS = "check-answers"
CONFIRMATION = "confirmation"
CHANGE_PREFIX = "change-"
CONFIRMED = "__confirmed__"
SESSION_KEY = "wizards"
NOTHING_STORED = (
    "Your changes were not saved. Close any other tabs that have this service open and try again, "
    "or contact support if this keeps happening."
)


@dataclass(frozen=True)
class Step:
    name: str
    form_class: type[forms.BaseForm] | None
    template: str


def _encode(value: Any) -> Any:
    """Session answers are JSON: dates, decimals and model instances are stored in a form `_decode` reverses."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"__date__": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"__decimal__": str(value)}
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return [obj.pk for obj in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__date__"}:
            return dt.date.fromisoformat(value["__date__"])
        if set(value) == {"__decimal__"}:
            return decimal.Decimal(value["__decimal__"])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


class Wizard:
    key: ClassVar[str]
    url_name: ClassVar[str]
    steps: ClassVar[list[Step]]
    exit_url: ClassVar[str] = "/"

    def __init__(self, request: HttpRequest, **kwargs: Any):
        self.request = request
        self.kwargs = kwargs

    # Hooks for journeys ------------------------------------------------------------------------------------

    def next_step(self, step: str, answers: dict[str, Any]) -> str:
        """The step after `step` given the answers so far. Default: the next one in `steps`."""
        names = self.step_names
        return names[names.index(step) + 1]

    def is_answered(self, step: str, answers: dict[str, Any]) -> bool:
        return step in answers

    def form_kwargs(self, step: str) -> dict[str, Any]:
        return {}

    def context(self, step: str, answers: dict[str, Any]) -> dict[str, Any]:
        return {}

    def clean_answer(self, step: str, form: forms.BaseForm) -> dict[str, Any]:
        """What to store for a valid form: by default its cleaned data."""
        return dict(form.cleaned_data)

    def complete(self, answers: dict[str, Any]) -> dict[str, Any] | None:
        """Called by a POST of check answers: write to the database (through services). Raise
        `web.wizard.StepError` to show an error on check answers instead."""
        raise NotImplementedError

    def key_suffix(self) -> str:
        """Journeys about one record (a change journey for ECT 12) keep separate answers per record."""
        return ":".join(f"{name}={value}" for name, value in sorted(self.kwargs.items()))

    # Machinery ---------------------------------------------------------------------------------------------

    @property
    def step_names(self) -> list[str]:
        return [step.name for step in self.steps]

    @property
    def first_step(self) -> str:
        return self.steps[0].name

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise Http404("No such step")

    def url(self, step: str) -> str:
        return reverse(self.url_name, kwargs={**self.kwargs, "step": step})

    @property
    def _store_key(self) -> str:
        suffix = self.key_suffix()
        return f"{self.key}:{suffix}" if suffix else self.key

    def answers(self) -> dict[str, Any]:
        stored = self.request.session.get(SESSION_KEY, {}).get(self._store_key, {})
        return _decode(stored)

    def save_answers(self, answers: dict[str, Any]) -> None:
        wizards = dict(self.request.session.get(SESSION_KEY, {}))
        wizards[self._store_key] = _encode(answers)
        self.request.session[SESSION_KEY] = wizards

    def reset(self) -> None:
        wizards = dict(self.request.session.get(SESSION_KEY, {}))
        wizards.pop(self._store_key, None)
        self.request.session[SESSION_KEY] = wizards

    def allowed_steps(self, answers: dict[str, Any]) -> list[str]:
        if answers.get(CONFIRMED):
            return [CONFIRMATION]
        path, step = [], self.first_step
        while step not in path:
            path.append(step)
            if step in (CHECK_ANSWERS, CONFIRMATION) or not self.is_answered(step, answers):
                break
            if self.step(step).form_class is None:  # an interruption page: the journey stops here
                break
            step = self.next_step(step, answers)
        return path

    def back_url(self, step: str, allowed: list[str], changing: bool) -> str:
        if changing:
            return self.url(CHECK_ANSWERS)
        if step in allowed and allowed.index(step) > 0:
            return self.url(allowed[allowed.index(step) - 1])
        return self.exit_url

    def dispatch(self, step_slug: str) -> HttpResponse:
        changing = step_slug.startswith(CHANGE_PREFIX) and step_slug[len(CHANGE_PREFIX) :] in self.step_names
        name = step_slug[len(CHANGE_PREFIX) :] if changing else step_slug
        step = self.step(name)  # 404 for unknown names
        request = self.request

        if name == self.first_step and request.method == "GET" and not changing:
            self.reset()
        answers = self.answers()
        allowed = self.allowed_steps(answers)

        if name == CHECK_ANSWERS and request.method == "POST" and not answers:
            messages.error(request, NOTHING_STORED)
            return HttpResponseRedirect(self.url(self.first_step))
        if name not in allowed or (changing and (CHECK_ANSWERS not in allowed or step.form_class is None)):
            return HttpResponseRedirect(self.url(allowed[-1]))

        if name == CHECK_ANSWERS and request.method == "POST":
            try:
                kept = self.complete(answers) or {}
            except StepError as error:
                return self.render(step, answers, allowed, changing, errors=[error.message], status=422)
            self.save_answers({**answers, **kept, CONFIRMED: True})
            return HttpResponseRedirect(self.url(CONFIRMATION))

        form = None
        if step.form_class is not None:
            if request.method == "POST":
                form = step.form_class(data=request.POST, **self.form_kwargs(name))
                if form.is_valid():
                    answers = {**answers, name: self.clean_answer(name, form)}
                    self.save_answers(answers)
                    new_allowed = self.allowed_steps(answers)
                    if changing and CHECK_ANSWERS in new_allowed:
                        return HttpResponseRedirect(self.url(CHECK_ANSWERS))
                    if changing:
                        return HttpResponseRedirect(self.url(new_allowed[-1]))
                    return HttpResponseRedirect(self.url(self.next_step(name, answers)))
            else:
                form = step.form_class(initial=answers.get(name), **self.form_kwargs(name))
        elif request.method == "POST":
            return HttpResponseRedirect(self.url(name))
        return self.render(step, answers, allowed, changing, form=form)

    def render(
        self,
        step: Step,
        answers: dict[str, Any],
        allowed: list[str],
        changing: bool,
        *,
        form: forms.BaseForm | None = None,
        errors: list[str] | None = None,
        status: int | None = None,
    ) -> HttpResponse:
        context = {
            "wizard": self,
            "step": step.name,
            "form": form,
            "answers": answers,
            "changing": changing,
            "back_url": self.back_url(step.name, allowed, changing),
            "action_url": self.url(f"{CHANGE_PREFIX}{step.name}" if changing else step.name),
            "change_urls": {name: self.url(f"{CHANGE_PREFIX}{name}") for name in self.step_names},
            "page_errors": errors or [],
            **self.context(step.name, answers),
        }
        return render_page(self.request, step.template, context, status=status)

    @classmethod
    def as_view(cls) -> Callable[..., HttpResponse]:
        def view(request: HttpRequest, step: str, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "POST"):
                return HttpResponse(status=405)
            return cls(request, **kwargs).dispatch(step)

        view.__name__ = cls.__name__
        view.__doc__ = cls.__doc__
        return view


class StepError(Exception):
    """Raised by `Wizard.complete` when a rule refuses the journey's answers (shown on check answers, 422)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
