"""How seed_scale loads fast without giving up what the database guarantees: the loaded tables' secondary indexes
and foreign keys are dropped for the load and come back exactly as the catalogue defined them, still refusing what
they refused; and replacing earlier scale data (set the other rows aside, truncate, put them back) leaves every
row that is not scale data exactly as it was."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from core.bulk_load import loading_without_indexes_or_foreign_keys
from demo_data.demo import seed_demo
from demo_data.scale import LOADED, SCALE_TRNS, remove_scale_data, seed_scale

TABLES = [model._meta.db_table for model in LOADED]
BILLABLE = "{0}.clawback_status = 'no_clawback' AND {0}.payment_status IN ('no_payment', 'eligible', 'payable', 'paid')"


def _catalogue(tables: list[str]) -> dict[str, set[tuple]]:
    """Every index (with its full definition) and every constraint (with its definition, deferrability and
    whether it is validated) of `tables`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = ANY(%s)",
            [tables],
        )
        indexes = set(cursor.fetchall())
        cursor.execute(
            """
            SELECT con.conrelid::regclass::text, con.conname, con.contype, pg_get_constraintdef(con.oid),
                   con.condeferrable, con.condeferred, con.convalidated
              FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
             WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(%s)
            """,
            [tables],
        )
        constraints = set(cursor.fetchall())
    return {"indexes": indexes, "constraints": constraints}


def _rows_digest(tables: list[str]) -> dict[str, tuple[int, str]]:
    """Per table: how many rows and an md5 of all of them in a fixed order (every column, ids included)."""
    digests = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"
            )
            digests[table] = cursor.fetchone()
    return digests


def _refused(sql: str, params: list | None = None) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(sql, params)
    except IntegrityError:
        return True
    return False


def test_seed_scale_leaves_every_index_and_constraint_as_it_was(db, frozen_today):
    before = _catalogue(TABLES)
    assert ("teachers", "teachers_name_search") in {row[:2] for row in before["indexes"]}  # full-text GIN
    assert ("events", "events_teacher_timeline") in {row[:2] for row in before["indexes"]}  # partial
    assert {row[2] for row in before["constraints"]} >= {"p", "u", "x", "f"}

    seed_scale(teachers=130)
    assert _catalogue(TABLES) == before
    seed_scale(teachers=140)  # replacing earlier scale data too
    assert _catalogue(TABLES) == before

    # Rebuilt, they still refuse what they refused: a unique constraint, a partial unique index, a foreign key.
    assert _refused(
        "UPDATE teachers SET trn = (SELECT min(trn) FROM teachers) WHERE trn = (SELECT max(trn) FROM teachers)"
    )
    assert _refused(f"""
        UPDATE declarations d SET declaration_type = o.declaration_type FROM declarations o
         WHERE o.training_period_id = d.training_period_id AND o.id > d.id AND {BILLABLE.format("o")}
           AND d.id = (SELECT min(a.id) FROM declarations a JOIN declarations b
                         ON b.training_period_id = a.training_period_id AND b.id > a.id
                        WHERE {BILLABLE.format("a")} AND {BILLABLE.format("b")})""")
    assert _refused("UPDATE events SET teacher_id = -1 WHERE id = (SELECT max(id) FROM events)")


def test_rules_are_checked_when_the_indexes_and_foreign_keys_come_back(db):
    """Rows loaded while the indexes and keys are gone are checked when they are recreated: a duplicate TRN or a
    dangling reference fails the transaction, and the rollback leaves the catalogue as it was."""
    before = _catalogue(["teachers", "events"])
    trn = f"{SCALE_TRNS[0]:07d}"
    insert_teacher = (
        "INSERT INTO teachers (trn, trnless, trs_first_name, trs_last_name, api_id, api_ect_training_record_id,"
        " api_mentor_training_record_id, created_at, updated_at)"
        " VALUES (%s, false, 'Ada', 'Lovelace', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), now(), now())"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with loading_without_indexes_or_foreign_keys(["teachers", "events"]), connection.cursor() as cursor:
            cursor.execute(insert_teacher, [trn])
            cursor.execute(insert_teacher, [trn])  # accepted while teachers_trn_key is gone
    assert _catalogue(["teachers", "events"]) == before

    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with loading_without_indexes_or_foreign_keys(["teachers", "events"]), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO events (event_type, heading, happened_at, author_type, teacher_id, created_at, updated_at)"
                " VALUES ('teacher_declaration_created', 'x', now(), 'lead_provider_api', -1, now(), now())"
            )
    assert _catalogue(["teachers", "events"]) == before


def test_replacing_scale_data_keeps_every_other_row_exactly(db, frozen_today):
    seed_demo()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    demo = _rows_digest(TABLES)
    assert demo["teachers"][0] > 0 and demo["events"][0] > 0

    seed_scale(teachers=130)
    seed_scale(teachers=140)  # demo rows set aside and put back while the first scale data goes
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM teachers WHERE trn >= %s", [f"{SCALE_TRNS[0]:07d}"])
        assert cursor.fetchone()[0] == 140
    remove_scale_data()
    assert _rows_digest(TABLES) == demo
