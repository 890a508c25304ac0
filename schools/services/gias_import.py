"""Reading a GIAS extract and copying it into the mirror (integrations.md §3.2–3.5, §3.7; BR-S-01, 02, 18, 19, 22).

An extract is two CSV files in ISO-8859-1: establishments (`ecf_tech.csv`) and links (`links.csv`), found in a
folder, a ZIP (as GIAS serves it), a URL of that ZIP, or given one by one. The whole extract is read and checked
before anything is written: a missing file or column stops the run with nothing changed (§3.11). Then each row
goes through `schools.services.gias.import_gias_school` (the per-row rules live there), links are copied, and
every URN that is new, changed or newly linked is returned for reconciliation (`gias_reconcile`). Running the
same extract twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import urllib.request
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core import clock
from core.errors import DomainError
from events.authors import Author
from schools.models import GIASSchool, GIASSchoolLink
from schools.services.gias import (
    GIAS_FIELDS,
    gias_eligible,
    gias_type_facts,
    import_gias_link,
    import_gias_school,
    should_import_establishment,
)
from schools.services.gias_reconcile import reconcile

logger = logging.getLogger(__name__)

ESTABLISHMENTS_FILE = "ecf_tech.csv"
LINKS_FILE = "links.csv"
# The children's centres supplement (§3.7) names its establishments file `schools.csv`.
ESTABLISHMENTS_FILE_NAMES = (ESTABLISHMENTS_FILE, "schools.csv")
ENCODING = "iso-8859-1"

# §3.3: GIAS column → our field. Columns absent from a file (the supplement lacks several) are left alone.
ESTABLISHMENT_COLUMNS = {
    "URN": "urn",
    "EstablishmentName": "name",
    "TypeOfEstablishment (name)": "type_name",
    "EstablishmentStatus (name)": "status",
    "LA (code)": "local_authority_code",
    "LA (name)": "local_authority_name",
    "Street": "address_line1",
    "Locality": "address_line2",
    "Town": "address_line3",
    "Postcode": "postcode",
    "DistrictAdministrative (name)": "administrative_district_name",
    "OpenDate": "opened_on",
    "CloseDate": "closed_on",
    "EstablishmentNumber": "establishment_number",
    "PhaseOfEducation (name)": "phase_name",
    "MainEmail": "primary_contact_email",
    "AlternativeEmail": "secondary_contact_email",
    "Section41Approved (name)": "section_41_approved",
    "UKPRN": "ukprn",
    "SchoolWebsite": "website",
}
REQUIRED_ESTABLISHMENT_COLUMNS = (
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "LA (code)",
)
LINK_COLUMNS = ("URN", "LinkURN", "LinkType", "LinkEstablishedDate")
DATE_FIELDS = ("opened_on", "closed_on")
DEFAULT_PHASE = "Not applicable"


class GIASExtractError(Exception):
    """The extract cannot be used at all (missing file or column, unreadable ZIP); nothing was written."""


# Reading ------------------------------------------------------------------------------------------------


@dataclass
class GIASExtract:
    """The two files' text (already decoded to str). `links` may be None for a lone establishments file."""

    establishments: str
    links: str | None = None
    source: str = ""


def _decode(raw: bytes) -> str:
    # ISO-8859-1 maps every byte, so nothing is ever dropped (§3.11); a UTF-8 BOM would survive as "ï»¿".
    return raw.decode(ENCODING).lstrip("\ufeff").removeprefix("ï»¿")


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)), [])


def _kind(text: str) -> str | None:
    header = set(_header(text))
    if "LinkURN" in header:
        return "links"
    if "EstablishmentName" in header:
        return "establishments"
    return None


def _from_files(files: Mapping[str, bytes], *, source: str, need_links: bool) -> GIASExtract:
    by_name = {Path(name).name.lower(): raw for name, raw in files.items()}
    establishments = next((by_name[n] for n in ESTABLISHMENTS_FILE_NAMES if n in by_name), None)
    links = by_name.get(LINKS_FILE)
    if establishments is None or links is None:  # not the usual names: tell the files apart by their headers
        for raw in by_name.values():
            text = _decode(raw)
            kind = _kind(text)
            if kind == "establishments" and establishments is None:
                establishments = raw
            elif kind == "links" and links is None:
                links = raw
    if establishments is None:
        raise GIASExtractError(f"No establishments file ({ESTABLISHMENTS_FILE}) in {source}")
    if links is None and need_links:
        raise GIASExtractError(f"No links file ({LINKS_FILE}) in {source}")
    return GIASExtract(
        establishments=_decode(establishments), links=_decode(links) if links is not None else None, source=source
    )


