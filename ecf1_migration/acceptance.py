"""The acceptance checks run after every migration (migration.md §19): one function per check, each a set-based
query over the new database, with ECF1's own rows loaded beside it where the check compares with the source.

Each check says how many rows break it and shows up to 20 of them. A source record the ledger marks failed is the
thresholds' business (§18.6: every failure counted, and accepted individually or not, `thresholds.py`), so the
checks that compare with ECF1 (6, 11) leave those out and look at every other record: one created or merged, or
with no fate at all, must be there. Records dropped by a documented rule are the exclusions §19 speaks of."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from ecf1_migration import finance_check, parity, reference
from ecf1_migration.ledger import copy_rows
from ecf1_migration.source import Source
from ecf1_migration.source_builder import ECT, MENTOR
from providers.models import ScheduleIdentifier

EXAMPLES = 20
INFINITY = "'infinity'::date"
REPLACEMENT_SCHEDULES = [value for value in ScheduleIdentifier.values if "replacement" in value]
PARITY_TO_DO = "run ecf1_api_parity and attach its report (--parity-report)"


@dataclass(frozen=True)
class CheckResult:
    number: int
    title: str
    passed: bool | None  # None: not checked by this run (check 12 without a parity report)
    breaking: int
    examples: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def of(cls, number: int, title: str, breaking: Sequence[str], passed: bool = True, note: str = "") -> CheckResult:
        """From every breaking row's description (all counted, the first 20 shown); `passed`: any further condition."""
        return cls(number, title, passed and not breaking, len(breaking), tuple(breaking[:EXAMPLES]), note)

    def row(self) -> dict[str, Any]:
        outcome = "not run here" if self.passed is None else "passed" if self.passed else "failed"
        return {"check": self.number, "title": self.title, "result": outcome, "rows_breaking": self.breaking,
                "examples": "; ".join(self.examples), "note": self.note}  # fmt: skip


def _breaking(number: int, title: str, sql: str, params: Any = None) -> CheckResult:
    """`sql` selects one descriptive text per breaking row: all counted, the first 20 by text shown, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) OVER (), example FROM ({sql}) breaking(example) ORDER BY example LIMIT {EXAMPLES}", params
        )
        rows = cursor.fetchall()
    count = rows[0][0] if rows else 0
    return CheckResult(number, title, count == 0, count, tuple(row[1] for row in rows))


@contextmanager
def beside(name: str, columns: str, rows: Sequence[Sequence[Any]]) -> Iterator[None]:
    """ECF1 rows as a temporary table of the new database, so the comparison is one join whether the snapshot sits
    in another database or beside the new tables. Made in its own transaction (or savepoint), so an error inside
    rolls it back with everything else."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
        copy_rows(name, [column.split()[0] for column in columns.split(", ")], rows)
        cursor.execute(f"ANALYZE {name}")
        yield
        cursor.execute(f"DROP TABLE {name}")


# 1-5: the periods -----------------------------------------------------------------------------------------


def check_1_no_overlapping_school_periods(source: Source) -> CheckResult:
    meets = (
        f"b.started_on <= coalesce(a.finished_on, {INFINITY}) AND a.started_on <= coalesce(b.finished_on, {INFINITY})"
    )
    return _breaking(
        1,
        "No teacher has overlapping ECT-at-school periods, or overlapping mentor-at-school periods at the same school",
        f"SELECT 'teacher ' || a.teacher_id || ': ECT-at-school periods ' || a.id || ' and ' || b.id "
        f"FROM ect_at_school_periods a JOIN ect_at_school_periods b ON b.teacher_id = a.teacher_id AND b.id > a.id "
        f"AND {meets} "
        f"UNION ALL SELECT 'teacher ' || a.teacher_id || ': mentor-at-school periods ' || a.id || ' and ' || b.id "
        f"FROM mentor_at_school_periods a JOIN mentor_at_school_periods b ON b.teacher_id = a.teacher_id "
        f"AND b.school_id = a.school_id AND b.id > a.id AND {meets}",
    )


PERIOD_TABLES = ("ect_at_school_periods", "mentor_at_school_periods", "training_periods", "mentorship_periods")


