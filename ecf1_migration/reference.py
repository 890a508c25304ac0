"""Reference data, finance and schools (migration.md §6–7): small tables, find-or-create by legacy id or name, so a
rerun changes nothing (P2). Each function is one checkpointed step of the pipeline."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import connection

from appropriate_bodies.models import AppropriateBodyPeriod
from ecf1_migration.ledger import Ledger, copy_rows
from ecf1_migration.models import Outcome
from ecf1_migration.source import Source
from finance.models import (
    BandedFeeStructure,
    BandTerm,
    Contract,
    ContractType,
    FlatRateFeeStructure,
    Statement,
    StatementAdjustment,
)
from providers.models import (
    ActiveLeadProvider,
    Band,
    ContractPeriod,
    DeclarationType,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
    Milestone,
    Schedule,
    SchoolPartnership,
)
from schools.models import GIASSchool, GIASSchoolStatus, School, SchoolFundingEligibility

C, M, D, F = Outcome.CREATED, Outcome.MERGED, Outcome.DROPPED, Outcome.FAILED
MONTH_NUMBERS = {
    name: index + 1
    for index, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        )
    )
}
UPLIFT_TARGET_RATIO = {2021: Decimal("0.33"), 2022: Decimal("0.33"), 2023: Decimal("0.33"), 2024: Decimal("0.40"),
                       2025: Decimal("0.00")}  # fmt: skip
ELIGIBLE_TYPE_CODES = {1, 2, 3, 5, 6, 7, 8, 12, 14, 15, 18, 28, 31, 32, 33, 34, 35, 36, 38, 39, 40, 41, 42, 43, 44, 45,
                       46, 57}  # fmt: skip
OPEN_STATUS_CODES = (1, 3)


def lead_providers(source: Source, ledger: Ledger, today: dt.date) -> None:
    """§6.2: find by name, set the ECF1 ids; the CPD lead provider is the same provider in the new service."""
    for row in source.query(
        "SELECT lp.*, cpd.id AS cpd_id FROM {t.lead_providers} lp "
        "LEFT JOIN {t.cpd_lead_providers} cpd ON cpd.id = lp.cpd_lead_provider_id ORDER BY lp.id"
    ):
        provider = LeadProvider.objects.filter(name=row["name"]).first()
        outcome = M if provider else C
        provider = provider or LeadProvider(name=row["name"])
        provider.ecf_id, provider.ecf_cpd_lead_provider_id = row["id"], row["cpd_id"]
        provider.vat_registered = row["vat_chargeable"]
        provider.save()
        ledger.fate("lead_providers", row["id"], outcome, target="lead_providers")
        if row["cpd_id"]:
            ledger.fate("cpd_lead_providers", row["cpd_id"], M, "same provider", target="lead_providers")


def contract_periods(source: Source, ledger: Ledger, today: dt.date) -> None:
    """§6.1. An existing year keeps its dates (another source already set them) and takes ECF1's flags."""
    cohorts = source.query("SELECT * FROM {t.cohorts} ORDER BY start_year")
    for index, row in enumerate(cohorts):
        year, start = row["start_year"], row["registration_start_date"]
        if index + 1 < len(cohorts):
            finish = cohorts[index + 1]["registration_start_date"] - dt.timedelta(days=1)
        else:
            finish = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)
        frozen = row["payments_frozen_at"]
        flags = {
            "payments_frozen_at": frozen,
            "mentor_funding_enabled": row["mentor_funding"],
            "detailed_evidence_types_enabled": row["detailed_evidence_types"],
            "uplift_fees_enabled": year <= 2024,
            "enabled": year != 2020 and not (frozen and frozen.date() <= today),
        }
        existing = ContractPeriod.objects.filter(year=year).first()
        if existing:
            ContractPeriod.objects.filter(year=year).update(**flags)
        else:
            ContractPeriod.objects.create(year=year, started_on=start, finished_on=finish, **flags)
        ledger.fate("cohorts", row["id"], M if existing else C, target="contract_periods")


