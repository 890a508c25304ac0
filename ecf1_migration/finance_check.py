"""Penny-level statement comparison (migration.md §18.5 "Finance", §19 check 10; finance.md §11).

For every ECF statement of the snapshot, the old service's figures are computed straight from ECF1's tables the way
ECF1 computed them (its call-off contract, bands, statement line items, adjustments, reconcile amount and 20% VAT),
and the new service's figures by the new calculator (finance.md §7) over the migrated rows. Each line is compared
to the penny; a difference carries explanation codes worked out from the data (declarations left out by the
migration, the documented algorithm differences of finance.md §11), and a paid statement whose difference has no
explanation fails the check."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext

from django.db import connection

from ecf1_migration.source import Source
from finance.calculation import (
    AdjustmentInput,
    DeclarationInput,
    HistoryCount,
    StatementInput,
    calculate_statement,
    round_for_display,
)
from finance.calculation.banded import BANDED_PROPORTIONS
from finance.calculation.money import MONEY_CONTEXT
from finance.selectors.statement_inputs import (
    DECLARATION_COLUMNS,
    contract_input,
    statement_for_calculation,
)

ZERO = Decimal("0")
ECF1_VAT_RATE = Decimal("0.2")
SERVICE_FEE_PAYMENTS = 29
BILLABLE = ("eligible", "payable", "paid")
REFUNDABLE = ("awaiting_clawback", "clawed_back")
MENTOR_FLAT_RATE_TYPES = ("started", "completed")
LINES = ("output", "service_fee", "uplift", "clawback", "adjustments", "mentor_output", "vat", "total")

# Explanation codes (one statement can carry several).
EXCLUDED = "excluded declarations"  # line items whose declaration the migration left out or failed (§14.1)
ALLOCATION = "allocation-algorithm difference"  # refunds beyond current additions or overflow (finance.md §11)
UPLIFT_RULE = "uplift rule"  # ECF1 uplift on declarations the new service gives none (§14.2: started, before 2025)
VAT_RATE = "VAT rate"  # ECF1's fixed 20% against the contract's rate
# The provider's bands are as wide as the widest of its contracts' at each position (migration.md §6.4), so a version
# with narrower bands, or an open-ended top band given a capacity, fills them differently from ECF1. Given only when
# ECF1's own calculation, run again with the migrated capacities, gives the new figures on every differing line.
BAND_CAPACITY = "band capacity"
NOT_MIGRATED = "statement not migrated"
UNEXPLAINED = "unexplained"


@dataclass
class Figures:
    """One statement's lines, unrounded."""

    output: Decimal = ZERO
    clawback: Decimal = ZERO
    uplift: Decimal = ZERO
    service_fee: Decimal = ZERO
    adjustments: Decimal = ZERO
    mentor_output: Decimal = ZERO
    vat: Decimal = ZERO
    notes: set[str] = field(default_factory=set)  # what ECF1's own calculation ran into
    capacities: tuple[int | None, ...] = ()  # the band capacities the figures were computed with, in order

    @property
    def total(self) -> Decimal:
        return (
            self.output
            - self.clawback
            + self.uplift
            + self.service_fee
            + self.adjustments
            + self.mentor_output
            + self.vat
        )


# The old service ------------------------------------------------------------------------------------------


@dataclass
class _Band:
    capacity: int | None  # None: open-ended
    per_participant: Decimal
    output_ratio: Decimal
    service_ratio: Decimal


def _ecf1_bands(source: Source) -> dict[str, list[_Band]]:
    bands = defaultdict(list)
    for row in source.query(
        "SELECT call_off_contract_id::text AS contract, min, max, per_participant, output_payment_percentage, "
        "service_fee_percentage FROM {t.participant_bands} ORDER BY call_off_contract_id, min NULLS FIRST"
    ):
        low = max(row["min"] or 1, 1)
        bands[row["contract"]].append(_Band(
            None if row["max"] is None else row["max"] - low + 1, Decimal(row["per_participant"]),
            Decimal(row["output_payment_percentage"]) / 100, Decimal(row["service_fee_percentage"]) / 100,
        ))  # fmt: skip
    return bands