def check_2_periods_end_after_they_start(source: Source) -> CheckResult:
    """Dates are inclusive here (domain.md §3.1, which §3 of migration.md refers to): a period ending on the day it
    starts lasts one day, so what breaks the rule is an end before the start. The converter's "start + 1 day" stubs
    come from the reference's exclusive ends and pass either way."""
    return _breaking(
        2,
        "Every period has no end date, or one on or after its start date",
        " UNION ALL ".join(
            f"SELECT '{table} ' || id || ': ' || started_on || ' to ' || finished_on FROM {table} "
            "WHERE finished_on < started_on"
            for table in PERIOD_TABLES
        ),
    )


SCHOOL_PERIODS = (
    "LEFT JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id "
    "LEFT JOIN mentor_at_school_periods m ON m.id = tp.mentor_at_school_period_id"
)
"""A training period's school period, ECT or mentor: exactly one of `e` and `m` is there."""


def check_3_periods_within_their_school_periods(source: Source) -> CheckResult:
    school_end = f"coalesce(CASE WHEN e.id IS NOT NULL THEN e.finished_on ELSE m.finished_on END, {INFINITY})"
    return _breaking(
        3,
        "Every training period lies within its school period, and every mentorship within both its ECT's and its "
        "mentor's school periods",
        f"SELECT 'training period ' || tp.id || ' (' || tp.started_on || ' to ' || coalesce(tp.finished_on::text, "
        f"'ongoing') || ') outside school period ' || coalesce(e.id, m.id) FROM training_periods tp {SCHOOL_PERIODS} "
        f"WHERE tp.started_on < coalesce(e.started_on, m.started_on) "
        f"OR coalesce(tp.finished_on, {INFINITY}) > {school_end} "
        f"UNION ALL SELECT 'mentorship period ' || mp.id || ' (' || mp.started_on || ' to ' || "
        f"coalesce(mp.finished_on::text, 'ongoing') || ') outside ECT period ' || e.id || ' or mentor period ' || m.id "
        f"FROM mentorship_periods mp JOIN ect_at_school_periods e ON e.id = mp.ect_at_school_period_id "
        f"JOIN mentor_at_school_periods m ON m.id = mp.mentor_at_school_period_id "
        f"WHERE mp.started_on < e.started_on OR mp.started_on < m.started_on "
        f"OR coalesce(mp.finished_on, {INFINITY}) > coalesce(e.finished_on, {INFINITY}) "
        f"OR coalesce(mp.finished_on, {INFINITY}) > coalesce(m.finished_on, {INFINITY})",
    )


def check_4_training_has_the_right_partnership(source: Source) -> CheckResult:
    """The intended cohort is the schedule's contract period: the cohort of the induction record it came from."""
    return _breaking(
        4,
        "Every provider-led training period has a school partnership of its own school and of its schedule's "
        "contract period; no school-led one has a partnership",
        "SELECT 'training period ' || tp.id || ': ' || CASE "
        " WHEN tp.training_programme = 'school_led' THEN 'school-led with school partnership ' || sp.id "
        " WHEN sp.id IS NULL THEN 'provider-led without a school partnership' "
        " WHEN sp.school_id <> coalesce(e.school_id, m.school_id) THEN 'partnership ' || sp.id || ' of school ' "
        "   || sp.school_id || ', period at school ' || coalesce(e.school_id, m.school_id) "
        " ELSE 'partnership ' || sp.id || ' of contract period ' || alp.contract_period_year || ', schedule of ' "
        "   || coalesce(sc.contract_period_year::text, 'none') END "
        f"FROM training_periods tp {SCHOOL_PERIODS} "
        "LEFT JOIN schedules sc ON sc.id = tp.schedule_id "
        "LEFT JOIN school_partnerships sp ON sp.id = tp.school_partnership_id "
        "LEFT JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id "
        "LEFT JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id "
        "WHERE (tp.training_programme = 'school_led' AND tp.school_partnership_id IS NOT NULL) "
        "OR (tp.training_programme = 'provider_led' AND (sp.id IS NULL OR sp.school_id <> coalesce(e.school_id, "
        "m.school_id) OR alp.contract_period_year IS DISTINCT FROM sc.contract_period_year))",
    )


def check_5_no_ect_on_a_replacement_schedule(source: Source) -> CheckResult:
    return _breaking(
        5,
        "No ECT training period has a replacement schedule",
        "SELECT 'training period ' || tp.id || ': ' || sc.identifier || ' ' || sc.contract_period_year "
        "FROM training_periods tp JOIN schedules sc ON sc.id = tp.schedule_id "
        "WHERE tp.role = 'ect' AND sc.identifier = ANY(%s)",
        [REPLACEMENT_SCHEDULES],
    )


