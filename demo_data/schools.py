"""Schools for generated data: GIAS records of varied types and statuses, the service's School rows, their
DfE Sign-in organisations and uplift eligibility (domain.md §5.3–5.6), plus what the people generator needs to
know about each (programme, lead provider, appropriate body, induction tutor)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from appropriate_bodies.models import AppropriateBodyPeriod
from demo_data.bulk import BulkRows
from demo_data.names import FIRST_NAMES, LAST_NAMES, NEIGHBOURHOODS, PLACES, SAINTS, seeded_uuid, slug
from demo_data.reference_data import Reference
from providers.models import LeadProvider
from schools.models import DfESignInOrganisation, GIASSchool, School, SchoolFundingEligibility, TrainingProgramme

INDEPENDENT_TYPES = ("Other independent school", "Other independent special school")

# (GIAS type, phase, name pattern, how many in the demo's fifty). `{n}` is a neighbourhood, `{s}` a saint.
DEMO_TYPE_MIX = (
    ("Community school", "Primary", "{n} Primary School", 10),
    ("Academy converter", "Secondary", "{n} Academy", 8),
    ("Academy sponsor led", "Secondary", "{n} Community Academy", 5),
    ("Voluntary aided school", "Primary", "{s} Catholic Primary School", 4),
    ("Voluntary controlled school", "Primary", "{n} Church of England Primary School", 2),
    ("Foundation school", "Secondary", "{n} High School", 3),
    ("Free schools", "All-through", "{n} Free School", 3),
    ("Community special school", "Not applicable", "{n} Special School", 2),
    ("Academy special converter", "Not applicable", "{n} Specialist Academy", 1),
    ("Pupil referral unit", "Not applicable", "{n} Pupil Referral Unit", 1),
    ("Further education", "16 plus", "{n} College", 1),
    ("Sixth form centres", "16 plus", "{n} Sixth Form College", 1),
    ("University technical college", "Secondary", "{n} University Technical College", 1),
    ("Local authority nursery school", "Nursery", "{n} Nursery School", 1),
    ("Other independent school", "Not applicable", "{n} House School", 3),
    ("Other independent special school", "Not applicable", "{n} Independent Special School", 2),
    ("Non-maintained special school", "Not applicable", "{n} School for the Deaf", 1),
    ("Studio schools", "Secondary", "{n} Studio School", 1),
)
ACADEMY_LIKE = ("Academy", "Free schools", "Studio", "University technical")


@dataclass
class SchoolInfo:
    id: int
    urn: int
    name: str
    domain: str
    type_name: str
    independent: bool
    eligible: bool
    open: bool
    closed_on: dt.date | None
    district: str
    programme: str  # provider_led, school_led or mixed
    lead_provider: LeadProvider | None
    alternate_lead_provider: LeadProvider | None
    appropriate_body: AppropriateBodyPeriod
    tutor_name: str
    tutor_email: str

    def lead_provider_for(self, year: int, ref: Reference) -> LeadProvider | None:
        """The school's lead provider in a contract year, or its second choice when the first is not active."""
        for provider in (self.lead_provider, self.alternate_lead_provider):
            if provider is not None and (provider.pk, year) in ref.active_lead_providers:
                return provider
        active = ref.lead_providers_active_in(year)
        return active[self.urn % len(active)] if active else None

    @property
    def can_be_provider_led(self) -> bool:
        return self.programme in ("provider_led", "mixed")

    @property
    def can_be_school_led(self) -> bool:
        return self.programme in ("school_led", "mixed")


def is_eligible(type_name: str, status: str, section_41: bool) -> bool:
    """§6.7 GIAS eligibility for the England-only types generated here."""
    is_open = status in ("open", "proposed_to_close")
    return is_open and (section_41 if type_name in INDEPENDENT_TYPES else True)


