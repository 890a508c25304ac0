"""Reference data every environment needs, and the organisations demo and scale data hang off: contract periods
with schedules and milestones (domain.md §5.8–5.9), the seven lead providers (lead-provider-api.md §15) with
their contract years and delivery partners (§5.10), appropriate bodies of each kind (§5.7), DfE staff users and
development API tokens. Idempotent: every row is found by its natural key before it is created."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import DfERole, User
from api.models import APIToken
from appropriate_bodies.models import (
    AppropriateBody,
    AppropriateBodyPeriod,
    AppropriateBodyType,
    LegacyAppropriateBody,
    Region,
)
from demo_data.names import DELIVERY_PARTNER_NAMES, PLACES, seeded_uuid, slug
from providers.models import (
    ActiveLeadProvider,
    ContractPeriod,
    DeclarationType,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    Milestone,
    Schedule,
    ScheduleIdentifier,
)
from schools.models import DfESignInOrganisation

LEAD_PROVIDER_NAMES = (
    "Ambition Institute",
    "Best Practice Network",
    "Capita",
    "Education Development Trust",
    "National Institute of Teaching",
    "Teach First",
    "UCL Institute of Education",
)

# The contract years each lead provider is active in (ActiveLeadProvider): Capita left after 2024, the
# National Institute of Teaching joined in 2024, and only some providers are signed up for 2027 yet.
ACTIVE_YEARS = {
    "Ambition Institute": range(2021, 2028),
    "Best Practice Network": range(2021, 2028),
    "Capita": range(2021, 2025),
    "Education Development Trust": range(2021, 2027),
    "National Institute of Teaching": range(2024, 2028),
    "Teach First": range(2021, 2028),
    "UCL Institute of Education": range(2021, 2028),
}
DELIVERY_PARTNERS_PER_PROVIDER = 4

# year: (enabled, payments_frozen_on, mentor_funding_enabled, detailed_evidence_types_enabled, uplift_fees_enabled)
CONTRACT_PERIODS = {
    2021: (False, dt.date(2024, 6, 18), False, False, True),
    2022: (False, dt.date(2025, 6, 16), False, False, True),
    2023: (True, None, False, False, True),
    2024: (True, None, False, False, True),
    2025: (True, None, True, True, False),
    2026: (True, None, True, True, False),
    2027: (False, None, True, True, False),
}

# Teaching school hubs, each covering a region (a code and some administrative districts).
HUBS = (
    ("Cumbria and Lancashire Teaching School Hub", "NW1"),
    ("Greater Manchester Teaching School Hub", "NW2"),
    ("North East Coast Teaching School Hub", "NE1"),
    ("Yorkshire Ridings Teaching School Hub", "YH1"),
    ("Midlands Forest Teaching School Hub", "EM1"),
    ("Black Country Teaching School Hub", "WM1"),
    ("East Anglia Teaching School Hub", "EE1"),
    ("Thames Valley Teaching School Hub", "SE1"),
    ("Kent and Medway Teaching School Hub", "SE2"),
    ("South West Peninsula Teaching School Hub", "SW1"),
)
# A hub that has stopped acting: no DfE Sign-in organisation, so inactive (BR-AB-02), but with old inductions.
FORMER_HUB = "Wessex Teaching School Hub (closed)"
NATIONAL_BODIES = (
    "Independent Schools Teacher Induction Panel (ISTIP)",
    "Educational Success Partners (ESP)",
)
# Local authorities acted as appropriate bodies until August 2024; they are legacy records now.
LOCAL_AUTHORITIES = (
    "Birmingham City Council",
    "Kent County Council",
    "Leeds City Council",
    "Norfolk County Council",
    "Devon County Council",
)

STAFF_USERS = (
    ("Ada Lovelace", "ada.lovelace@education.gov.uk", DfERole.ADMIN),
    ("Una Manager", "una.manager@education.gov.uk", DfERole.USER_MANAGER),
    ("Fiona Finance", "fiona.finance@education.gov.uk", DfERole.FINANCE),
    ("Pat Product", "pat.product@education.gov.uk", DfERole.PRODUCT_TEAM),
)


@dataclass
class Reference:
    """What the people generators need to know about the organisations, by key."""

    contract_periods: dict[int, ContractPeriod]
    schedules: dict[tuple[int, str], int]
    lead_providers: dict[str, LeadProvider]
    active_lead_providers: dict[tuple[int, int], int]
    # (lead provider id, year) -> [(lead provider delivery partnership id, delivery partner id)]
    delivery_partnerships: dict[tuple[int, int], list[tuple[int, int]]]
    delivery_partner_names: dict[int, str]
    hubs: list[AppropriateBodyPeriod]
    former_hub: AppropriateBodyPeriod
    national: dict[str, AppropriateBodyPeriod]
    local_authorities: list[AppropriateBodyPeriod]
    hub_by_district: dict[str, AppropriateBodyPeriod] = field(default_factory=dict)

    @property
    def istip(self) -> AppropriateBodyPeriod:
        return self.national[NATIONAL_BODIES[0]]

    def lead_providers_active_in(self, year: int) -> list[LeadProvider]:
        return [lp for lp in self.lead_providers.values() if (lp.pk, year) in self.active_lead_providers]


def ensure_reference_data() -> Reference:
    periods = ensure_contract_periods()
    schedules = ensure_schedules(periods)
    providers = ensure_lead_providers()
    active = ensure_active_lead_providers(providers, periods)
    partners, pairings = ensure_delivery_partnerships(providers, active)
    hubs, former_hub, national, local_authorities, hub_by_district = ensure_appropriate_bodies()
    ensure_staff_users()
    ensure_api_tokens(providers)
    ensure_appropriate_body_api_tokens([*hubs, *national.values()])
    return Reference(
        contract_periods=periods,
        schedules=schedules,
        lead_providers=providers,
        active_lead_providers=active,
        delivery_partnerships=pairings,
        delivery_partner_names={dp.pk: dp.name for dp in partners},
        hubs=hubs,
        former_hub=former_hub,
        national=national,
        local_authorities=local_authorities,
        hub_by_district=hub_by_district,
    )


def ensure_contract_periods() -> dict[int, ContractPeriod]:
    periods = {}
    for year, (enabled, frozen_on, mentor_funding, detailed_evidence, uplift) in CONTRACT_PERIODS.items():
        frozen_at = timezone.make_aware(dt.datetime.combine(frozen_on, dt.time.min)) if frozen_on else None
        periods[year], _ = ContractPeriod.objects.get_or_create(
            year=year,
            defaults=dict(
                started_on=dt.date(year, 6, 1),
                finished_on=dt.date(year + 1, 5, 31),
                enabled=enabled,
                payments_frozen_at=frozen_at,
                mentor_funding_enabled=mentor_funding,
                detailed_evidence_types_enabled=detailed_evidence,
                uplift_fees_enabled=uplift,
            ),
        )
    return periods


# lead-provider-api.md §14.4: the reference's seeded windows for standard schedules, cohorts 2021–2024, as
# (start date, milestone date) for started, retained-1…4 and completed.
STANDARD_WINDOWS_TO_2024 = """
2021 september 2021-09-01 2021-11-30 2021-09-01 2022-01-31 2022-02-01 2022-04-30 2022-05-01 2022-09-30 2022-10-01 2023-01-31 2023-02-01 2023-04-30
2021 january   2021-12-01 2022-01-31 2022-02-01 2022-04-30 2022-05-01 2022-09-30 2022-10-01 2023-01-31 2023-02-01 2023-04-30 2023-05-01 2023-09-30
2021 april     2022-02-01 2022-05-31 2022-05-01 2022-09-30 2022-10-01 2023-01-31 2023-02-01 2023-04-30 2023-05-01 2023-09-30 2023-10-01 2024-01-31
2022 september 2022-06-01 2022-12-31 2023-01-01 2023-03-31 2023-04-01 2023-07-31 2023-08-01 2023-12-31 2024-01-01 2024-03-31 2024-04-01 2024-07-31
2022 january   2023-01-01 2023-03-31 2023-04-01 2023-07-31 2023-08-01 2023-12-31 2024-01-01 2024-03-31 2024-04-01 2024-07-31 2024-08-01 2024-12-31
2022 april     2023-04-01 2023-07-31 2023-08-01 2023-12-31 2024-01-01 2024-03-31 2024-04-01 2024-07-31 2024-08-01 2024-12-31 2025-01-01 2025-03-31
2023 september 2023-06-01 2023-12-31 2024-01-01 2024-03-31 2024-04-01 2024-07-31 2024-08-01 2024-12-31 2025-01-01 2025-03-31 2025-04-01 2025-07-31
2023 january   2024-01-01 2024-03-31 2024-04-01 2024-07-31 2024-08-01 2024-12-31 2025-01-01 2025-03-31 2025-04-01 2025-07-31 2025-08-01 2025-12-31
2023 april     2024-04-01 2024-07-31 2024-08-01 2024-12-31 2025-01-01 2025-03-31 2025-04-01 2025-07-31 2025-08-01 2025-12-31 2026-01-01 2026-03-31
2024 september 2024-06-01 2024-12-31 2025-01-01 2025-03-31 2025-04-01 2025-07-31 2025-08-01 2025-12-31 2026-01-01 2026-03-31 2026-04-01 2026-07-31
2024 january   2025-01-01 2025-03-31 2025-04-01 2025-07-31 2025-08-01 2025-12-31 2026-01-01 2026-03-31 2026-04-01 2026-07-31 2026-08-01 2026-12-31
2024 april     2025-04-01 2025-07-31 2025-08-01 2025-12-31 2026-01-01 2026-03-31 2026-04-01 2026-07-31 2026-08-01 2026-12-31 2027-01-01 2027-03-31
"""


def _standard_windows_to_2024() -> dict[tuple[int, str], list[tuple[dt.date, dt.date]]]:
    table = {}
    for line in STANDARD_WINDOWS_TO_2024.strip().splitlines():
        year, intake, *days = line.split()
        dates = [dt.date.fromisoformat(day) for day in days]
        table[int(year), intake] = list(zip(dates[::2], dates[1::2], strict=True))
    return table


STANDARD_WINDOWS = _standard_windows_to_2024()
STANDARD_TYPES = (
    DeclarationType.STARTED,
    DeclarationType.RETAINED_1,
    DeclarationType.RETAINED_2,
    DeclarationType.RETAINED_3,
    DeclarationType.RETAINED_4,
    DeclarationType.COMPLETED,
)
FAMILY_TYPES = {  # §14.3
    "standard": STANDARD_TYPES,
    "reduced": STANDARD_TYPES,
    "replacement": STANDARD_TYPES,
    "extended": (*STANDARD_TYPES, DeclarationType.EXTENDED_1, DeclarationType.EXTENDED_2, DeclarationType.EXTENDED_3),
}


def schedule_start(year: int, family: str, intake: str) -> dt.date:
    """§14.4: where a schedule has one start date for every milestone. From 2025 the standard September schedule
    opens on 1 June of the cohort year; every other schedule opens in its intake month (September of the cohort
    year, January or April of the next)."""
    if intake == "september":
        return dt.date(year, 6, 1) if family == "standard" and year >= 2025 else dt.date(year, 9, 1)
    return dt.date(year + 1, 1 if intake == "january" else 4, 1)


def milestone_windows(year: int, identifier: str) -> list[tuple[str, dt.date, dt.date | None]]:
    """The reference's seeded milestones (lead-provider-api.md §14.4): standard schedules up to 2024 have a
    window per declaration type; every other schedule, and every schedule from 2025, has one start date and
    no milestone date (from 2025 the order of declarations is enforced instead)."""
    _, family, intake = identifier.split("-")
    types = FAMILY_TYPES[family]
    if family == "standard" and (year, intake) in STANDARD_WINDOWS:
        return [(str(t), start, end) for t, (start, end) in zip(types, STANDARD_WINDOWS[year, intake], strict=True)]
    start = schedule_start(year, family, intake)
    return [(str(t), start, None) for t in types]


def ensure_schedules(periods: dict[int, ContractPeriod]) -> dict[tuple[int, str], int]:
    """All twelve schedules in every contract period, each with its milestones."""
    Schedule.objects.bulk_create(
        [Schedule(contract_period=p, identifier=i) for p in periods.values() for i in ScheduleIdentifier.values],
        ignore_conflicts=True,
    )
    schedules = {
        (s.contract_period_id, s.identifier): s
        for s in Schedule.objects.filter(contract_period__in=list(periods.values()))
    }
    have = {(m.schedule_id, m.declaration_type): m for m in Milestone.objects.filter(schedule__in=schedules.values())}
    wanted = [
        Milestone(schedule=s, declaration_type=t, start_date=start, milestone_date=end)
        for (year, identifier), s in schedules.items()
        for t, start, end in milestone_windows(year, identifier)
    ]
    Milestone.objects.bulk_create([m for m in wanted if (m.schedule_id, m.declaration_type) not in have])
    stale = []
    for milestone in wanted:
        existing = have.get((milestone.schedule_id, milestone.declaration_type))
        if existing and (existing.start_date, existing.milestone_date) != (
            milestone.start_date,
            milestone.milestone_date,
        ):
            existing.start_date, existing.milestone_date = milestone.start_date, milestone.milestone_date
            stale.append(existing)
    Milestone.objects.bulk_update(stale, ["start_date", "milestone_date"])
    return {key: s.pk for key, s in schedules.items()}


def ensure_lead_providers() -> dict[str, LeadProvider]:
    return {name: LeadProvider.objects.get_or_create(name=name)[0] for name in LEAD_PROVIDER_NAMES}


def ensure_active_lead_providers(
    providers: dict[str, LeadProvider], periods: dict[int, ContractPeriod]
) -> dict[tuple[int, int], int]:
    ActiveLeadProvider.objects.bulk_create(
        [
            ActiveLeadProvider(lead_provider=providers[name], contract_period=periods[year])
            for name, years in ACTIVE_YEARS.items()
            for year in years
        ],
        ignore_conflicts=True,
    )
    return {
        (a.lead_provider_id, a.contract_period_id): a.pk
        for a in ActiveLeadProvider.objects.filter(lead_provider__in=list(providers.values()))
    }


def ensure_delivery_partnerships(
    providers: dict[str, LeadProvider], active: dict[tuple[int, int], int]
) -> tuple[list[DeliveryPartner], dict[tuple[int, int], list[tuple[int, int]]]]:
    """Each provider works with four delivery partners (neighbouring providers share one) in every active year."""
    existing = {dp.name.lower(): dp for dp in DeliveryPartner.objects.filter(name__in=DELIVERY_PARTNER_NAMES)}
    partners = [
        existing.get(name.lower()) or DeliveryPartner.objects.create(name=name) for name in DELIVERY_PARTNER_NAMES
    ]
    wanted = []
    for index, name in enumerate(LEAD_PROVIDER_NAMES):
        provider = providers[name]
        mine = [partners[(3 * index + k) % len(partners)] for k in range(DELIVERY_PARTNERS_PER_PROVIDER)]
        for year in ACTIVE_YEARS[name]:
            wanted += [
                LeadProviderDeliveryPartnership(
                    active_lead_provider_id=active[(provider.pk, year)], delivery_partner=dp
                )
                for dp in mine
            ]
    LeadProviderDeliveryPartnership.objects.bulk_create(wanted, ignore_conflicts=True)
    year_of = {active_id: key for key, active_id in active.items()}
    pairings: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pairing in LeadProviderDeliveryPartnership.objects.filter(active_lead_provider_id__in=year_of).order_by("pk"):
        key = year_of[pairing.active_lead_provider_id]
        pairings.setdefault(key, []).append((pairing.pk, pairing.delivery_partner_id))
    return partners, pairings


def _organisation(name: str, organisation_type: str, rng: random.Random) -> DfESignInOrganisation:
    organisation, _ = DfESignInOrganisation.objects.get_or_create(
        name=name,
        defaults=dict(uuid=seeded_uuid(rng), organisation_type=organisation_type, status="Open", category="Other"),
    )
    return organisation


def _active_body(name: str, body_type: str, rng: random.Random, *, dqt: bool = False) -> AppropriateBodyPeriod:
    organisation = _organisation(name, "Teaching school hub" if body_type != "national" else "Other", rng)
    body, _ = AppropriateBody.objects.get_or_create(name=name, defaults=dict(dfe_sign_in_organisation=organisation))
    period, _ = AppropriateBodyPeriod.objects.get_or_create(
        name=name,
        defaults=dict(
            body_type=body_type,
            dfe_sign_in_organisation_id=organisation.uuid,
            appropriate_body=body,
            dqt_id=seeded_uuid(rng) if dqt else None,
        ),
    )
    return period


def _legacy_body(name: str, body_type: str, rng: random.Random) -> AppropriateBodyPeriod:
    dqt_id = seeded_uuid(rng)
    period, created = AppropriateBodyPeriod.objects.get_or_create(
        name=name, defaults=dict(body_type=body_type, dqt_id=dqt_id)
    )
    if created:
        LegacyAppropriateBody.objects.create(
            appropriate_body_period=period, name=name, dqt_id=dqt_id, body_type=body_type
        )
    return period


def hub_districts(index: int) -> list[str]:
    """The administrative districts (town names) a hub's region covers."""
    return list(PLACES[index :: len(HUBS)])