# 6-8: identities and declarations --------------------------------------------------------------------------


def check_6_ids_lead_providers_know(source: Source) -> CheckResult:
    profiles = source.query(
        "SELECT pp.id, CASE WHEN pp.type = %s THEN 'ect' ELSE 'mentor' END AS role, tp.user_id "
        "FROM {t.participant_profiles} pp JOIN {t.teacher_profiles} tp ON tp.id = pp.teacher_profile_id "
        "WHERE pp.type IN (%s, %s)",
        [ECT, ECT, MENTOR],
    )
    rows = [(row["id"], row["role"], row["user_id"]) for row in profiles]
    with beside("acceptance_ecf1_profiles", "profile_id uuid, role text, user_id uuid", rows):
        return _breaking(
            6,
            "Every migrated ECT and mentor profile is its teacher's training record id, and the teacher's "
            "participant id is the ECF1 user id (or a recorded id change leads to it)",
            "SELECT p.role || ' profile ' || p.profile_id || CASE WHEN t.id IS NULL "
            " THEN ': no teacher has it as training record id' "
            " ELSE ': teacher ' || t.api_id || ' is not user ' || p.user_id || ' and no id change leads there' END "
            "FROM acceptance_ecf1_profiles p "
            "LEFT JOIN ecf1_migration_ledger l ON l.source_table = 'participant_profiles' "
            " AND l.source_id = p.profile_id::text AND l.outcome <> 'changed' "
            "LEFT JOIN teachers te ON p.role = 'ect' AND te.api_ect_training_record_id = p.profile_id "
            "LEFT JOIN teachers tm ON p.role = 'mentor' AND tm.api_mentor_training_record_id = p.profile_id "
            "CROSS JOIN LATERAL (SELECT coalesce(te.id, tm.id) AS id, coalesce(te.api_id, tm.api_id) AS api_id) t "
            "WHERE l.outcome IS DISTINCT FROM 'dropped' AND l.outcome IS DISTINCT FROM 'failed' "
            "AND (t.id IS NULL OR (t.api_id <> p.user_id AND NOT EXISTS (SELECT 1 FROM teacher_id_changes c "
            " WHERE c.teacher_id = t.id AND c.api_from_teacher_id = p.user_id AND c.api_to_teacher_id = t.api_id)))",
        )


def check_7_statements_in_the_training_periods_contract_period(source: Source) -> CheckResult:
    """A training period's contract period as the declaration rules take it: through its partnership, else its
    expression of interest, else its schedule (`declarations.validation.contract_period_of_training_period`)."""
    return _breaking(
        7,
        "Every declaration's payment and clawback statements belong to its training period's contract period",
        "SELECT 'declaration ' || d.api_id || ': training period ' || tp.id || ' in ' || coalesce(training.year::text, 'none') "
        " || ', payment statement in ' || coalesce(psa.contract_period_year::text, '-') "
        " || ', clawback statement in ' || coalesce(csa.contract_period_year::text, '-') "
        "FROM declarations d JOIN training_periods tp ON tp.id = d.training_period_id "
        "LEFT JOIN school_partnerships sp ON sp.id = tp.school_partnership_id "
        "LEFT JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id "
        "LEFT JOIN active_lead_providers pa ON pa.id = lpdp.active_lead_provider_id "
        "LEFT JOIN active_lead_providers ea ON ea.id = tp.expression_of_interest_id "
        "LEFT JOIN schedules sc ON sc.id = tp.schedule_id "
        "CROSS JOIN LATERAL (SELECT coalesce(pa.contract_period_year, ea.contract_period_year, "
        " sc.contract_period_year) AS year) training "
        "LEFT JOIN statements ps ON ps.id = d.payment_statement_id "
        "LEFT JOIN active_lead_providers psa ON psa.id = ps.active_lead_provider_id "
        "LEFT JOIN statements cs ON cs.id = d.clawback_statement_id "
        "LEFT JOIN active_lead_providers csa ON csa.id = cs.active_lead_provider_id "
        "WHERE (ps.id IS NOT NULL AND psa.contract_period_year IS DISTINCT FROM training.year) "
        "OR (cs.id IS NOT NULL AND csa.contract_period_year IS DISTINCT FROM training.year)",
    )