def delivery_partners(source: Source, ledger: Ledger, today: dt.date) -> None:
    for row in source.query("SELECT * FROM {t.delivery_partners} ORDER BY id"):
        partner = (
            DeliveryPartner.objects.filter(api_id=row["id"]).first()
            or DeliveryPartner.objects.filter(name__iexact=row["name"]).first()
        )
        outcome = M if partner else C
        partner = partner or DeliveryPartner(name=row["name"])
        partner.api_id, partner.name, partner.api_updated_at = row["id"], row["name"], row["updated_at"]
        partner.save()
        DeliveryPartner.objects.filter(pk=partner.pk).update(created_at=row["created_at"])
        ledger.fate("delivery_partners", row["id"], outcome, target="delivery_partners")


def active_lead_providers(source: Source, ledger: Ledger, today: dt.date) -> None:
    providers = dict(LeadProvider.objects.filter(ecf_id__isnull=False).values_list("ecf_id", "pk"))
    for row in source.query(
        "SELECT clp.lead_provider_id, c.start_year FROM {t.cohorts_lead_providers} clp "
        "JOIN {t.cohorts} c ON c.id = clp.cohort_id ORDER BY 1, 2"
    ):
        _, created = ActiveLeadProvider.objects.get_or_create(
            lead_provider_id=providers[row["lead_provider_id"]], contract_period_id=row["start_year"]
        )
        ledger.fate("cohorts_lead_providers", f"{row['lead_provider_id']}:{row['start_year']}", C if created else M,
                    target="active_lead_providers")  # fmt: skip


def schedules(source: Source, ledger: Ledger, today: dt.date) -> None:
    """§6.3: one schedule per (identifier, year) for ECF and Mentor types; milestones per declaration type."""
    valid_types = set(DeclarationType.values)
    found: dict[str, Schedule] = {}
    for row in source.query(
        "SELECT s.*, c.start_year FROM {t.schedules} s JOIN {t.cohorts} c ON c.id = s.cohort_id ORDER BY s.id"
    ):
        if row["type"] not in ("Finance::Schedule::ECF", "Finance::Schedule::Mentor"):
            ledger.fate("schedules", row["id"], D, "NPQ schedule (out of scope)")
            continue
        schedule, created = Schedule.objects.get_or_create(
            contract_period_id=row["start_year"], identifier=row["schedule_identifier"]
        )
        found[str(row["id"])] = schedule
        ledger.fate("schedules", row["id"], C if created else M, target="schedules")
    for row in source.query("SELECT * FROM {t.milestones} ORDER BY id"):
        schedule = found.get(str(row["schedule_id"]))
        if schedule is None or row["declaration_type"] not in valid_types:
            ledger.fate("milestones", row["id"], D, "schedule or declaration type not migrated")
            continue
        _, created = Milestone.objects.get_or_create(
            schedule=schedule,
            declaration_type=row["declaration_type"],
            defaults={"start_date": row["start_date"], "milestone_date": row["milestone_date"]},
        )
        ledger.fate("milestones", row["id"], C if created else M, target="milestones")


def _alps() -> dict[tuple[str, int], ActiveLeadProvider]:
    return {
        (str(alp.lead_provider.ecf_id), alp.contract_period_id): alp
        for alp in ActiveLeadProvider.objects.select_related("lead_provider").filter(
            lead_provider__ecf_id__isnull=False
        )
    }


def lead_provider_delivery_partnerships(source: Source, ledger: Ledger, today: dt.date) -> None:
    alps = _alps()
    partners = {str(k): v for k, v in DeliveryPartner.objects.values_list("api_id", "pk")}
    for row in source.query(
        "SELECT pr.*, c.start_year FROM {t.provider_relationships} pr JOIN {t.cohorts} c ON c.id = pr.cohort_id "
        "ORDER BY pr.id"
    ):
        if row["discarded_at"]:
            ledger.fate("provider_relationships", row["id"], D, "discarded in ECF1")
            continue
        alp = alps.get((str(row["lead_provider_id"]), row["start_year"]))
        if alp is None:
            ledger.fate("provider_relationships", row["id"], F, "no active lead provider",
                        f"Lead provider {row['lead_provider_id']} not active in {row['start_year']}")  # fmt: skip
            continue
        _, created = LeadProviderDeliveryPartnership.objects.get_or_create(
            active_lead_provider=alp, delivery_partner_id=partners[str(row["delivery_partner_id"])],
            defaults={"ecf_id": row["id"]},
        )  # fmt: skip
        ledger.fate("provider_relationships", row["id"], C if created else M,
                    target="lead_provider_delivery_partnerships")  # fmt: skip