def _ecf1_fill(
    bands: list[_Band], previous_net: int, billable: int, refundable: int
) -> tuple[list[int], list[int], bool]:
    """ECF1's allocation (finance.md §11): the previous net fill first, current billables into what is left, current
    refunds taken from the current additions top-down and any remainder from the previous fill top-down. Returns
    per band (billable placed, refundable charged) and whether an edge case (overflow, refunds beyond the current
    additions) was met, where the new four-step replay can differ."""
    previous, added, refunded = [], [], [0] * len(bands)
    remaining = max(previous_net, 0)
    for band in bands:
        take = remaining if band.capacity is None else min(remaining, band.capacity)
        previous.append(take)
        remaining -= take
    remaining, edge = billable, False
    for index, band in enumerate(bands):
        room = remaining if band.capacity is None else min(remaining, max(band.capacity - previous[index], 0))
        added.append(room)
        remaining -= room
    edge = remaining > 0
    left = refundable
    for index in reversed(range(len(bands))):
        take = min(left, added[index])
        refunded[index] += take
        left -= take
    if left:
        edge = True
        for index in reversed(range(len(bands))):
            take = min(left, previous[index])
            refunded[index] += take
            left -= take
    return added, refunded, edge


def ecf1_figures(source: Source, capacities: dict[str, tuple[int | None, ...]] | None = None) -> dict[str, Figures]:
    """ECF1 statement id → its figures as ECF1 computed them; with `capacities`, those statements' bands are given
    these capacities instead (bands beyond them left out), to tell a band-capacity difference from any other."""
    statements = source.query(
        "SELECT s.id::text, s.cpd_lead_provider_id::text AS cpd, s.cohort_id::text AS cohort, s.payment_date, "
        "s.contract_version, s.mentor_contract_version, s.reconcile_amount, c.mentor_funding, lp.id::text AS lp, "
        "lp.vat_chargeable FROM {t.statements} s JOIN {t.cohorts} c ON c.id = s.cohort_id "
        "JOIN {t.lead_providers} lp ON lp.cpd_lead_provider_id = s.cpd_lead_provider_id "
        "WHERE s.type LIKE 'Finance::Statement::ECF%%'"
    )
    contracts = {
        (r["lp"], r["cohort"], r["version"]): r
        for r in source.query(
            "SELECT id::text, lead_provider_id::text AS lp, cohort_id::text AS cohort, version, recruitment_target, "
            "set_up_fee, uplift_amount, monthly_service_fee FROM {t.call_off_contracts} WHERE version NOT LIKE 'unused%%'"
        )
    }
    mentor_contracts = {
        (r["lp"], r["cohort"], r["version"]): r
        for r in source.query(
            "SELECT lead_provider_id::text AS lp, cohort_id::text AS cohort, version, payment_per_participant "
            "FROM {t.mentor_call_off_contracts}"
        )
    }
    bands = _ecf1_bands(source)
    adjustments = {r["sid"]: r["total"] for r in source.query(
        "SELECT statement_id::text AS sid, sum(amount) AS total FROM {t.finance_adjustments} GROUP BY 1")}  # fmt: skip
    # Line items per statement: (declaration type, mentor?, billable?, refundable?, started with an uplift flag?)
    items = defaultdict(Counter)
    for row in source.query(
        "SELECT li.statement_id::text AS sid, d.declaration_type, d.type LIKE '%%Mentor' AS mentor, li.state, "
        "(d.declaration_type = 'started' AND (d.pupil_premium_uplift OR d.sparsity_uplift)) AS uplift, count(*) AS n "
        "FROM {t.statement_line_items} li JOIN {t.participant_declarations} d ON d.id = li.participant_declaration_id "
        "WHERE d.type IN ('ParticipantDeclaration::ECT', 'ParticipantDeclaration::Mentor') GROUP BY 1, 2, 3, 4, 5"
    ):
        kind = "billable" if row["state"] in BILLABLE else "refundable" if row["state"] in REFUNDABLE else None
        if kind:
            items[row["sid"]][(row["declaration_type"], row["mentor"], kind, bool(row["uplift"]))] += row["n"]
    by_provider = defaultdict(list)
    for statement in statements:
        by_provider[(statement["cpd"], statement["cohort"])].append(statement)
    figures = {}
    with localcontext(MONEY_CONTEXT):
        for statement in statements:
            f = Figures()
            figures[statement["id"]] = f
            contract = contracts.get((statement["lp"], statement["cohort"], statement["contract_version"]))
            mentor_funded = statement["mentor_funding"]
            mentor_contract = mentor_contracts.get(
                (statement["lp"], statement["cohort"], statement["mentor_contract_version"])
            )
            if contract is None:
                f.notes.add("no call-off contract")
                continue
            contract_bands = bands.get(contract["id"], [])
            if capacities and statement["id"] in capacities:
                # The provider may have fewer bands (a failed open-ended one): ECF1's extra bands are left out.
                given = capacities[statement["id"]]
                contract_bands = [replace(band, capacity=c) for band, c in zip(contract_bands, given, strict=False)]
            f.capacities = tuple(band.capacity for band in contract_bands)
            previous = Counter()
            for other in by_provider[(statement["cpd"], statement["cohort"])]:
                if other["payment_date"] < statement["payment_date"]:
                    for (declaration_type, mentor, kind, _), n in items[other["id"]].items():
                        if mentor_funded and mentor:
                            continue
                        previous[declaration_type] += n if kind == "billable" else -n
            current = items[statement["id"]]
            for declaration_type, proportion in BANDED_PROPORTIONS.items():
                billable = sum(n for (t, mentor, kind, _), n in current.items()
                               if t == declaration_type and kind == "billable" and not (mentor_funded and mentor))  # fmt: skip
                refundable = sum(n for (t, mentor, kind, _), n in current.items()
                                 if t == declaration_type and kind == "refundable" and not (mentor_funded and mentor))  # fmt: skip
                if not (billable or refundable):
                    continue
                added, refunded, edge = _ecf1_fill(contract_bands, previous[declaration_type], billable, refundable)
                if edge:
                    f.notes.add(ALLOCATION)
                for band, a, r in zip(contract_bands, added, refunded, strict=True):
                    fee = proportion * band.output_ratio * band.per_participant
                    f.output += a * fee
                    f.clawback += r * fee
            if contract["uplift_amount"] is not None:
                net = sum((n if kind == "billable" else -n) for (t, mentor, kind, uplift), n in current.items()
                          if uplift and not (mentor_funded and mentor))  # fmt: skip
                f.uplift = net * Decimal(contract["uplift_amount"])
            f.service_fee = _ecf1_service_fee(contract, contract_bands)
            f.adjustments = Decimal(adjustments.get(statement["id"]) or 0) + Decimal(statement["reconcile_amount"] or 0)
            if mentor_funded and mentor_contract is not None:
                price = Decimal(mentor_contract["payment_per_participant"]) / 2
                for (t, mentor, kind, _), n in current.items():
                    if mentor and t in MENTOR_FLAT_RATE_TYPES:
                        f.mentor_output += (n if kind == "billable" else -n) * price
            if statement["vat_chargeable"]:
                f.vat = (
                    f.output - f.clawback + f.uplift + f.service_fee + f.adjustments + f.mentor_output
                ) * ECF1_VAT_RATE
    return figures


