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


def term_windows(year: int) -> list[tuple[dt.date, dt.date]]:
    """Declaration windows term by term from 1 June of the contract year: summer and autumn, spring, summer..."""
    windows = [(dt.date(year, 6, 1), dt.date(year, 12, 31))]
    calendar_year = year + 1
    while len(windows) < 12:
        windows += [
            (dt.date(calendar_year, 1, 1), dt.date(calendar_year, 3, 31)),
            (dt.date(calendar_year, 4, 1), dt.date(calendar_year, 7, 31)),
            (dt.date(calendar_year, 8, 1), dt.date(calendar_year, 12, 31)),
        ]
        calendar_year += 1
    return windows[:12]


STANDARD_TYPES = (
    DeclarationType.STARTED,
    DeclarationType.RETAINED_1,
    DeclarationType.RETAINED_2,
    DeclarationType.RETAINED_3,
    DeclarationType.RETAINED_4,
    DeclarationType.COMPLETED,
)
FAMILY_TYPES = {
    "standard": STANDARD_TYPES,
    "replacement": STANDARD_TYPES,
    "extended": (*STANDARD_TYPES, DeclarationType.EXTENDED_1, DeclarationType.EXTENDED_2, DeclarationType.EXTENDED_3),
    "reduced": (DeclarationType.STARTED, DeclarationType.RETAINED_1, DeclarationType.COMPLETED),
}
TERM_SHIFT = {"september": 0, "january": 1, "april": 2}


def milestone_windows(year: int, identifier: str) -> list[tuple[str, dt.date, dt.date]]:
    """One window per declaration type, term after term (§5.9): September schedules start with the 1 June to
    31 December window; January and April schedules run one and two terms later."""
    _, family, month = identifier.split("-")
    windows = term_windows(year)[TERM_SHIFT[month] :]
    return [(str(t), start, end) for t, (start, end) in zip(FAMILY_TYPES[family], windows, strict=False)]


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
    have = set(Milestone.objects.filter(schedule__in=schedules.values()).values_list("schedule_id", "declaration_type"))
    Milestone.objects.bulk_create(
        [
            Milestone(schedule=s, declaration_type=t, start_date=start, milestone_date=end)
            for (year, identifier), s in schedules.items()
            for t, start, end in milestone_windows(year, identifier)
            if (s.pk, t) not in have
        ]
    )
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
