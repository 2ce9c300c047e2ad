"""The worker processes: files in, one `FileResult` each out, in order, whatever happens."""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Container, Generator, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from os import PathLike
from typing import TYPE_CHECKING, Any

from gov_disclosure.batch._files import walk_files
from gov_disclosure.batch._result import FileResult, process_file
from gov_disclosure.checks import DEFAULT_CHECKS, Check, check_codes
from gov_disclosure.errors import GovDisclosureError, describe

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess


DEFAULT_TIMEOUT = 60.0
"""Seconds one file may take in a worker before the worker is killed and the file fails."""


def _mp_context() -> BaseContext:
    # Not fork: the parent may run threads (a progress bar, the caller's), and forking a
    # threaded process can deadlock the child. forkserver forks from a clean process.
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # Imported once in the server, so each worker forks with the library and its grammar
    # loaded (no effect if the caller started the server already).
    ctx.set_forkserver_preload(["__main__", "gov_disclosure._preload"])
    return ctx


def _worker_main(conn: Connection, task: Callable[[str], FileResult]) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from gov_disclosure.parsing._speed import element_parser

    # Build the grammar before saying ready, so the per-file timeout measures one file only.
    element_parser()
    try:
        conn.send("ready")
        while True:
            path = conn.recv()
            if path is None:
                return
            result = task(path)
            try:
                conn.send(result)
            except (OSError, EOFError):
                raise
            except Exception as exc:  # an unpicklable result: send what can be sent
                conn.send(FileResult.failure(path, f"internal error, please report it: {exc!r}"))
    except (OSError, EOFError):
        return  # the parent has gone or given up on this worker: nobody to tell


def _start(ctx: BaseContext, conn: Connection, task: Callable[[str], FileResult]) -> BaseProcess:
    """A started worker process; the fork server (re)started first if it is not running."""
    for attempt in range(3):
        process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(conn, task), daemon=True, name="gov-disclosure-worker"
        )
        try:
            if ctx.get_start_method() == "forkserver":
                # Started (or restarted, if it died) here rather than inside start(), which
                # then waits for it with Ctrl-C answered as usual.
                with _sigint_ignored():
                    multiprocessing.forkserver.ensure_running()
            with _sigint_deferred():
                process.start()
        except (EOFError, OSError) as exc:
            # The fork server died after ensure_running saw it alive; the next round
            # finds it dead and starts another.
            if attempt == 2:
                raise GovDisclosureError(f"cannot start a worker process: {exc!r}") from exc
            time.sleep(0.1 * (attempt + 1))
        else:
            return process
    raise AssertionError("unreachable")  # pragma: no cover


class _Worker:
    serials = 0  # workers started so far in this process

    def __init__(self, ctx: BaseContext, task: Callable[[str], FileResult]) -> None:
        _Worker.serials += 1
        self.serial = _Worker.serials
        ours, theirs = ctx.Pipe()
        self.process = _start(ctx, theirs, task)
        theirs.close()
        self.conn = ours
        self.ready = False
        self.seq = -1
        self.path: str | None = None
        self.deadline: float | None = None

    @property
    def busy(self) -> bool:
        return self.path is not None

    def assign(self, seq: int, path: str, timeout: float | None) -> None:
        self.seq, self.path = seq, path
        self.deadline = None if timeout is None else time.monotonic() + timeout
        # A worker that died since it was last heard of cannot take the file: its death is
        # seen as the parent waits, and the file given to a new worker.
        with contextlib.suppress(OSError):
            self.conn.send(path)

    def done(self) -> None:
        self.path, self.deadline = None, None

    def stop(self, *, wait: bool) -> None:
        if wait and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored while the fork server is started.

    A process started with SIGINT ignored keeps it ignored (Python installs its
    KeyboardInterrupt handler only over the default), and so do the workers it forks: a
    Ctrl-C while the server is still importing the library prints no traceback of theirs; the
    parent alone answers it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Ctrl-C held while a worker is started, then answered as usual.

    The fork server's new child reads what to run from this process; cut short by a Ctrl-C
    here, it would meet the end of its pipe and print the standard library's traceback.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            # Answered as it would have been, even if the start failed (a Ctrl-C outranks a
            # retry): the handler raises KeyboardInterrupt, or the default ends the process.
            signal.raise_signal(signal.SIGINT)