def _ecf1_service_fee(contract: dict, bands: list[_Band]) -> Decimal:
    """ECF1: per band, filled × (price × service % − band A's set-up cost per participant), each ÷ 29, summed."""
    if contract["monthly_service_fee"] is not None:
        return Decimal(contract["monthly_service_fee"])
    if not bands:
        return ZERO
    remaining, total = contract["recruitment_target"] or 0, ZERO
    set_up = Decimal(contract["set_up_fee"] or 0)
    for index, band in enumerate(bands):
        filled = remaining if band.capacity is None else min(remaining, band.capacity)
        remaining -= filled
        per_participant = band.per_participant * band.service_ratio
        if index == 0 and band.capacity:
            per_participant -= set_up / band.capacity
        total += filled * per_participant / SERVICE_FEE_PAYMENTS
    return total


# The new service ------------------------------------------------------------------------------------------


def new_figures() -> dict[str, tuple[int, str, Figures]]:
    """ECF1 statement id (the migrated statement's api_id) → (statement id, status, figures by finance.md §7).

    The new calculator (`calculate_statement`) does the arithmetic; its inputs are loaded for all statements at
    once (the statement page's selector costs a scan of the declarations per statement, which at 100,000
    participants would take longer than the migration)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.api_id::text, s.id, s.status, s.active_lead_provider_id, s.payment_date, s.fee_type, "
            "s.contract_id FROM statements s WHERE s.api_id IS NOT NULL AND s.contract_id IS NOT NULL"
        )
        statements = cursor.fetchall()
        cursor.execute("SELECT statement_id, payment_type, amount FROM statement_adjustments ORDER BY created_at, id")
        adjustments = defaultdict(list)
        for pk, payment_type, amount in cursor.fetchall():
            adjustments[pk].append(AdjustmentInput(payment_type, amount))
        cursor.execute(
            f"SELECT {', '.join(DECLARATION_COLUMNS)} FROM declarations "
            "WHERE payment_statement_id IS NOT NULL OR clawback_statement_id IS NOT NULL"
        )
        declarations = cursor.fetchall()
    on_statement = defaultdict(list)
    billable_on, refundable_on = defaultdict(Counter), defaultdict(Counter)
    for row in declarations:
        values = dict(zip(DECLARATION_COLUMNS, row, strict=True))
        payment, clawback = values.pop("payment_statement_id"), values.pop("clawback_statement_id")
        for pk in {payment, clawback} - {None}:
            on_statement[pk].append(
                DeclarationInput(**values, on_payment_statement=payment == pk, on_clawback_statement=clawback == pk)
            )
        key = (values["role"], values["declaration_type"])
        if payment and values["payment_status"] in BILLABLE:
            billable_on[payment][key] += 1
        if clawback and values["clawback_status"] in REFUNDABLE:
            refundable_on[clawback][key] += 1
    by_provider = defaultdict(list)
    for _, pk, _, provider, payment_date, _, _ in statements:
        by_provider[provider].append((payment_date, pk))
    found, contracts = {}, {}
    with localcontext(MONEY_CONTEXT):
        for api_id, pk, status, provider, payment_date, fee_type, contract_id in statements:
            if (contract_id, provider) not in contracts:
                contracts[(contract_id, provider)] = contract_input(statement_for_calculation(pk))
            billable, refundable = Counter(), Counter()
            for other_date, other in by_provider[provider]:
                if other_date < payment_date:
                    billable.update(billable_on[other])
                    refundable.update(refundable_on[other])
            history = [HistoryCount(role, t, billable[(role, t)], refundable[(role, t)])
                       for role, t in set(billable) | set(refundable)]  # fmt: skip
            inputs = StatementInput(
                contract=contracts[(contract_id, provider)], fee_type=fee_type, declarations=on_statement[pk],
                history=history, adjustments=adjustments[pk],
            )  # fmt: skip
            calculation = calculate_statement(inputs)
            banded, flat = calculation.banded, calculation.flat_rate
            found[api_id] = (pk, status, Figures(
                output=banded.outputs_billable, clawback=banded.outputs_refundable, uplift=banded.uplifts_net,
                service_fee=banded.monthly_service_fee, adjustments=banded.adjustments_total,
                mentor_output=flat.outputs_net if flat else ZERO, vat=calculation.vat,
                capacities=tuple(band.capacity for band in inputs.contract.banded.bands),
            ))  # fmt: skip
    return found


# The comparison -------------------------------------------------------------------------------------------


def _excluded_line_items() -> Counter:
    """Per ECF1 statement: billable or refundable line items whose declaration was left out or failed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT source_id FROM ecf1_migration_ledger WHERE source_table = 'statement_line_items' "
            "AND outcome IN ('dropped', 'failed')"
        )
        return {row[0] for row in cursor.fetchall()}