MENTOR_NOT_UNIQUE = "Unable to match call off contract with unique mentor call off contract!"


def _mentor_versions_of_statements(source: Source) -> dict[tuple[str, str, str], set[str]]:
    """(lead provider, cohort, call-off version) → the mentor call-off versions its ECF statements name."""
    found: dict[tuple[str, str, str], set[str]] = {}
    for row in source.query(
        "SELECT DISTINCT lp.id::text AS lp, s.cohort_id::text AS cohort, s.contract_version, s.mentor_contract_version "
        "FROM {t.statements} s JOIN {t.lead_providers} lp ON lp.cpd_lead_provider_id = s.cpd_lead_provider_id "
        "WHERE s.type LIKE 'Finance::Statement::ECF%%'"
    ):
        found.setdefault((row["lp"], row["cohort"], row["contract_version"]), set()).add(row["mentor_contract_version"])
    return found


def _migrated_contracts() -> dict[tuple[int, str, str | None], Contract]:
    """Migrated contracts by the triple §6.4 finds them by: (ALP, call-off version, mentor call-off version)."""
    return {
        (c.active_lead_provider_id, c.ecf_contract_version, c.ecf_mentor_contract_version): c
        for c in Contract.objects.filter(ecf_contract_version__isnull=False)
    }


def contracts(source: Source, ledger: Ledger, today: dt.date, open_band_capacity: int | None = None) -> None:
    """§6.4: one contract per (ALP, call-off version, mentor call-off version or none), because ECF1 priced each
    statement on its own versions; merging them would recompute old statements on another version's terms. ALP bands
    take the largest capacity seen at each position across the provider's contracts; each contract prices them with
    its own band terms."""
    alps = _alps()
    cohorts = {str(r["id"]): r for r in source.query("SELECT * FROM {t.cohorts}")}
    bands: dict[str, list[dict]] = {}
    for band in source.query("SELECT * FROM {t.participant_bands} ORDER BY call_off_contract_id, min NULLS FIRST, id"):
        bands.setdefault(str(band["call_off_contract_id"]), []).append(band)
    mentor_contracts = {
        (str(r["lead_provider_id"]), str(r["cohort_id"]), r["version"]): r
        for r in source.query("SELECT * FROM {t.mentor_call_off_contracts} ORDER BY id")
    }
    mentor_versions = _mentor_versions_of_statements(source)
    existing = _migrated_contracts()
    used_mentor_contracts: dict[str, list[str]] = {}  # mentor call-off id → versions of the contracts using it
    migrated: list[tuple[dict, Contract]] = []
    for row in source.query("SELECT * FROM {t.call_off_contracts} ORDER BY id"):
        contract_bands = bands.get(str(row["id"]), [])
        if row["version"].startswith("unused_"):
            ledger.fate("call_off_contracts", row["id"], D, "superseded version (unused_)")
            for band in contract_bands:
                ledger.fate("participant_bands", band["id"], D, "band of a superseded contract")
            continue
        lead_provider, cohort = str(row["lead_provider_id"]), cohorts[str(row["cohort_id"])]
        alp = alps.get((lead_provider, cohort["start_year"]))
        mentor = None
        if alp is None:
            failure = "no active lead provider", f"No active lead provider for {lead_provider} {cohort['start_year']}"
        elif cohort["mentor_funding"]:
            # ECF1 ties a call-off contract to a mentor one only through the statements priced on both.
            named = mentor_versions.get((lead_provider, str(row["cohort_id"]), row["version"]), set())
            found = {version if (lead_provider, str(row["cohort_id"]), version) in mentor_contracts else None
                     for version in named}  # fmt: skip
            failure = ("6.4 Mentor contract not unique", MENTOR_NOT_UNIQUE) if len(found) > 1 else None
            version = next(iter(found), None)
            mentor = mentor_contracts[(lead_provider, str(row["cohort_id"]), version)] if version else None
        else:
            failure = None
        if failure:
            ledger.fate("call_off_contracts", row["id"], F, *failure)
            for band in contract_bands:
                ledger.fate("participant_bands", band["id"], F, "call-off contract failed", failure[1])
            continue
        key = (alp.pk, row["version"], mentor["version"] if mentor else None)
        if mentor:
            used_mentor_contracts.setdefault(str(mentor["id"]), []).append(row["version"])
        if key in existing:
            ledger.fate("call_off_contracts", row["id"], M, "already migrated", target="contracts")
            for band in contract_bands:
                ledger.fate("participant_bands", band["id"], M, "already migrated", target="active_lead_provider_bands")
            continue
        contract = Contract.objects.create(
            active_lead_provider=alp,
            contract_type=ContractType.ITTECF_ECTP if cohort["mentor_funding"] else ContractType.ECF,
            ecf_contract_version=key[1],
            ecf_mentor_contract_version=key[2],
        )
        existing[key] = contract
        migrated.append((row, contract))
        uplift = row["uplift_amount"]
        if uplift is None:
            ledger.change("call_off_contracts", row["id"], "24 Null uplift amount", "uplift amount null → 0.00")
        structure = BandedFeeStructure.objects.create(
            contract=contract,
            recruitment_target=row["recruitment_target"],
            setup_fee=row["set_up_fee"] or 0,
            monthly_service_fee=row["monthly_service_fee"],
            uplift_fee_per_declaration=uplift or 0,
            uplift_target_ratio=UPLIFT_TARGET_RATIO.get(cohort["start_year"]),
        )
        ledger.fate("call_off_contracts", row["id"], C, target="contracts")
        for position, band in enumerate(contract_bands, start=1):
            low = max(band["min"] or 1, 1)
            if band["max"] is None and open_band_capacity is None:
                ledger.fate("participant_bands", band["id"], F, "24 Open-ended band",
                            "Open-ended band needs an explicit capacity from finance (--open-band-capacity)")  # fmt: skip
                continue
            if band["output_payment_percentage"] + band["service_fee_percentage"] != 100:
                ledger.fate("participant_bands", band["id"], F, "6.4 Band percentages",
                            f"Output {band['output_payment_percentage']}% and service fee "
                            f"{band['service_fee_percentage']}% do not add up to 100%")  # fmt: skip
                continue
            capacity = band["max"] - low + 1 if band["max"] is not None else open_band_capacity
            alp_band, created = Band.objects.get_or_create(
                active_lead_provider=alp, allocation_order=position, defaults={"capacity": capacity}
            )
            if not created and alp_band.capacity < capacity:
                alp_band.capacity = capacity
                alp_band.save(update_fields=["capacity", "updated_at"])
            BandTerm.objects.create(
                banded_fee_structure=structure, band=alp_band, fee_per_declaration=band["per_participant"],
                output_fee_ratio=Decimal(band["output_payment_percentage"]) / 100,
                service_fee_ratio=Decimal(band["service_fee_percentage"]) / 100,
            )  # fmt: skip
            ledger.fate("participant_bands", band["id"], C, target="active_lead_provider_bands")
        if mentor:
            FlatRateFeeStructure.objects.create(
                contract=contract, recruitment_target=mentor["recruitment_target"],
                fee_per_declaration=mentor["payment_per_participant"],
            )  # fmt: skip
    _report_bands_without_terms(ledger, migrated)
    for row in mentor_contracts.values():
        versions = used_mentor_contracts.get(str(row["id"]))
        if versions:
            ledger.fate("mentor_call_off_contracts", row["id"], M,
                        f"flat-rate part of call-off contract {', '.join(sorted(set(versions)))}",
                        target="contracts")  # fmt: skip
        else:
            ledger.fate("mentor_call_off_contracts", row["id"], D,
                        "no migrated call-off contract's statements name this version")  # fmt: skip