def _died(
    worker: _Worker,
    finished: dict[int, FileResult],
    retry: list[tuple[int, str, int]],
    retried: set[int],
) -> None:
    """A worker died: its file (if any) is read once more in a new worker, or fails."""
    if worker.path is None:
        return
    if worker.seq in retried:
        code = worker.process.exitcode
        finished[worker.seq] = FileResult.failure(
            worker.path, f"the worker process died twice while reading this file (exit code {code})"
        )
    else:
        # Once more in a new worker: a worker can die for reasons of its own (its fork server
        # killed, the kernel's OOM killer). The next worker started is the first to take it.
        retried.add(worker.seq)
        retry.append((worker.seq, worker.path, _Worker.serials + 1))


def _results(
    files: Iterator[str],
    task: Callable[[str], FileResult],
    *,
    jobs: int,
    timeout: float | None,
    window: int | None = None,
    probe: Callable[[int], None] | None = None,
) -> Generator[FileResult, None, None]:
    """Run ``task`` on every file in ``jobs`` worker processes; results in file order.

    At most ``window`` files are dispatched and not yet yielded: a slow file holds back the
    results behind it, and the dispatching waits rather than the buffer growing. ``probe``
    (for tests) is told that number each time round.
    """
    window = window or 16 * jobs
    ctx = _mp_context()
    workers = [_Worker(ctx, task) for _ in range(jobs)]
    finished: dict[int, FileResult] = {}
    retry: list[tuple[int, str, int]] = []  # (seq, path, the first worker serial to take it)
    retried: set[int] = set()
    failed_starts = 0
    sent = emitted = 0
    exhausted = False
    clean = False
    try:
        while True:
            # Emit before dispatching: emitting is what opens the window.
            while emitted in finished:
                yield finished.pop(emitted)
                emitted += 1
            for i, worker in enumerate(workers):
                if not worker.ready or worker.busy:
                    continue
                if not worker.process.is_alive():
                    # Died while idle: replaced before it is given a file it could not read.
                    worker.stop(wait=False)
                    workers[i] = _Worker(ctx, task)
                    continue
                # A file whose worker died goes to a worker started since (not to one that
                # came from the same, maybe dead, fork server).
                again = next((r for r in retry if worker.serial >= r[2]), None)
                if again is not None:
                    retry.remove(again)
                    worker.assign(again[0], again[1], timeout)
                    continue
                if exhausted or sent - emitted >= window:
                    continue  # a later worker may still take a file to read again
                path = next(files, None)
                if path is None:
                    exhausted = True
                    continue
                worker.assign(sent, path, timeout)
                sent += 1
            if probe is not None:
                probe(sent - emitted)
            if exhausted and emitted == sent:
                clean = True
                return
            waiting = [w for w in workers if w.busy or not w.ready]
            if not waiting:  # pragma: no cover - would be a bug of ours; fail rather than hang
                raise GovDisclosureError("internal error: the batch has nothing in flight to wait for")
            deadlines = [w.deadline for w in waiting if w.deadline is not None]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            handles: list[Any] = [w.conn for w in waiting] + [w.process.sentinel for w in waiting]
            ready = set(multiprocessing.connection.wait(handles, timeout=wait_for))
            for i, worker in enumerate(workers):
                if worker.conn in ready or worker.process.sentinel in ready:
                    message: object = None
                    try:
                        if worker.conn.poll():
                            message = worker.conn.recv()
                    except (EOFError, OSError):
                        message = None
                    if message == "ready":
                        worker.ready = True
                        failed_starts = 0
                        continue
                    if isinstance(message, FileResult):
                        finished[worker.seq] = message
                        worker.done()
                        continue
                    if worker.process.is_alive():  # readable but nothing whole yet
                        continue
                    code = worker.process.exitcode
                    if not worker.ready:
                        failed_starts += 1
                        if failed_starts > jobs:
                            raise GovDisclosureError(
                                f"a worker process failed to start (exit code {code}); a program"
                                " starting processes must be a file whose work runs under"
                                " if __name__ == '__main__'"
                            )
                    else:
                        _died(worker, finished, retry, retried)
                    worker.stop(wait=False)
                    workers[i] = _Worker(ctx, task)
                elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                    assert worker.path is not None
                    finished[worker.seq] = FileResult.failure(
                        worker.path, f"timed out after {timeout:g} s; the worker process was stopped"
                    )
                    worker.stop(wait=False)
                    workers[i] = _Worker(ctx, task)
    finally:
        for worker in workers:
            worker.stop(wait=clean)


