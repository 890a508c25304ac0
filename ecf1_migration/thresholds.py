"""The thresholds a migration must meet (migration.md §18.6), measured, with every failure counted against them
listed, and the failures the product owner accepted one by one (`migrate_ecf1 --accepted-failures FILE.csv`).

An accepted failure still shows, with who accepted it and why; it just no longer stops its threshold passing. An
accepted row that names nothing counted as a failure is itself reported, and fails the sign-off: most likely a
mistyped id, which leaves the failure meant unaccepted, or a sign-off file that no longer describes this run."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from ecf1_migration import acceptance, parity
from ecf1_migration.ledger import target_rows
from ecf1_migration.source import Source
from ecf1_migration.source_builder import ECT, MENTOR

ACCEPTED_COLUMNS = ("source_table", "source_id", "reason", "accepted_by")
COMBINATION_RATE = Decimal("99.5")
TEACHER_TABLES = (
    "users", "teacher_profiles", "participant_identities", "participant_profiles", "participant_profile_states",
    "induction_records", "school_mentors", "ecf_participant_eligibilities", "ecf_ineligible_participants",
    "participant_id_changes",
)  # fmt: skip
"""Source tables of the participants' own records: their failures are the combination misses' business."""
DECLARATION_TABLES = ("participant_declarations", "statement_line_items")
DECLARATION_TYPES = ("ParticipantDeclaration::ECT", "ParticipantDeclaration::Mentor")
PARITY_100 = ("statements", "participant_declarations")

NON_TEACHER = "Model failures (non-teacher)"
ECT_COMBINATIONS = "ECT combination success"
MENTOR_COMBINATIONS = "Mentor combination success"
DECLARATIONS = "Declarations migrated"
PAID_STATEMENTS = "Paid statement totals"
API_PARITY = "API parity GET match rate"
NOT_A_FAILURE = "Accepted failures that are not failures"


class AcceptedFailuresError(ValueError):
    """The accepted-failures file cannot be read as a sign-off: a column or a row's who or why is missing."""


@dataclass(frozen=True)
class Acceptance:
    reason: str
    accepted_by: str


Accepted = dict[tuple[str, str], Acceptance]


def read_accepted_failures(path: Path) -> Accepted:
    """`source_table, source_id, reason, accepted_by`: each row names one failure and who accepted it and why."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in ACCEPTED_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise AcceptedFailuresError(f"{path}: no column {', '.join(missing)} (needs {', '.join(ACCEPTED_COLUMNS)})")
        accepted: Accepted = {}
        for line, row in enumerate(reader, start=2):
            values = {column: (row[column] or "").strip() for column in ACCEPTED_COLUMNS}
            empty = [column for column, value in values.items() if not value]
            if empty:
                raise AcceptedFailuresError(f"{path} line {line}: {', '.join(empty)} empty")
            accepted[(values["source_table"], values["source_id"])] = Acceptance(
                values["reason"], values["accepted_by"]
            )
    return accepted


@dataclass
class Threshold:
    name: str
    rule: str
    measured: str = ""
    passed: bool | None = True  # None: not measured by this run (API parity without a parity report)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (source table, source id, why)
    accepted: int = 0

    def row(self) -> dict[str, Any]:
        outcome = "not measured" if self.passed is None else "passed" if self.passed else "failed"
        return {"threshold": self.name, "pass_when": self.rule, "measured": self.measured, "result": outcome,
                "failures": len(self.failures), "accepted": self.accepted}  # fmt: skip


def _why(rule: str | None, message: str | None) -> str:
    return ": ".join(part for part in (rule, message) if part)


def _percent(part: int, whole: int) -> Decimal:
    """Truncated to 2 dp, as §17.3's success rates are: 99.499...% must not show as 99.50%."""
    if not whole:
        return Decimal("100.00")
    return (Decimal(100 * part) / whole).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def _settle(threshold: Threshold, accepted: Accepted) -> None:
    """Pass when nothing counted against it is unaccepted (thresholds with a rate add their own condition)."""
    threshold.accepted = sum(1 for table, source_id, _ in threshold.failures if (table, source_id) in accepted)
    threshold.passed = threshold.accepted == len(threshold.failures)


def non_teacher_failures(accepted: Accepted) -> Threshold:
    threshold = Threshold(NON_TEACHER, "0, or each failure individually accepted")
    threshold.failures = [
        (table, source_id, _why(rule, message))
        for table, source_id, rule, message in target_rows(
            "SELECT source_table, source_id, rule, message FROM ecf1_migration_ledger WHERE outcome = 'failed' "
            "AND NOT source_table = ANY(%s) ORDER BY 1, 2",
            [list(TEACHER_TABLES + DECLARATION_TABLES)],
        )
    ]
    _settle(threshold, accepted)
    threshold.measured = f"{len(threshold.failures)} failed, {threshold.accepted} of them accepted"
    return threshold


