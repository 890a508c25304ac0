"""Parallel batches (migration.md §5.2): a step's batches shared out among worker processes, each with its own
connections to the new and the old database, each batch committed with its checkpoint as in a single-process run.

Workers are forked after Django's connections are closed (so none is shared) and take the next unfinished batch
from a shared counter until none is left. Which worker does which batch does not matter: the batches are made so
that no two of them touch the same teacher (`teachers.profile_batches`, `declarations.declaration_batches`), and
each one's rows depend only on the steps before. A worker that fails stops the others after their current batch
and fails the run; the committed batches stay, so running the same command again resumes."""

from __future__ import annotations

import gc
import multiprocessing
import queue
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from django.db import connections

from ecf1_migration.source import Source


class WorkerFailed(RuntimeError):
    pass


@dataclass
class Finished:
    batch: int
    counts: dict[str, int]


def reopen(source: Source) -> Source:
    """A new connection to the same source database, read-only like the first (and without JIT, like the first
    after `pipeline.no_jit`)."""
    info = source.connection.info
    connection = psycopg.connect(info.dsn, password=info.password, options="-c jit=off")
    connection.read_only = source.connection.read_only
    return Source(connection, source.schema)


_INHERITED: list[object] = []


def _forget_inherited_connections() -> None:
    """In a forked worker: any database session Django still held at the fork is the parent's. Using it would
    interleave two processes' messages on one socket, and closing (or freeing) it would end the parent's session,
    so it is only set aside, kept referenced until the worker exits, and this process opens its own."""
    for wrapper in connections.all(initialized_only=True):
        if wrapper.connection is not None:
            _INHERITED.append(wrapper.connection)
            wrapper.connection = None
        wrapper.in_atomic_block = False
        wrapper.savepoint_ids = []
        wrapper.needs_rollback = False
        wrapper.closed_in_transaction = False
        wrapper.run_on_commit = []


def run(
    step: str,
    batches: list[int],
    body: Callable[[Source, int], dict[str, int]],
    source: Source,
    *,
    workers: int,
    limit: int | None,
    on_finished: Callable[[Finished], None],
) -> int:
    """Run `body(source, batch)` for each of `batches` in `workers` processes; `on_finished` is called in this
    process as each batch commits. At most `limit` batches are started (a simulated crash). Returns how many ran."""
    context = multiprocessing.get_context("fork")
    taken = context.Value("i", 0)
    stop = context.Event()
    results = context.Queue()
    most = len(batches) if limit is None else min(limit, len(batches))

    def work() -> None:
        _forget_inherited_connections()
        own = reopen(source)
        try:
            while not stop.is_set():
                with taken.get_lock():
                    if taken.value >= most:
                        return
                    batch = batches[taken.value]
                    taken.value += 1
                results.put(Finished(batch, body(own, batch)))
        finally:
            own.connection.close()
            connections.close_all()

    connections.close_all()  # a forked child must open its own, never share this process's socket
    processes = [context.Process(target=work, name=f"ecf1-{step}-worker-{n + 1}", daemon=True) for n in range(workers)]
    gc.freeze()  # the workers' collections then skip what they inherit, instead of copying every page of it
    try:
        for process in processes:
            process.start()
    finally:
        gc.unfreeze()
    done = 0
    try:
        while True:
            try:
                on_finished(results.get(timeout=0.2))
                done += 1
                continue
            except queue.Empty:
                pass
            failed = [p for p in processes if p.exitcode not in (None, 0)]
            if failed:
                stop.set()
                for process in processes:
                    process.join()
                names = ", ".join(f"{p.name} (exit code {p.exitcode})" for p in failed)
                raise WorkerFailed(
                    f"{step}: {names} failed; the batches committed so far are kept: run the same command again to "
                    "resume"
                )
            if all(p.exitcode == 0 for p in processes):
                break
        while True:  # results put just before a worker exited
            try:
                on_finished(results.get(timeout=0.1))
                done += 1
            except queue.Empty:
                break
    finally:
        stop.set()
        for process in processes:
            process.join()
    return done