def statement_money(source: Source) -> list[dict]:
    """One row per ECF1 ECF statement: each line old and new rounded to pennies, the differences, the explanation
    codes and whether it passes (equal to the penny, or explained — a paid statement never passes unexplained)."""
    old = ecf1_figures(source)
    new = new_figures()
    narrower = {sid: new[sid][2].capacities for sid, figures in old.items()
                if sid in new and figures.capacities != new[sid][2].capacities}  # fmt: skip
    with_new_capacities = ecf1_figures(source, narrower) if narrower else {}
    excluded_items = _excluded_line_items()
    excluded = Counter()
    uplift_gone = Counter()
    for row in source.query(
        "SELECT li.id::text, li.statement_id::text AS sid, li.state, d.declaration_type, c.start_year, "
        "(d.pupil_premium_uplift OR d.sparsity_uplift) AS flagged FROM {t.statement_line_items} li "
        "JOIN {t.participant_declarations} d ON d.id = li.participant_declaration_id "
        "JOIN {t.cohorts} c ON c.id = d.cohort_id WHERE li.state IN ('eligible', 'payable', 'paid', "
        "'awaiting_clawback', 'clawed_back')"
    ):
        if row["id"] in excluded_items:
            excluded[row["sid"]] += 1
        elif row["declaration_type"] == "started" and row["flagged"] and row["start_year"] >= 2025:
            uplift_gone[row["sid"]] += 1
    meta = {r["id"]: r for r in source.query(
        "SELECT s.id::text, s.name, s.type, lp.name AS lead_provider, c.start_year FROM {t.statements} s "
        "JOIN {t.cohorts} c ON c.id = s.cohort_id JOIN {t.lead_providers} lp ON lp.cpd_lead_provider_id = s.cpd_lead_provider_id "
        "WHERE s.type LIKE 'Finance::Statement::ECF%%'")}  # fmt: skip
    rows = []
    for statement_id in sorted(
        old, key=lambda s: (meta[s]["lead_provider"], meta[s]["start_year"], meta[s]["name"], s)
    ):
        before, info = old[statement_id], meta[statement_id]
        paid = info["type"].endswith("::Paid")
        row = {"statement_id": statement_id, "lead_provider": info["lead_provider"], "cohort": info["start_year"],
               "name": info["name"], "paid": paid}  # fmt: skip
        migrated = new.get(statement_id)
        after = migrated[2] if migrated else Figures()
        differences = {}
        for line in LINES:
            a, b = round_for_display(getattr(before, line)), round_for_display(getattr(after, line))
            row[f"ecf1_{line}"], row[f"new_{line}"] = a, b
            if a != b:
                differences[line] = b - a
        row["difference"] = round_for_display(after.total) - round_for_display(before.total)
        codes = set()
        if differences:
            if migrated is None:
                codes.add(NOT_MIGRATED)
            if excluded[statement_id]:
                codes.add(EXCLUDED)
            if ALLOCATION in before.notes:
                codes.add(ALLOCATION)
            if uplift_gone[statement_id] and "uplift" in differences:
                codes.add(UPLIFT_RULE)
            if set(differences) <= {"vat", "total"}:
                codes.add(VAT_RATE)
            again = with_new_capacities.get(statement_id)
            if again and all(round_for_display(getattr(again, line)) == round_for_display(getattr(after, line))
                             for line in differences):  # fmt: skip
                codes.add(BAND_CAPACITY)
            if not codes:
                codes.add(UNEXPLAINED)
        row["lines_differing"] = ", ".join(differences)
        row["excluded_line_items"] = excluded[statement_id]
        row["explanation"] = "; ".join(sorted(codes))
        row["passes"] = not differences or UNEXPLAINED not in codes
        rows.append(row)
    return rows