def _report_bands_without_terms(ledger: Ledger, migrated: list[tuple[dict, Contract]]) -> None:
    """A version with fewer bands than its provider's others has no price for the extra bands: declarations placed
    there earn nothing, as ECF1's overflow did. Reported, since §19 check 9 expects terms for every band."""
    rows = {contract.pk: row for row, contract in migrated}
    for contract_id, _, allocation_order in bands_without_terms(list(rows)):
        row = rows[contract_id]
        ledger.change("call_off_contracts", row["id"], "6.4 Band without terms",
                      f"version {row['version']} has no terms for band {allocation_order}")  # fmt: skip


def bands_without_terms(contract_ids: list[int] | None = None) -> list[tuple[int, int, int]]:
    """(contract, band, allocation order) for every band of a contract's provider and year that the contract prices
    nowhere (no banded fee structure, or none of its terms for that band), over the given contracts or all of them:
    one query, so the acceptance check (§19 check 9) can run it over a whole database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, b.id, b.allocation_order FROM contracts c "
            "JOIN active_lead_provider_bands b ON b.active_lead_provider_id = c.active_lead_provider_id "
            "LEFT JOIN contract_banded_fee_structures f ON f.contract_id = c.id "
            "WHERE NOT EXISTS (SELECT 1 FROM contract_banded_fee_structure_band_terms t "
            "                  WHERE t.banded_fee_structure_id = f.id AND t.band_id = b.id) "
            "AND (%(ids)s::bigint[] IS NULL OR c.id = ANY(%(ids)s::bigint[])) ORDER BY c.id, b.allocation_order",
            {"ids": contract_ids},
        )
        return cursor.fetchall()


def statements(source: Source, ledger: Ledger, today: dt.date) -> None:
    """§6.5 and §6.6: statements keep their ids and take the contract of their own ECF1 versions; adjustments (0.00
    rejected, §16 item 24); reconcile amounts."""
    alps = {}
    for alp in ActiveLeadProvider.objects.select_related("lead_provider"):
        if alp.lead_provider.ecf_cpd_lead_provider_id:
            alps[(str(alp.lead_provider.ecf_cpd_lead_provider_id), alp.contract_period_id)] = alp
    contracts = _migrated_contracts()
    existing = set(str(x) for x in Statement.objects.values_list("api_id", flat=True))
    to_create = []
    for row in source.query(
        "SELECT s.*, c.start_year, c.mentor_funding FROM {t.statements} s JOIN {t.cohorts} c ON c.id = s.cohort_id "
        "ORDER BY s.id"
    ):
        if not row["type"].startswith("Finance::Statement::ECF"):
            ledger.fate("statements", row["id"], D, "NPQ statement (out of scope)")
            continue
        if str(row["id"]) in existing:
            ledger.fate("statements", row["id"], M, "already migrated", target="statements")
            continue
        alp = alps.get((str(row["cpd_lead_provider_id"]), row["start_year"]))
        # ECF1 stores a mentor version on every statement; it names a contract only where mentors are funded.
        mentor_version = row["mentor_contract_version"] if row["mentor_funding"] else None
        contract = contracts.get((alp.pk, row["contract_version"], mentor_version)) if alp else None
        if contract is None:
            ledger.fate("statements", row["id"], F, "no contract",
                        f"Unable to find contract for lead provider {row['cpd_lead_provider_id']}, cohort "
                        f"{row['start_year']}, contract version {row['contract_version']}, mentor contract version "
                        f"{mentor_version or 'none'}")  # fmt: skip
            continue
        month_name, year = re.match(r"(\w+) (\d{4})", row["name"]).groups()
        status = (
            "paid" if row["type"].endswith("::Paid") else "payable" if row["type"].endswith("::Payable") else "open"
        )
        to_create.append(
            Statement(
                api_id=row["id"], contract=contract, active_lead_provider=alp, month=MONTH_NUMBERS[month_name],
                year=int(year), deadline_date=row["deadline_date"], payment_date=row["payment_date"],
                fee_type="output" if row["output_fee"] else "service", status=status,
                marked_as_paid_at=row["marked_as_paid_at"], api_updated_at=row["updated_at"],
            )
        )  # fmt: skip
        ledger.fate("statements", row["id"], C, target="statements")
        if row["reconcile_amount"]:
            to_create_adjustment = (row["id"], row["reconcile_amount"])
            ledger.change("statements", row["id"], "reconcile amount", f"adjustment {to_create_adjustment[1]}")
    Statement.objects.bulk_create(to_create)
    by_api = {str(k): v for k, v in Statement.objects.values_list("api_id", "pk")}
    adjustments = []
    for row in source.query(
        "SELECT id, reconcile_amount FROM {t.statements} WHERE reconcile_amount <> 0 AND type LIKE 'Finance::Statement::ECF%%'"
    ):
        if str(row["id"]) in by_api and not StatementAdjustment.objects.filter(ecf_id=row["id"]).exists():
            adjustments.append(
                StatementAdjustment(
                    statement_id=by_api[str(row["id"])],
                    ecf_id=row["id"],
                    payment_type="Reconcile amounts pre-adjustments feature",
                    amount=row["reconcile_amount"],
                )
            )
    for row in source.query("SELECT * FROM {t.finance_adjustments} ORDER BY id"):
        statement = by_api.get(str(row["statement_id"]))
        if statement is None:
            ledger.fate("finance_adjustments", row["id"], F, "statement not migrated")
        elif row["amount"] == 0:
            ledger.fate("finance_adjustments", row["id"], D, "24 Zero adjustment", "0.00 amounts are not allowed")
        elif StatementAdjustment.objects.filter(ecf_id=row["id"]).exists():
            ledger.fate("finance_adjustments", row["id"], M, "already migrated", target="statement_adjustments")
        else:
            adjustments.append(
                StatementAdjustment(
                    statement_id=statement, ecf_id=row["id"], payment_type=row["payment_type"], amount=row["amount"]
                )
            )
            ledger.fate("finance_adjustments", row["id"], C, target="statement_adjustments")
    StatementAdjustment.objects.bulk_create(adjustments)


def appropriate_bodies(source: Source, ledger: Ledger, today: dt.date) -> None:
    """§10.6 maps ECF1 appropriate bodies through a reviewed file; without one, we match by name and create the
    rest (reported), so school periods keep the body schools reported."""
    for row in source.query("SELECT * FROM {t.appropriate_bodies} ORDER BY id"):
        body = AppropriateBodyPeriod.objects.filter(name=row["name"]).first()
        if body:
            ledger.fate("appropriate_bodies", row["id"], M, "matched by name", target="appropriate_body_periods")
            continue
        AppropriateBodyPeriod.objects.create(name=row["name"], body_type=row["body_type"], dqt_id=row["id"])
        ledger.fate("appropriate_bodies", row["id"], C, "no mapping: created", target="appropriate_body_periods")


GIAS_STATUS = {"open": GIASSchoolStatus.OPEN, "closed": GIASSchoolStatus.CLOSED}


def gias_from_source(source: Source, ledger: Ledger, today: dt.date) -> None:
    """Stand-in for `import_gias` in generated worlds: load the source's GIAS extract where a URN is absent."""
    if not source.has_table("gias_establishments"):
        return
    present = set(GIASSchool.objects.values_list("urn", flat=True))
    GIASSchool.objects.bulk_create(
        [
            GIASSchool(
                urn=row["urn"],
                name=row["name"],
                type_name=row["type_name"],
                status=row["status"],
                in_england=row["in_england"],
                section_41_approved=row["section_41_approved"],
                local_authority_code=row["local_authority_code"],
                ukprn=row["ukprn"],
                phase_name=row["phase_name"],
                administrative_district_name=row["administrative_district_name"],
                eligible=True,
            )
            for row in source.query("SELECT * FROM {t.gias_establishments} ORDER BY urn")
            if row["urn"] not in present
        ]
    )