def _from_zip(raw: bytes, *, source: str) -> GIASExtract:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            files = {name: archive.read(name) for name in archive.namelist() if name.lower().endswith(".csv")}
    except zipfile.BadZipFile as exc:
        raise GIASExtractError(f"{source} is not a readable ZIP: {exc}") from exc
    return _from_files(files, source=source, need_links=True)


def read_extract(sources: Iterable[str | Path]) -> GIASExtract:
    """A folder, a ZIP (path or http(s) URL), or the CSV files themselves. A folder or ZIP must hold both
    files; given as files, the links file may be left out."""
    sources = [str(s) for s in sources]
    if not sources:
        raise GIASExtractError("Give a folder, a ZIP or the CSV files of a GIAS extract")
    if len(sources) == 1:
        only = sources[0]
        if only.startswith(("http://", "https://")):
            try:
                with urllib.request.urlopen(only, timeout=60) as response:
                    return _from_zip(response.read(), source=only)
            except OSError as exc:
                raise GIASExtractError(f"Could not fetch {only}: {exc}") from exc
        path = Path(only)
        if path.is_dir():
            files = {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.suffix.lower() == ".csv"}
            return _from_files(files, source=only, need_links=True)
        if path.suffix.lower() == ".zip":
            return _from_zip(_read(path), source=only)
    return _from_files({s: _read(Path(s)) for s in sources}, source=", ".join(sources), need_links=False)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise GIASExtractError(f"Could not read {path}: {exc}") from exc


# Parsing ------------------------------------------------------------------------------------------------


def parse_gias_date(value: str | None) -> dt.date | None:
    """GIAS writes dd-mm-yyyy (sometimes with slashes); ISO dates are accepted too. Blank → None."""
    text = (value or "").strip()
    if not text:
        return None
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date")


def status_from_gias(raw: str | None) -> str:
    """§3.3: lower-case, spaces and punctuation to `_`, then drop a leading `open_but_`."""
    slug = "".join(ch if ch.isalnum() else "_" for ch in (raw or "").strip().lower())
    slug = "_".join(part for part in slug.split("_") if part)
    return slug.removeprefix("open_but_")


@dataclass
class SchoolRow:
    """One establishments row, parsed (§3.9 `SchoolRow`): attributes keyed by our field names, or an error."""

    line: int
    record: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def urn(self) -> Any:
        return self.record.get("urn")

    @property
    def in_england(self) -> bool:
        facts = gias_type_facts(self.record.get("type_name"))
        return bool(facts and facts.in_england)

    @property
    def eligible_to_import(self) -> bool:
        return should_import_establishment(
            type_name=self.record.get("type_name"),
            status=self.record.get("status", ""),
            closed_on=self.record.get("closed_on"),
        )

    @property
    def eligible(self) -> bool:
        return gias_eligible(
            type_name=self.record.get("type_name"),
            status=self.record.get("status", ""),
            section_41_approved=self.record.get("section_41_approved") is True,
        )


def parse_establishments(text: str) -> list[SchoolRow]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_ESTABLISHMENT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GIASExtractError(f"The establishments file has no {', '.join(missing)} column")
    columns = {c: f for c, f in ESTABLISHMENT_COLUMNS.items() if c in reader.fieldnames}
    rows = []
    for line, raw in enumerate(reader, start=2):
        row = SchoolRow(line=line)
        try:
            record = {our: (raw.get(theirs) or "").strip() for theirs, our in columns.items()}
            record["urn"] = int(record["urn"])
            record["status"] = status_from_gias(record["status"])
            for name in DATE_FIELDS:
                if name in record:
                    record[name] = parse_gias_date(record[name])
            if "section_41_approved" in record:
                record["section_41_approved"] = record["section_41_approved"] == "Approved"
            if "phase_name" not in record:  # the children's centres supplement has no phase column
                record["phase_name"] = DEFAULT_PHASE
            row.record = record
        except (ValueError, KeyError) as exc:
            row.record = {"urn": (raw.get("URN") or "").strip()}
            row.error = str(exc)
        rows.append(row)
    return rows


@dataclass(frozen=True)
class LinkRow:
    line: int
    urn: int | None
    link_urn: int | None
    link_type: str
    link_date: dt.date | None
    error: str | None = None


def parse_links(text: str) -> list[LinkRow]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in LINK_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GIASExtractError(f"The links file has no {', '.join(missing)} column")
    rows = []
    for line, raw in enumerate(reader, start=2):
        link_type = (raw.get("LinkType") or "").strip()
        try:
            rows.append(
                LinkRow(
                    line=line,
                    urn=int((raw.get("URN") or "").strip()),
                    link_urn=int((raw.get("LinkURN") or "").strip()),
                    link_type=link_type,
                    link_date=parse_gias_date(raw.get("LinkEstablishedDate")),
                )
            )
        except ValueError as exc:
            rows.append(LinkRow(line, None, None, link_type, None, error=str(exc)))
    return rows


