"""The reconciliation report (migration.md §18.2–18.5): counts taken straight from ECF1, not through the converter,
beside what the new database holds, and the ledger of every record dropped, failed or changed, with why.

Each table is a list of dicts from one function (tests use them); `write` renders them as CSV files and one HTML
page in a folder."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from pathlib import Path

from core import report_pages
from ecf1_migration import acceptance, finance_check, thresholds
from ecf1_migration.ledger import target_rows
from ecf1_migration.models import FATES
from ecf1_migration.pipeline import ACCOUNTED_TABLES, NOT_MIGRATED_TABLES
from ecf1_migration.source import Source
from ecf1_migration.thresholds import Accepted

STATUS_OF_STATE = {"submitted": "no_payment"}  # every other ECF1 state has the same name in the new service


def accounting(source: Source) -> list[dict]:
    """Per source table: rows in ECF1, and their fates in the ledger. `unaccounted` must be 0 everywhere. Tables
    §2 says are not migrated at all are accounted for as a whole, with the rule in `whole_table_rule`."""
    fates = defaultdict(Counter)
    for table, outcome, count in target_rows(
        "SELECT source_table, outcome, count(*) FROM ecf1_migration_ledger WHERE outcome <> 'changed' GROUP BY 1, 2"
    ):
        fates[table][outcome] = count
    changed = dict(target_rows(
        "SELECT source_table, count(DISTINCT source_id) FROM ecf1_migration_ledger WHERE outcome = 'changed' GROUP BY 1"
    ))  # fmt: skip
    rows = []
    for table in ACCOUNTED_TABLES:
        total = source.scalar(f"SELECT count(*) FROM {{t.{table}}}")
        row = {"source_table": table, "in_ecf1": total}
        row.update({outcome: fates[table][outcome] for outcome in FATES})
        row["changed_by_a_rule"] = changed.get(table, 0)
        row["unaccounted"] = total - sum(fates[table][outcome] for outcome in FATES)
        row["whole_table_rule"] = ""
        rows.append(row)
    for table, rule in NOT_MIGRATED_TABLES.items():
        total = source.scalar(f"SELECT count(*) FROM {{t.{table}}}") if source.has_table(table) else 0
        row = {"source_table": table, "in_ecf1": total}
        row.update({outcome: total if outcome == "dropped" else 0 for outcome in FATES})
        row.update(changed_by_a_rule=0, unaccounted=0, whole_table_rule=rule)
        rows.append(row)
    return rows


def participants_by_provider_and_cohort(source: Source) -> list[dict]:
    """ECF1: distinct profiles with an induction record under the provider's partnership in the cohort; new service:
    distinct (teacher, role) with a training period of that provider and contract period; and the ECF1 profiles of
    that combination whose records were all dropped by a rule (the documented exclusions)."""
    dropped = {row[0] for row in target_rows(
        "SELECT source_id FROM ecf1_migration_ledger WHERE source_table = 'induction_records' "
        "AND (outcome IN ('dropped', 'failed') OR (outcome = 'changed' AND rule = 'no training period' "
        "AND message <> 'ongoing tail of a withdrawal or deferral'))")}  # fmt: skip
    profiles = defaultdict(lambda: defaultdict(set))
    for row in source.query(
        "SELECT lp.name, c.start_year, ir.participant_profile_id::text AS pid, ir.id::text AS rid, pp.type "
        "FROM {t.induction_records} ir JOIN {t.induction_programmes} ip ON ip.id = ir.induction_programme_id "
        "JOIN {t.partnerships} p ON p.id = ip.partnership_id JOIN {t.lead_providers} lp ON lp.id = p.lead_provider_id "
        "JOIN {t.cohorts} c ON c.id = p.cohort_id JOIN {t.participant_profiles} pp ON pp.id = ir.participant_profile_id "
        "WHERE ip.training_programme IN ('full_induction_programme', 'school_funded_fip')"
    ):
        role = "ect" if row["type"].endswith("ECT") else "mentor"
        profiles[(row["name"], row["start_year"], role)][row["pid"]].add(row["rid"] in dropped)
    target = Counter()
    for name, year, role, count in target_rows(
        "SELECT lp.name, alp.contract_period_year, tp.role, count(DISTINCT tp.teacher_id) FROM training_periods tp "
        "JOIN school_partnerships sp ON sp.id = tp.school_partnership_id "
        "JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id "
        "JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id "
        "JOIN lead_providers lp ON lp.id = alp.lead_provider_id GROUP BY 1, 2, 3"
    ):
        target[(name, year, role)] = count
    rows = []
    for key in sorted(set(profiles) | set(target)):
        in_ecf1 = len(profiles[key])
        excluded = sum(1 for flags in profiles[key].values() if all(flags))
        rows.append({
            "lead_provider": key[0], "cohort": key[1], "role": key[2], "ecf1_participants": in_ecf1,
            "excluded_by_rules": excluded, "expected": in_ecf1 - excluded, "migrated": target[key],
            "difference": target[key] - (in_ecf1 - excluded),
        })  # fmt: skip
    return rows


def declarations_by_state(source: Source) -> list[dict]:
    """ECF1 declarations by (lead provider, cohort, type, state) against the new service's by overall status."""
    excluded = Counter()
    rule_of = {sid: rule for sid, rule in target_rows(
        "SELECT source_id, rule FROM ecf1_migration_ledger WHERE source_table = 'participant_declarations' "
        "AND outcome IN ('dropped', 'failed')")}  # fmt: skip
    ecf1 = Counter()
    for row in source.query(
        "SELECT d.id::text AS id, lp.name, c.start_year, d.declaration_type, d.state FROM {t.participant_declarations} d "
        "JOIN {t.cohorts} c ON c.id = d.cohort_id JOIN {t.lead_providers} lp ON lp.cpd_lead_provider_id = d.cpd_lead_provider_id "
        "WHERE d.type IN ('ParticipantDeclaration::ECT', 'ParticipantDeclaration::Mentor')"
    ):
        key = (row["name"], row["start_year"], row["declaration_type"], STATUS_OF_STATE.get(row["state"], row["state"]))
        ecf1[key] += 1
        if row["id"] in rule_of:
            excluded[key] += 1
    target = Counter()
    for name, year, declaration_type, status, count in target_rows(
        "SELECT lp.name, alp.contract_period_year, d.declaration_type, CASE WHEN d.clawback_status <> 'no_clawback' "
        "THEN d.clawback_status ELSE d.payment_status END, count(*) FROM declarations d "
        "JOIN training_periods tp ON tp.id = d.training_period_id JOIN school_partnerships sp ON sp.id = tp.school_partnership_id "
        "JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id "
        "JOIN active_lead_providers alp ON alp.id = lpdp.active_lead_provider_id "
        "JOIN lead_providers lp ON lp.id = alp.lead_provider_id GROUP BY 1, 2, 3, 4"
    ):
        target[(name, year, declaration_type, status)] = count
    rows = []
    for key in sorted(set(ecf1) | set(target), key=str):
        expected = ecf1[key] - excluded[key]
        rows.append({
            "lead_provider": key[0], "cohort": key[1], "declaration_type": key[2], "state": key[3],
            "ecf1": ecf1[key], "excluded_or_failed": excluded[key], "expected": expected, "migrated": target[key],
            "difference": target[key] - expected,
        })  # fmt: skip
    return rows