def combinations(source: Source, accepted: Accepted) -> list[Threshold]:
    """Per role, ECF1's induction records (read from the snapshot, not the converter): dropped by a documented rule
    (the cleaner exclusions), used by a saved period (created or merged: a success), or else a miss, explained
    when the ledger gives its reason or the product owner accepted it. A record with no fate at all is a miss
    nobody can explain."""
    records = [
        (r["id"], "ect" if r["type"] == ECT else "mentor")
        for r in source.query(
            "SELECT ir.id, pp.type FROM {t.induction_records} ir "
            "JOIN {t.participant_profiles} pp ON pp.id = ir.participant_profile_id WHERE pp.type IN (%s, %s)",
            [ECT, MENTOR],
        )
    ]
    fate = (
        "FROM acceptance_ecf1_records r LEFT JOIN ecf1_migration_ledger l ON l.source_table = 'induction_records' "
        "AND l.source_id = r.id::text AND l.outcome <> 'changed'"
    )
    with acceptance.beside("acceptance_ecf1_records", "id uuid, role text", records):
        counts = {role: (success, excluded) for role, success, excluded in target_rows(
            "SELECT r.role, count(*) FILTER (WHERE l.outcome IN ('created', 'merged')), "
            f"count(*) FILTER (WHERE l.outcome = 'dropped') {fate} GROUP BY 1"
        )}  # fmt: skip
        missed = target_rows(
            f"SELECT r.role, r.id::text, l.outcome, l.rule, l.message {fate} "
            "WHERE l.outcome IS NULL OR l.outcome NOT IN ('created', 'merged', 'dropped') ORDER BY 1, 2"
        )
    misses: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for role, record_id, outcome, rule, message in missed:
        misses[role].append(("induction_records", record_id, _why(rule, message) if outcome else ""))
    thresholds = []
    for role, name in (("ect", ECT_COMBINATIONS), ("mentor", MENTOR_COMBINATIONS)):
        threshold = Threshold(name, f"≥ {COMBINATION_RATE}% of induction records after cleaner exclusions, every "
                                    "miss explained")  # fmt: skip
        threshold.failures = misses[role]
        success, excluded = counts.get(role, (0, 0))
        rate = _percent(success, success + len(threshold.failures))
        explained = sum(1 for table, source_id, why in threshold.failures if why or (table, source_id) in accepted)
        threshold.accepted = sum(1 for table, source_id, _ in threshold.failures if (table, source_id) in accepted)
        threshold.passed = rate >= COMBINATION_RATE and explained == len(threshold.failures)
        threshold.measured = (f"{rate}% ({success:,} of {success + len(threshold.failures):,}; "
                              f"{excluded:,} excluded by rules; {len(threshold.failures)} missed, "
                              f"{explained} explained)")  # fmt: skip
        thresholds.append(threshold)
    return thresholds


def declarations(source: Source, accepted: Accepted) -> Threshold:
    """Every ECF1 ECT and mentor declaration not dropped by a §14.1 rule is a declaration with the same id."""
    ids = [(r["id"],) for r in source.query(
        "SELECT id FROM {t.participant_declarations} WHERE type IN (%s, %s)", list(DECLARATION_TYPES))]  # fmt: skip
    with acceptance.beside("acceptance_ecf1_declarations", "id uuid", ids):
        non_excluded = "WHERE l.outcome IS DISTINCT FROM 'dropped'"
        fate = (
            "FROM acceptance_ecf1_declarations e LEFT JOIN ecf1_migration_ledger l "
            "ON l.source_table = 'participant_declarations' AND l.source_id = e.id::text AND l.outcome <> 'changed'"
        )
        [(expected,)] = target_rows(f"SELECT count(*) {fate} {non_excluded}")
        missing = target_rows(
            f"SELECT e.id::text, l.rule, l.message {fate} {non_excluded} "
            "AND NOT EXISTS (SELECT 1 FROM declarations d WHERE d.api_id = e.id) ORDER BY 1"
        )
    threshold = Threshold(DECLARATIONS, "100% of non-excluded, or each failure individually accepted")
    threshold.failures = [("participant_declarations", declaration_id, _why(rule, message) or "not migrated")
                          for declaration_id, rule, message in missing]  # fmt: skip
    _settle(threshold, accepted)
    migrated = expected - len(threshold.failures)
    threshold.measured = (f"{_percent(migrated, expected)}% ({migrated:,} of {expected:,} non-excluded); "
                          f"{len(threshold.failures)} missing, {threshold.accepted} accepted")  # fmt: skip
    return threshold