def _picklable(checks: tuple[Check, ...]) -> None:
    """Refuse, before any work, checks that cannot be sent to a worker process."""
    for check in checks:
        try:
            pickle.dumps(check)
        except Exception as exc:  # pickle raises PicklingError, AttributeError, TypeError …
            raise GovDisclosureError(
                f"the check {check!r} cannot be sent to the worker processes ({describe(exc)}):"
                " define it at the top level of a module"
            ) from exc


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def is_skipped(name: str, skip: Container[str]) -> bool:
    """Whether a file found as ``name`` is among ``skip``, by that name or its absolute path
    (the same folder given another way finds the same files)."""
    return name in skip or os.path.abspath(name) in skip


def process_files(
    paths: Iterable[str | PathLike[str]],
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    exclude: Iterable[str | PathLike[str]] = (),
    skip: Container[str] = (),
    checks: Sequence[Check] = DEFAULT_CHECKS,
    review: str | None = None,
) -> Generator[FileResult, None, None]:
    """`process_file` on every file `walk_files` finds, in ``jobs`` worker processes.

    Yields one `FileResult` per file, in file order, as soon as it and every file before it
    are done; a file the walk does not read (hidden, a lock file) is a ``skipped`` result.
    ``timeout`` (seconds, None for none) bounds one file: a worker that takes longer is killed
    and the file fails. A file whose worker dies is read once more in a new worker,
    and fails if that one dies too. ``skip`` names files (as they are found) not to read
    (those done by an earlier run). ``jobs`` defaults to the CPUs available. ``checks`` are
    `process_file`'s: each must be picklable (a function or `Rule` at the top level of a
    module) to reach the workers; ``review`` is `process_file`'s. Like any code starting
    processes, call it under
    ``if __name__ == "__main__":`` in a script.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise GovDisclosureError(f"jobs must be at least 1, not {jobs}")
    if timeout is not None and timeout <= 0:
        raise GovDisclosureError(f"the timeout must be positive, not {timeout}")
    found = ((os.fspath(p), why) for p, why in walk_files(paths, exclude=exclude))
    entries = ((name, why) for name, why in found if not is_skipped(name, skip))
    checks = tuple(checks)
    check_codes(select, ignore, checks)
    select = list(select) if select is not None else None
    ignore = list(ignore) if ignore is not None else None
    task = functools.partial(process_file, select=select, ignore=ignore, checks=checks, review=review)
    _picklable(checks)
    return _merged(entries, task, jobs=jobs, timeout=timeout)


def _merged(
    entries: Iterator[tuple[str, str | None]],
    task: Callable[[str], FileResult],
    *,
    jobs: int,
    timeout: float | None,
) -> Generator[FileResult, None, None]:
    """The workers' results for the entries that are read, and a skipped result for each
    that is not, in the entries' order. The two walks of one stream are at most the workers'
    window apart, so tee keeps little."""
    ahead, behind = itertools.tee(entries)
    results = _results((name for name, why in ahead if why is None), task, jobs=jobs, timeout=timeout)
    try:
        for name, why in behind:
            yield next(results) if why is None else FileResult.skip(name, why)
    finally:
        results.close()