def statement_totals(source: Source) -> list[dict]:
    """Per statement: ECF1 billable and refundable line items and adjustments against the new statement's payment
    and clawback declarations and adjustments (0.00 adjustments are rejected by rule 24)."""
    ecf1 = {}
    for row in source.query(
        "SELECT s.id::text AS id, s.name, lp.name AS lead_provider, c.start_year, s.reconcile_amount, "
        " (SELECT count(*) FROM {t.statement_line_items} li WHERE li.statement_id = s.id "
        "  AND li.state IN ('eligible', 'payable', 'paid')) AS billable, "
        " (SELECT count(*) FROM {t.statement_line_items} li WHERE li.statement_id = s.id "
        "  AND li.state IN ('awaiting_clawback', 'clawed_back')) AS refundable, "
        " (SELECT coalesce(sum(amount), 0) FROM {t.finance_adjustments} fa WHERE fa.statement_id = s.id) AS adjustments "
        "FROM {t.statements} s JOIN {t.cohorts} c ON c.id = s.cohort_id "
        "JOIN {t.lead_providers} lp ON lp.cpd_lead_provider_id = s.cpd_lead_provider_id ORDER BY lp.name, c.start_year, s.deadline_date"
    ):
        ecf1[row["id"]] = row
    not_migrated = Counter()
    failed_items = {row[0] for row in target_rows(
        "SELECT source_id FROM ecf1_migration_ledger WHERE source_table = 'statement_line_items' "
        "AND outcome IN ('dropped', 'failed')")}  # fmt: skip
    for item in source.query("SELECT id::text, statement_id::text AS sid, state FROM {t.statement_line_items}"):
        if item["id"] in failed_items and item["state"] in ("eligible", "payable", "paid", "awaiting_clawback",
                                                            "clawed_back"):  # fmt: skip
            not_migrated[item["sid"]] += 1
    target = {}
    for api_id, payments, clawbacks, adjustments in target_rows(
        "SELECT s.api_id::text, (SELECT count(*) FROM declarations d WHERE d.payment_statement_id = s.id), "
        "(SELECT count(*) FROM declarations d WHERE d.clawback_statement_id = s.id), "
        "(SELECT coalesce(sum(amount), 0) FROM statement_adjustments a WHERE a.statement_id = s.id) FROM statements s"
    ):
        target[api_id] = (payments, clawbacks, adjustments)
    rows = []
    for statement_id, row in ecf1.items():
        payments, clawbacks, adjustments = target.get(statement_id, (0, 0, 0))
        expected_adjustments = row["adjustments"] + row["reconcile_amount"]
        rows.append({
            "statement_id": statement_id, "lead_provider": row["lead_provider"], "cohort": row["start_year"],
            "name": row["name"], "migrated": statement_id in target, "ecf1_billable": row["billable"],
            "billable": payments, "ecf1_refundable": row["refundable"], "refundable": clawbacks,
            "ecf1_adjustments": expected_adjustments, "adjustments": adjustments,
            "line_items_excluded_or_failed": not_migrated[statement_id],
            "matches": statement_id in target and (row["billable"] + row["refundable"] - not_migrated[statement_id],
                                                   expected_adjustments) == (payments + clawbacks, adjustments),
        })  # fmt: skip
    return rows