def check_8_declaration_counts(source: Source, declarations_by_state: list[dict]) -> CheckResult:
    """The report's `declarations_by_state` rows: ECF1's counts less the exclusions and failures, against ours."""
    return CheckResult.of(
        8,
        "Declaration counts by lead provider, cohort, type and status equal ECF1's after exclusions",
        [
            f"{r['lead_provider']} {r['cohort']} {r['declaration_type']} {r['state']}: expected {r['expected']}, "
            f"migrated {r['migrated']}"
            for r in declarations_by_state
            if r["difference"] != 0
        ],
    )


# 9-11: finance, partnerships and schools -------------------------------------------------------------------


def check_9_bands(source: Source) -> CheckResult:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT b.id, lp.name, alp.contract_period_year, b.allocation_order, b.capacity "
            "FROM active_lead_provider_bands b JOIN active_lead_providers alp ON alp.id = b.active_lead_provider_id "
            "JOIN lead_providers lp ON lp.id = alp.lead_provider_id WHERE b.capacity <= 0 ORDER BY 2, 3, 4"
        )
        empty = [f"{name} {year} band {order}: capacity {capacity}" for _, name, year, order, capacity in cursor]
    unpriced = [f"contract {contract} has no terms for band {order}"
                for contract, _, order in reference.bands_without_terms()]  # fmt: skip
    return CheckResult.of(
        9,
        "For each lead provider and year, band capacities are positive and every contract prices every band",
        empty + unpriced,
    )


def check_10_statement_totals(source: Source, statement_money: list[dict]) -> CheckResult:
    """The report's `statement_money` rows (`finance_check`): the old total and the new to the penny, or explained.
    Every statement is held to it, service-fee ones too: a difference there is as wrong as on an output one."""
    return CheckResult.of(
        10,
        "Every statement's new total equals the old total to the penny, or the difference is explained",
        [
            f"{r['statement_id']} {r['lead_provider']} {r['cohort']} {r['name']}: ECF1 {r['ecf1_total']}, new "
            f"{r['new_total']} ({r['explanation']})"
            for r in statement_money
            if not r["passes"]
        ],
    )


def check_11_partnerships_and_schools(source: Source) -> CheckResult:
    """A second ECF1 partnership of the same school and pair is represented by the first one's row (§7.3)."""
    partnerships = [
        (r["id"], r["school_id"], r["lead_provider_id"], r["start_year"], r["delivery_partner_id"])
        for r in source.query(
            "SELECT p.id, p.school_id, p.lead_provider_id, c.start_year, p.delivery_partner_id "
            "FROM {t.partnerships} p JOIN {t.cohorts} c ON c.id = p.cohort_id"
        )
    ]
    urns = [
        (int(r["urn"]), r["name"])
        for r in source.query(
            "SELECT DISTINCT s.urn, s.name FROM {t.schools} s JOIN {t.school_cohorts} sc ON sc.school_id = s.id "
            "JOIN {t.induction_programmes} ip ON ip.school_cohort_id = sc.id "
            "JOIN {t.induction_records} ir ON ir.induction_programme_id = ip.id"
        )
    ]
    with (
        beside("acceptance_ecf1_partnerships", "id uuid, school_id uuid, lead_provider_id uuid, year integer, "
                "delivery_partner_id uuid", partnerships),
        beside("acceptance_ecf1_urns", "urn integer, name text", urns),
    ):  # fmt: skip
        return _breaking(
            11,
            "Every ECF1 partnership is a school partnership, and every school with induction records is a school",
            "SELECT 'partnership ' || p.id || ': no school partnership' FROM acceptance_ecf1_partnerships p "
            "LEFT JOIN ecf1_migration_ledger l ON l.source_table = 'partnerships' AND l.source_id = p.id::text "
            " AND l.outcome <> 'changed' "
            "WHERE l.outcome IS DISTINCT FROM 'failed' "
            "AND NOT EXISTS (SELECT 1 FROM school_partnerships sp WHERE sp.api_id = p.id) "
            "AND NOT EXISTS (SELECT 1 FROM school_partnerships sp JOIN schools s ON s.id = sp.school_id "
            " JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id "
            " JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id "
            " JOIN lead_providers lp ON lp.id = alp.lead_provider_id "
            " JOIN delivery_partners dp ON dp.id = lpdp.delivery_partner_id "
            " WHERE s.api_id = p.school_id AND lp.ecf_id = p.lead_provider_id AND alp.contract_period_year = p.year "
            " AND dp.api_id = p.delivery_partner_id) "
            "UNION ALL SELECT 'school ' || u.urn || ' (' || u.name || '): not a school' FROM acceptance_ecf1_urns u "
            "WHERE NOT EXISTS (SELECT 1 FROM schools s WHERE s.urn = u.urn)",
        )