def _ecf1_eligible(row: dict) -> bool:
    in_england = (row["administrative_district_code"] or "").startswith("E")
    open_ = row["school_status_code"] in OPEN_STATUS_CODES
    type_ok = row["school_type_code"] in ELIGIBLE_TYPE_CODES or (
        row["school_type_code"] in (10, 11) and row["section_41_approved"]
    )
    return in_england and open_ and type_ok


def schools(source: Source, ledger: Ledger, today: dt.date) -> None:
    """§7.1–7.2: which schools, GIAS school found or built from ECF1 (§16 item 28), differences reported with GIAS
    winning (item 29), `api_id` kept."""
    rows = source.query(
        "SELECT s.*, "
        " EXISTS (SELECT 1 FROM {t.partnerships} p WHERE p.school_id = s.id AND p.challenged_at IS NULL "
        "         AND NOT p.relationship) AS partnered, "
        " EXISTS (SELECT 1 FROM {t.school_cohorts} sc JOIN {t.induction_programmes} ip ON ip.school_cohort_id = sc.id "
        "         JOIN {t.induction_records} ir ON ir.induction_programme_id = ip.id WHERE sc.school_id = s.id) AS used, "
        " sit.sit "
        "FROM {t.schools} s "
        # Each school's first induction tutor, found for every school in one pass rather than a probe per school
        # (ECF1's join table need not have an index on school_id).
        "LEFT JOIN (SELECT DISTINCT ON (icps.school_id) icps.school_id, u.full_name || '|' || u.email AS sit "
        "  FROM {t.induction_coordinator_profiles_schools} icps "
        "  JOIN {t.induction_coordinator_profiles} icp ON icp.id = icps.induction_coordinator_profile_id "
        "  JOIN {t.users} u ON u.id = icp.user_id ORDER BY icps.school_id, icps.created_at, icp.id) sit "
        "ON sit.school_id = s.id "
        "ORDER BY s.id"
    )
    gias = {g.urn: g for g in GIASSchool.objects.all()}
    schools_by_urn = {s.gias_school_id: s for s in School.objects.all()}
    new_gias, new_schools, updates = [], [], []
    for row in rows:
        eligible = _ecf1_eligible(row)
        if not (eligible or row["partnered"] or row["used"]):
            ledger.fate("schools", row["id"], D, "7.1 not eligible, no partnership, no induction records")
            continue
        urn = int(row["urn"])
        found = gias.get(urn)
        if found is None:
            found = GIASSchool(
                urn=urn, name=row["name"], type_name=row["school_type_name"] or "",
                status=GIASSchoolStatus.OPEN if row["school_status_code"] in OPEN_STATUS_CODES else GIASSchoolStatus.CLOSED,
                eligible=eligible, in_england=(row["administrative_district_code"] or "").startswith("E"),
                section_41_approved=row["section_41_approved"], local_authority_code=0,
                ukprn=int(row["ukprn"]) if row["ukprn"] else None, phase_name=row["school_phase_name"],
                administrative_district_name=row["administrative_district_name"], address_line1=row["address_line1"],
                postcode=row["postcode"], primary_contact_email=row["primary_contact_email"],
                secondary_contact_email=row["secondary_contact_email"], website=row["school_website"],
            )  # fmt: skip
            new_gias.append(found)
            gias[urn] = found
            ledger.change("schools", row["id"], "28 Missing from GIAS", "GIAS school built from ECF1 data")
        else:
            for name, ecf_value, gias_value in _differences(row, found, eligible):
                ledger.change(
                    "schools", row["id"], "29 GIAS differs",
                    f":{name} - School {urn} ({row['name']}) mismatch value on field named '{name}': '{ecf_value}' "
                    f"on ECF whilst '{gias_value}' expected on RECT!",
                )  # fmt: skip
        name, email = row["sit"].split("|", 1) if row["sit"] else (None, None)
        school = schools_by_urn.get(urn)
        if school is None:
            new_schools.append(
                School(
                    gias_school_id=urn,
                    api_id=row["id"],
                    api_updated_at=row["updated_at"],
                    induction_tutor_name=name,
                    induction_tutor_email=email,
                    induction_tutor_last_nominated_in_id=2025 if name else None,
                )
            )
            ledger.fate("schools", row["id"], C, target="schools")
        else:
            school.api_id = row["id"]
            if name:  # §7.2 step 3: the first induction coordinator is the school's induction tutor
                school.induction_tutor_name, school.induction_tutor_email = name, email
                school.induction_tutor_last_nominated_in_id = 2025
            updates.append(school)
            ledger.fate("schools", row["id"], M, "school already in the new service", target="schools")
    GIASSchool.objects.bulk_create(new_gias)
    School.objects.bulk_create(new_schools)
    School.objects.bulk_update(
        updates, ["api_id", "induction_tutor_name", "induction_tutor_email", "induction_tutor_last_nominated_in_id"]
    )