def dropped_and_changed() -> list[dict]:
    return [
        dict(
            zip(
                ("source_table", "source_id", "outcome", "rule", "message", "target_model", "migration_mode"),
                row,
                strict=True,
            )
        )
        for row in target_rows(
            "SELECT source_table, source_id, outcome, rule, message, target_model, migration_mode "
            "FROM ecf1_migration_ledger WHERE outcome IN ('dropped', 'failed', 'changed') "
            "ORDER BY source_table, outcome, rule, source_id, message"
        )
    ]


def planted_problems(source: Source) -> list[dict]:
    """For a generated source: each planted problem (§16) with what the ledger says happened to its record."""
    if not source.has_table("planted_problems"):
        return []
    ledger = defaultdict(list)
    for table, source_id, outcome, rule, message in target_rows(
        "SELECT source_table, source_id, outcome, rule, message FROM ecf1_migration_ledger"
    ):
        ledger[(table, source_id)].append(
            f"{outcome}{': ' + rule if rule else ''}{' (' + message + ')' if message else ''}"
        )
    return [
        {"problem": row["problem"], "source_table": row["source_table"], "source_id": row["source_id"],
         "planted": row["note"], "treatment": " | ".join(ledger.get((row["source_table"], row["source_id"]), []))}
        for row in source.query(
            "SELECT problem, source_table, source_id::text, note FROM {t.planted_problems} ORDER BY problem, source_id"
        )
    ]  # fmt: skip


def teachers_by_mode() -> list[dict]:
    return [{"migration_mode": mode, "teachers": count} for mode, count in target_rows(
        "SELECT migration_mode, count(*) FROM teachers WHERE migration_mode <> 'not_migrated' GROUP BY 1 ORDER BY 1")]  # fmt: skip