def paid_statements(statement_money: list[dict], accepted: Accepted) -> Threshold:
    """Equal to the penny on every line, or accepted one by one: the finance check's explanation codes say why a
    total differs, but §18.5 wants each paid statement's difference explained individually."""
    paid = [row for row in statement_money if row["paid"]]
    threshold = Threshold(PAID_STATEMENTS, "100% equal to the penny, or each difference individually accepted")
    threshold.failures = [
        ("statements", row["statement_id"], f"{row['lead_provider']} {row['cohort']} {row['name']}: differs by "
         f"{row['difference']} on {row['lines_differing']} ({row['explanation']})")
        for row in paid if row["lines_differing"]
    ]  # fmt: skip
    _settle(threshold, accepted)
    equal = len(paid) - len(threshold.failures)
    threshold.measured = (f"{_percent(equal, len(paid))}% ({equal} of {len(paid)} paid statements); "
                          f"{len(threshold.failures)} differ, {threshold.accepted} accepted")  # fmt: skip
    return threshold


def api_parity(parity_folder: Path | None, accepted: Accepted) -> Threshold:
    """Below its rate elsewhere, a request can be a listed exception (source table `api_parity`, source id the lead
    provider and variant, as listed here); statements and declarations have none."""
    threshold = Threshold(API_PARITY, "100% for statements and declarations; ≥ 99% elsewhere, with listed exceptions")
    rows = acceptance.parity_rows(parity_folder) if parity_folder else None
    if parity_folder is None:
        threshold.passed, threshold.measured = None, acceptance.PARITY_TO_DO
        return threshold
    if rows is None:
        threshold.passed, threshold.measured = False, f"no api_parity.csv in {parity_folder}"
        return threshold
    reads = acceptance.compared_gets(rows)
    below = [r for r in rows if not parity.passes(r)]
    threshold.failures = [("api_parity", f"{r['lead_provider']} {r['variant']}", f"{r['match_rate']}%") for r in below]
    _settle(threshold, accepted)
    strict = [r["match_rate"] for r in reads if r["endpoint"] in PARITY_100]
    others = [r["match_rate"] for r in reads if r["endpoint"] not in PARITY_100]
    exact = [r for r in below if r["endpoint"] in PARITY_100]
    threshold.passed = bool(reads) and bool(threshold.passed) and not exact
    threshold.measured = (f"lowest: statements and declarations {min(strict, default='-')}%, elsewhere "
                          f"{min(others, default='-')}%; {len(threshold.failures)} of {len(reads)} GETs below")  # fmt: skip
    return threshold


def measure(
    source: Source,
    *,
    statement_money: list[dict],
    accepted: Accepted | None = None,
    parity_folder: Path | None = None,
) -> tuple[list[Threshold], list[dict]]:
    """The thresholds in §18.6's order, and one row per failure counted against any of them (accepted or not),
    with accepted rows that match no failure at the end."""
    accepted = accepted or {}
    thresholds = [
        non_teacher_failures(accepted),
        *combinations(source, accepted),
        declarations(source, accepted),
        paid_statements(statement_money, accepted),
        api_parity(parity_folder, accepted),
    ]
    rows, counted = [], set()
    for threshold in thresholds:
        for table, source_id, why in threshold.failures:
            counted.add((table, source_id))
            given = accepted.get((table, source_id))
            rows.append({"threshold": threshold.name, "source_table": table, "source_id": source_id, "why": why,
                         "accepted_by": given.accepted_by if given else "",
                         "accepted_because": given.reason if given else ""})  # fmt: skip
    strays = Threshold(NOT_A_FAILURE, "none: every accepted row names a failure counted above")
    strays.failures = [(table, source_id, "accepted, but not a failure of this run")
                       for table, source_id in accepted if (table, source_id) not in counted]  # fmt: skip
    for table, source_id, why in strays.failures:
        given = accepted[(table, source_id)]
        rows.append({"threshold": NOT_A_FAILURE, "source_table": table, "source_id": source_id, "why": why,
                     "accepted_by": given.accepted_by, "accepted_because": given.reason})  # fmt: skip
    strays.passed = not strays.failures
    strays.measured = f"{len(strays.failures)} of {len(accepted)} accepted rows"
    thresholds.append(strays)
    return thresholds, rows