def _postcode(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUWYZ"
    return (
        f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(1, 28)} "
        f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def school_specs(
    rng: random.Random,
    *,
    count: int,
    school_year: int,
    ref: Reference,
    urn_start: int | None = None,
    type_mix=DEMO_TYPE_MIX,
) -> list[dict]:
    """Plain descriptions of `count` schools; URNs are random six-digit numbers, or sequential from
    `urn_start` (national scale), and names are unique."""
    kinds = [(t, phase, pattern) for t, phase, pattern, n in type_mix for _ in range(n)]
    providers = list(ref.lead_providers.values())
    used_urns: set[int] = set()
    used_names: set[str] = set()
    specs = []
    for index in range(count):
        type_name, phase, pattern = kinds[index % len(kinds)]
        if urn_start is not None:
            urn = urn_start + index
        else:
            low, high = (136000, 149999) if type_name.startswith(ACADEMY_LIKE) else (101000, 125999)
            urn = rng.randint(low, high)
            while urn in used_urns:
                urn = rng.randint(low, high)
        used_urns.add(urn)
        place = rng.choice(PLACES)
        base = pattern.format(n=rng.choice(NEIGHBOURHOODS), s=rng.choice(SAINTS))
        name = f"{base}, {place}" if base in used_names or rng.random() < 0.3 else base
        if name in used_names:
            name = f"{base}, {place} ({urn})"
        used_names.add(base)
        used_names.add(name)

        independent = type_name in INDEPENDENT_TYPES
        section_41 = independent and index % 2 == 0
        status = "open"
        closed_on = None
        if index % 50 == 7:  # one in fifty closed at the end of last school year, one proposed to close
            status, closed_on = "closed", dt.date(school_year, 8, 31)
        elif index % 50 == 13:
            status = "proposed_to_close"
        eligible = is_eligible(type_name, status, section_41)
        marked_as_eligible = independent and not section_41 and index % 3 == 0
        funded = eligible or marked_as_eligible

        roll = rng.random()
        if not funded or status == "closed":
            programme = "school_led"
        elif roll < 0.65:
            programme = "provider_led"
        elif roll < 0.85:
            programme = "school_led"
        else:
            programme = "mixed"
        lead_provider = providers[index % len(providers)]
        alternate = providers[(index + 3) % len(providers)]
        if independent:
            appropriate_body = ref.istip if index % 4 != 1 else ref.hub_by_district.get(place, ref.hubs[0])
        else:
            appropriate_body = ref.hub_by_district.get(place, ref.hubs[index % len(ref.hubs)])
        domain = f"{slug(base)[:40]}.sch.uk"
        tutor_first, tutor_last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        specs.append(
            dict(
                urn=urn,
                name=name,
                domain=domain,
                type_name=type_name,
                phase_name=phase,
                status=status,
                closed_on=closed_on,
                section_41_approved=section_41,
                eligible=eligible,
                marked_as_eligible=marked_as_eligible,
                independent=independent,
                district=place,
                postcode=_postcode(rng),
                street=f"{rng.randint(1, 120)} {rng.choice(('Church Lane', 'School Road', 'High Street', 'Mill Lane', 'Park Avenue', 'Station Road'))}",
                local_authority_code=200 + PLACES.index(place) * 7 % 740,
                programme=programme,
                lead_provider=lead_provider if programme != "school_led" else None,
                alternate_lead_provider=alternate if programme != "school_led" else None,
                appropriate_body=appropriate_body,
                tutor_name=f"{tutor_first} {tutor_last}",
                tutor_email=f"{slug(tutor_first)}.{slug(tutor_last)}@{domain}".replace("-", ""),
                tutor_nominated_in=school_year if index % 5 else school_year - 1,
                opened_on=dt.date(rng.randint(1950, 2015), 9, 1),
                uplifts=(rng.random() < 0.4, rng.random() < 0.15),
            )
        )
    return specs


def write_schools(
    rows: BulkRows, specs: list[dict], *, ref: Reference, school_year: int, urn_in_organisation_name: bool = False
) -> list[SchoolInfo]:
    """Queue GIAS, School, DfE Sign-in and uplift rows for specs whose URN is not in the database yet; return
    every school (old or new) as a SchoolInfo. DfE Sign-in names are unique, so thousands of generated schools
    put their URN in the organisation name."""
    urns = [spec["urn"] for spec in specs]
    existing_gias = set(GIASSchool.objects.filter(urn__in=urns).values_list("urn", flat=True))
    existing_schools = dict(School.objects.filter(gias_school_id__in=urns).values_list("gias_school_id", "pk"))
    existing_orgs = set(
        DfESignInOrganisation.objects.filter(urn__in=[str(u) for u in urns]).values_list("urn", flat=True)
    )
    existing_uplifts = set(
        SchoolFundingEligibility.objects.filter(gias_school_id__in=urns).values_list("gias_school_id", flat=True)
    )
    current_provider_year = min(max(school_year, 2021), 2027)
    infos = []
    for spec in specs:
        urn = spec["urn"]
        if urn not in existing_gias:
            rows.add(
                GIASSchool,
                urn=urn,
                name=spec["name"],
                type_name=spec["type_name"],
                status=spec["status"],
                eligible=spec["eligible"],
                in_england=True,
                section_41_approved=spec["section_41_approved"],
                local_authority_code=spec["local_authority_code"],
                local_authority_name=f"{spec['district']} Council",
                establishment_number=urn % 10000,
                ukprn=10_000_000 + urn if spec["type_name"].startswith(ACADEMY_LIKE) else None,
                phase_name=spec["phase_name"],
                opened_on=spec["opened_on"],
                closed_on=spec["closed_on"],
                address_line1=spec["street"],
                address_line3=spec["district"],
                postcode=spec["postcode"],
                administrative_district_name=spec["district"],
                primary_contact_email=f"office@{spec['domain']}",
                website=f"https://www.{spec['domain']}",
            )
        info = SchoolInfo(
            id=existing_schools.get(urn) or 0,
            urn=urn,
            name=spec["name"],
            domain=spec["domain"],
            type_name=spec["type_name"],
            independent=spec["independent"],
            eligible=spec["eligible"] or spec["marked_as_eligible"],
            open=spec["status"] != "closed",
            closed_on=spec["closed_on"],
            district=spec["district"],
            programme=spec["programme"],
            lead_provider=spec["lead_provider"],
            alternate_lead_provider=spec["alternate_lead_provider"],
            appropriate_body=spec["appropriate_body"],
            tutor_name=spec["tutor_name"],
            tutor_email=spec["tutor_email"],
        )
        if urn not in existing_schools:
            provider_led = spec["programme"] != "school_led"
            info.id = rows.add(
                School,
                gias_school_id=urn,
                marked_as_eligible=spec["marked_as_eligible"],
                induction_tutor_name=spec["tutor_name"],
                induction_tutor_email=spec["tutor_email"],
                induction_tutor_last_nominated_in_id=spec["tutor_nominated_in"],
                last_chosen_appropriate_body_id=spec["appropriate_body"].pk,
                last_chosen_training_programme=(
                    TrainingProgramme.PROVIDER_LED if provider_led else TrainingProgramme.SCHOOL_LED
                ),
                last_chosen_lead_provider_id=(
                    info.lead_provider_for(current_provider_year, ref).pk if provider_led else None
                ),
            )["id"]
        if str(urn) not in existing_orgs:
            rows.add(
                DfESignInOrganisation,
                uuid=seeded_uuid(rows.rng),
                name=f"{spec['name']} ({urn})" if urn_in_organisation_name else spec["name"],
                urn=str(urn),
                organisation_type="Establishment",
                category="Establishment",
                status="Open" if info.open else "Closed",
                address=f"{spec['street']}, {spec['district']}, {spec['postcode']}",
            )
        if urn not in existing_uplifts and info.eligible:
            pupil_premium, sparsity = spec["uplifts"]
            for year in (2021, 2022, 2023, 2024):
                rows.add(
                    SchoolFundingEligibility,
                    gias_school_id=urn,
                    contract_period_id=year,
                    pupil_premium_uplift=pupil_premium,
                    sparsity_uplift=sparsity,
                )
        infos.append(info)
    return infos