def build(
    source: Source, *, accepted: Accepted | None = None, parity_folder: Path | None = None
) -> dict[str, list[dict]]:
    """Every table, the acceptance checks (§19) and thresholds (§18.6) first: they say whether the run passes."""
    by_state = declarations_by_state(source)
    money = finance_check.statement_money(source)
    checks = acceptance.run(source, declarations_by_state=by_state, statement_money=money, parity_folder=parity_folder)
    measured, failures = thresholds.measure(
        source, statement_money=money, accepted=accepted, parity_folder=parity_folder
    )
    return {
        "acceptance_checks": [check.row() for check in checks],
        "thresholds": [threshold.row() for threshold in measured],
        "threshold_failures": failures,
        "accounting": accounting(source),
        "teachers_by_migration_mode": teachers_by_mode(),
        "participants_by_provider_and_cohort": participants_by_provider_and_cohort(source),
        "declarations_by_state": by_state,
        "statement_totals": statement_totals(source),
        "statement_money": money,
        "planted_problems": planted_problems(source),
        "dropped_and_changed": dropped_and_changed(),
    }


def write(
    source: Source, folder: Path, *, accepted: Accepted | None = None, parity_folder: Path | None = None
) -> list[Path]:
    return write_tables(build(source, accepted=accepted, parity_folder=parity_folder), folder)


def write_tables(tables: dict[str, list[dict]], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        written.append(report_pages.write_csv(folder / f"{name}.csv", rows))
    failures = folder / "failures.json"  # §18.4: the failure ledger as JSON too, keyed by source table and id
    failures.write_text(json.dumps(
        [row for row in tables["dropped_and_changed"] if row["outcome"] == "failed"], indent=2, default=str
    ))  # fmt: skip
    written.append(failures)
    page = folder / "index.html"
    page.write_text(render_html(tables))
    written.insert(0, page)
    return written


def _flag(name: str, row: dict) -> bool:
    return (
        (name == "accounting" and row["unaccounted"] != 0)
        or row.get("difference", 0) != 0
        or row.get("matches") is False
        or row.get("passes") is False
        or row.get("result") == "failed"
        or (name == "threshold_failures" and (not row["accepted_by"] or row["threshold"] == thresholds.NOT_A_FAILURE))
    )


def _verdict_html(verdict: acceptance.Verdict) -> list[str]:
    """The section at the top: whether the migration passes, and what stops it or is still to do."""
    heading = "The migration passes" if verdict.passed else "The migration does not pass"
    parts = [f"<section><h2>{heading}</h2>", "<p>Acceptance checks (migration.md §19) and thresholds (§18.6) are "
             "the first two tables below; failures counted against a threshold, accepted or not, the third.</p>"]  # fmt: skip
    for title, items in (("Not met", verdict.failing), ("Still to do", verdict.to_do)):
        if items:
            parts.append(f"<h3>{title}</h3><ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
    parts.append("</section>")
    return parts


def render_html(tables: dict[str, list[dict]]) -> str:
    introduction = []
    if "acceptance_checks" in tables:
        introduction.extend(_verdict_html(acceptance.verdict(tables["acceptance_checks"], tables["thresholds"])))
    unaccounted = sum(row["unaccounted"] for row in tables["accounting"])
    introduction.append(f"<p>Source records not accounted for: <strong>{unaccounted}</strong>. Rows that do not "
                        "reconcile are highlighted. Each table is also a CSV file in this folder.</p>")  # fmt: skip
    money = tables.get("statement_money", [])
    failing = sum(1 for row in money if not row["passes"])
    introduction.append(f"<p>Statements whose old and new totals differ to the penny: <strong>"
                        f"{sum(1 for row in money if row['lines_differing'])}</strong> of {len(money):,}; without an "
                        f"explanation: <strong>{failing}</strong> (paid statements must be equal or explained).</p>")  # fmt: skip
    title = "ECF1 migration reconciliation"
    return report_pages.page(title, title, introduction, tables, _flag)