# Importing ----------------------------------------------------------------------------------------------

SNAPSHOT_FIELDS = (*GIAS_FIELDS, "eligible", "in_england")


@dataclass
class GIASImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    links_created: int = 0
    links_updated: int = 0
    errors: list[str] = field(default_factory=list)
    flagged: list[int] = field(default_factory=list)
    reconciled: dict[str, list[int]] = field(default_factory=dict)
    unreconciled: list[int] = field(default_factory=list)

    def flag(self, urn: int) -> None:
        if urn not in self.flagged:
            self.flagged.append(urn)

    def summary(self) -> str:
        steps = ", ".join(f"{len(urns)} {name}" for name, urns in self.reconciled.items()) or "none"
        return (
            f"GIAS: {len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged, "
            f"{self.skipped} not imported; links: {self.links_created} created, {self.links_updated} updated; "
            f"{len(self.errors)} errors; reconciled: {steps}; {len(self.unreconciled)} could not be reconciled"
        )


def _snapshot(values: Mapping[str, Any]) -> tuple:
    return tuple(values.get(f) for f in SNAPSHOT_FIELDS)


def _error_text(exc: DomainError) -> str:
    errors = getattr(exc, "errors", None) or [exc]
    return "; ".join(f"{e.field} {e.message}" for e in errors)


def import_establishments(rows: list[SchoolRow], *, author: Author, result: GIASImportResult) -> None:
    """Steps 2–3 of §3.5: create or update each row through the per-row service; flag what is new or changed."""
    urns = [row.urn for row in rows if row.error is None]
    before = {values["urn"]: _snapshot(values) for values in GIASSchool.objects.filter(urn__in=urns).values()}
    for row in rows:
        if row.error is None and gias_type_facts(row.record.get("type_name")) is None:
            row.error = f"{row.record.get('type_name')!r} is not a valid school type"  # BR-S-18, reported (§3.11)
        if row.error is not None:
            result.errors.append(f"establishments line {row.line} (URN {row.urn}): {row.error}")
            continue
        try:
            gias_school = import_gias_school(author=author, record=row.record)
        except DomainError as exc:
            result.errors.append(f"establishments line {row.line} (URN {row.urn}): {_error_text(exc)}")
            continue
        if gias_school is None:
            result.skipped += 1
            continue
        after = _snapshot({f: getattr(gias_school, f) for f in SNAPSHOT_FIELDS})
        if row.urn not in before:
            result.created.append(row.urn)
            result.flag(row.urn)
        elif before[row.urn] != after:
            result.updated.append(row.urn)
            result.flag(row.urn)
        else:
            result.unchanged += 1


def import_links(rows: list[LinkRow], *, result: GIASImportResult) -> None:
    """§3.4: links of imported schools only; flag the URN when its link is new, changed type, or dated today."""
    known = set(GIASSchool.objects.filter(urn__in={r.urn for r in rows if r.urn}).values_list("urn", flat=True))
    existing = {
        (urn, link_urn): link_type
        for urn, link_urn, link_type in GIASSchoolLink.objects.filter(gias_school_id__in=known).values_list(
            "gias_school_id", "link_urn", "link_type"
        )
    }
    today = clock.today()
    for row in rows:
        if row.error is not None:
            result.errors.append(f"links line {row.line}: {row.error}")
            continue
        if row.urn not in known:
            continue
        key = (row.urn, row.link_urn)
        before = existing.get(key)
        try:
            import_gias_link(urn=row.urn, link_urn=row.link_urn, link_type=row.link_type, link_date=row.link_date)
        except DomainError as exc:
            result.errors.append(f"links line {row.line} (URN {row.urn}): {_error_text(exc)}")
            continue
        if before is None:
            result.links_created += 1
            result.flag(row.urn)
        elif before != row.link_type:
            result.links_updated += 1
            result.flag(row.urn)
        elif row.link_date == today:
            result.flag(row.urn)
        existing[key] = row.link_type


def import_gias(
    extract: GIASExtract, *, author: Author | None = None, reconcile_schools: bool = True
) -> GIASImportResult:
    """The whole of §3.5: parse everything first (so a broken extract writes nothing), import establishments
    and links, then reconcile the flagged URNs (replace, merge, open, close)."""
    author = author or Author.system()
    school_rows = parse_establishments(extract.establishments)
    link_rows = parse_links(extract.links) if extract.links is not None else []
    result = GIASImportResult()
    import_establishments(school_rows, author=author, result=result)
    import_links(link_rows, result=result)
    for error in result.errors:
        logger.warning("GIAS row not imported: %s", error)
    if reconcile_schools and result.flagged:
        result.reconciled, result.unreconciled = reconcile(result.flagged, author=author)
    return result