def _differences(row: dict, gias: GIASSchool, eligible: bool):
    status = "open" if row["school_status_code"] in OPEN_STATUS_CODES else "closed"
    gias_status = "open" if gias.status in ("open", "proposed_to_close") else "closed"
    pairs = (
        ("name", row["name"], gias.name),
        ("administrative_district_name", row["administrative_district_name"], gias.administrative_district_name),
        ("phase_name", row["school_phase_name"], gias.phase_name),
        ("section_41_approved", row["section_41_approved"], gias.section_41_approved),
        ("status", status, gias_status),
        ("type_name", row["school_type_name"], gias.type_name),
        ("ukprn", int(row["ukprn"]) if row["ukprn"] else None, gias.ukprn),
    )
    return [(name, a, b) for name, a, b in pairs if a != b]


def funding_eligibilities(source: Source, ledger: Ledger, today: dt.date) -> None:
    urns = {str(k): v for k, v in School.objects.values_list("api_id", "gias_school_id")}
    existing = set(SchoolFundingEligibility.objects.values_list("gias_school_id", "contract_period_id"))
    years = set(ContractPeriod.objects.values_list("year", flat=True))
    rows = []
    for row in source.query("SELECT * FROM {t.pupil_premiums} ORDER BY id"):
        urn = urns.get(str(row["school_id"]))
        if urn is None or row["start_year"] not in years:
            ledger.fate("pupil_premiums", row["id"], D, "school or year not migrated")
        elif (urn, row["start_year"]) in existing:
            ledger.fate(
                "pupil_premiums", row["id"], M, "one row per school and year", target="school_funding_eligibilities"
            )
        else:
            existing.add((urn, row["start_year"]))
            rows.append((urn, row["start_year"], row["pupil_premium_incentive"], row["sparsity_incentive"],
                         row["created_at"], row["updated_at"]))  # fmt: skip
            ledger.fate("pupil_premiums", row["id"], C, target="school_funding_eligibilities")
    copy_rows("school_funding_eligibilities", ("gias_school_urn", "contract_period_year", "pupil_premium_uplift",
                                               "sparsity_uplift", "created_at", "updated_at"), rows)  # fmt: skip


