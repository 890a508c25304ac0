"""One error type for broken business rules, translated by every edge (pages, API, CSV rows)."""

from __future__ import annotations

from collections.abc import Iterable

BASE = "base"


class DomainError(Exception):
    """A business rule was broken. `field` says which input it concerns (`base` for the record)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    @property
    def errors(self) -> list[DomainError]:
        return [self]


class DomainErrors(DomainError):
    """Several rule failures reported together (the API lists every 422 at once)."""

    def __init__(self, errors: Iterable[DomainError]):
        self._errors = list(errors)
        first = self._errors[0]
        super().__init__(first.field, first.message)

    @property
    def errors(self) -> list[DomainError]:
        return self._errors

    def messages_for(self, field: str) -> list[str]:
        return [e.message for e in self._errors if e.field == field]


class ErrorCollector:
    """Collects rule failures so a validator can report all of them, then raise once."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(DomainError(field, message))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)