# 12: API parity ----------------------------------------------------------------------------------------------


def check_12_api_parity(parity_folder: Path | None) -> CheckResult:
    """A separate command (`ecf1_api_parity`) sends the requests; given its report folder, every GET must meet its
    match rate (`parity.passes`), and there must be GETs compared."""
    title = "API parity report attached to the sign-off, every GET at its match rate"
    if parity_folder is None:
        return CheckResult(12, title, None, 0, note=PARITY_TO_DO)
    rows = parity_rows(parity_folder)
    if rows is None:
        return CheckResult(12, title, False, 0, note=f"no api_parity.csv in {parity_folder}")
    compared = len(compared_gets(rows))
    return CheckResult.of(
        12,
        title,
        [f"{r['lead_provider']} {r['variant']}: {r['match_rate']}%" for r in rows if not parity.passes(r)],
        passed=compared > 0,
        note=f"{compared} GETs compared in {parity_folder / 'api_parity.csv'}",
    )


def parity_rows(parity_folder: Path) -> list[dict[str, Any]] | None:
    """`ecf1_api_parity`'s report rows with their match rates as numbers; None when the folder has no report."""
    path = parity_folder / "api_parity.csv"
    if not path.exists():
        return None
    with path.open(newline="") as handle:
        return [
            {**row, "match_rate": int(row["match_rate"]) if row["match_rate"] else ""} for row in csv.DictReader(handle)
        ]


def compared_gets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if row["kind"] == "read" and not row["outcome"].startswith("skipped")]


CHECKS: tuple[Callable[[Source], CheckResult], ...] = (
    check_1_no_overlapping_school_periods,
    check_2_periods_end_after_they_start,
    check_3_periods_within_their_school_periods,
    check_4_training_has_the_right_partnership,
    check_5_no_ect_on_a_replacement_schedule,
    check_6_ids_lead_providers_know,
    check_7_statements_in_the_training_periods_contract_period,
)


def run(
    source: Source,
    *,
    declarations_by_state: list[dict],
    statement_money: list[dict] | None = None,
    parity_folder: Path | None = None,
) -> list[CheckResult]:
    """Checks 1-12 in order. Checks 8 and 10 read the report's own comparison rows (`report.declarations_by_state`,
    `finance_check.statement_money`), which the caller has usually computed already."""
    money = finance_check.statement_money(source) if statement_money is None else statement_money
    return [
        *(check(source) for check in CHECKS),
        check_8_declaration_counts(source, declarations_by_state),
        check_9_bands(source),
        check_10_statement_totals(source, money),
        check_11_partnerships_and_schools(source),
        check_12_api_parity(parity_folder),
    ]


@dataclass(frozen=True)
class Verdict:
    """The migration passes when no check and no threshold fails; what this run could not look at (API parity
    without its report) is listed as still to do, and does not make it fail."""

    passed: bool
    failing: tuple[str, ...]
    to_do: tuple[str, ...]

    def text(self) -> str:
        if self.passed:
            text = "PASS: acceptance checks and thresholds (migration.md §19, §18.6) all met"
        else:
            text = f"FAIL: {len(self.failing)} not met: " + "; ".join(self.failing)
        return text + (f". Still to do: {'; '.join(self.to_do)}" if self.to_do else "")


def verdict(check_rows: list[dict], threshold_rows: list[dict]) -> Verdict:
    """From the report's rows (`CheckResult.row`, `thresholds.Threshold.row`), as written to its CSV files."""
    failing = [f"check {r['check']} ({r['title']})" for r in check_rows if r["result"] == "failed"]
    failing += [f"threshold {r['threshold']} ({r['measured']})" for r in threshold_rows if r["result"] == "failed"]
    to_do = [f"check {r['check']}: {r['note']}" for r in check_rows if r["result"] == "not run here"]
    to_do += [f"threshold {r['threshold']}: {r['measured']}" for r in threshold_rows if r["result"] == "not measured"]
    return Verdict(not failing, tuple(failing), tuple(to_do))