def school_partnerships(source: Source, ledger: Ledger, today: dt.date) -> None:
    """§7.3: every ECF1 partnership, challenged ones and "relationships" too (§16 item 27); a second ECF1 row for the
    same school and pair merges into the first (the new service holds one per school and pair)."""
    schools_by_api = {str(k): v for k, v in School.objects.values_list("api_id", "pk")}
    pairs = {}
    for pair in LeadProviderDeliveryPartnership.objects.select_related(
        "active_lead_provider__lead_provider", "delivery_partner"
    ):
        key = (str(pair.active_lead_provider.lead_provider.ecf_id), pair.active_lead_provider.contract_period_id,
               str(pair.delivery_partner.api_id))  # fmt: skip
        pairs[key] = pair.pk
    existing = {(s, p): api for s, p, api in SchoolPartnership.objects.values_list(
        "school_id", "lead_provider_delivery_partnership_id", "api_id")}  # fmt: skip
    existing_api = {str(api) for api in existing.values()}
    new = []
    for row in source.query(
        "SELECT p.*, c.start_year FROM {t.partnerships} p JOIN {t.cohorts} c ON c.id = p.cohort_id "
        "ORDER BY p.relationship, p.created_at, p.id"
    ):
        school = schools_by_api.get(str(row["school_id"]))
        pair = pairs.get((str(row["lead_provider_id"]), row["start_year"], str(row["delivery_partner_id"])))
        if school is None or pair is None:
            ledger.fate("partnerships", row["id"], F, "missing school or lead provider delivery partnership",
                        "Lead Provider Delivery Partnership not found" if pair is None else "School not migrated")  # fmt: skip
            continue
        if str(row["id"]) in existing_api:
            ledger.fate("partnerships", row["id"], M, "already migrated", target="school_partnerships")
            continue
        if (school, pair) in existing:
            ledger.fate("partnerships", row["id"], M, "27 Same school and pair as partnership "
                        f"{existing[(school, pair)]}", target="school_partnerships")  # fmt: skip
            continue
        existing[(school, pair)] = row["id"]
        new.append((school, pair, row["id"], row["updated_at"], row["created_at"], row["updated_at"]))  # fmt: skip
        rule = "27 Relationship migrated as a school partnership" if row["relationship"] else ""
        ledger.fate("partnerships", row["id"], C, rule, target="school_partnerships")
    copy_rows("school_partnerships", ("school_id", "lead_provider_delivery_partnership_id", "api_id", "api_updated_at",
                                      "created_at", "updated_at"), new)  # fmt: skip