def ensure_appropriate_bodies():
    """Ten active teaching school hubs with regions, one former hub, the two national bodies and five local
    authorities (legacy, inactive)."""
    rng = random.Random(20210901)
    hubs, hub_by_district = [], {}
    for index, (name, code) in enumerate(HUBS):
        hub = _active_body(name, AppropriateBodyType.TEACHING_SCHOOL_HUB, rng, dqt=index % 3 == 0)
        hubs.append(hub)
        districts = hub_districts(index)
        Region.objects.get_or_create(
            code=code, defaults=dict(districts=districts, appropriate_body_id=hub.appropriate_body_id)
        )
        hub_by_district.update(dict.fromkeys(districts, hub))
    former_hub = _legacy_body(FORMER_HUB, AppropriateBodyType.TEACHING_SCHOOL_HUB, rng)
    national = {name: _active_body(name, AppropriateBodyType.NATIONAL, rng) for name in NATIONAL_BODIES}
    local_authorities = [_legacy_body(name, AppropriateBodyType.LOCAL_AUTHORITY, rng) for name in LOCAL_AUTHORITIES]
    return hubs, former_hub, national, local_authorities, hub_by_district


def ensure_staff_users() -> None:
    for name, email, role in STAFF_USERS:
        if not User.objects.filter(email__iexact=email).exists():
            User.objects.create(name=name, email=email, role=role)


def development_token(lead_provider: LeadProvider) -> str:
    """lead-provider-api.md §15.3: in development the token is the provider's name, lower-cased and hyphenated."""
    return slug(lead_provider.name)


def ensure_api_tokens(providers: dict[str, LeadProvider]) -> None:
    for provider in providers.values():
        digest = hashlib.sha256(development_token(provider).encode()).hexdigest()
        APIToken.objects.get_or_create(
            hashed_token=digest,
            defaults=dict(lead_provider=provider, description=f"A lead provider token for {provider.name}"),
        )


def development_appropriate_body_token(body: AppropriateBodyPeriod) -> str:
    """docs/appropriate-body-api.md: in development an active body's token is `ab-` and its name as a slug."""
    return f"ab-{slug(body.name)}"


def ensure_appropriate_body_api_tokens(bodies: list[AppropriateBodyPeriod]) -> None:
    for body in bodies:
        digest = hashlib.sha256(development_appropriate_body_token(body).encode()).hexdigest()
        APIToken.objects.get_or_create(
            hashed_token=digest,
            defaults=dict(appropriate_body=body, description=f"An appropriate body token for {body.name}"),
        )
