"""Ingest's speed machinery, all in one place, behind a plain interface.

``ingest`` is one pass; a few steps run beside each other because the heavy parts are native
code that releases the GIL. Nothing here changes what is read, refused or written:

- :func:`ingest_call` — one ingest call. Reads :data:`PLAIN_ENV` once; unless the plain path is
  asked for, keeps the garbage collector's full collections off the objects alive on entry
  (``gc.freeze``; unfrozen on exit) and holds the call's distinct-value cache.
- :func:`read_ahead` / :func:`take_read_ahead` — workbooks parsed by a background thread
  (``digianalys-read``) while the caller imports and prepares the rest of the pipeline.
- :func:`member_pieces` — an archive member inflated by a helper thread (``digianalys-inflate``)
  while the caller scans the previous piece, with a short thread switch interval meanwhile.
- :func:`shared_cache` / :func:`distinct_cache` / :func:`map_two` — the per-call cache of column
  encodings and the two ``digianalys-encode`` threads that fill it.
- :func:`in_background` — a job (the Parquet write) run by a ``digianalys-parquet`` thread.
- :func:`skip_final_collection` — the CLI's last act: spare the interpreter's final collection.

With the environment variable ``DIGIANALYS_PLAIN=1`` every one of them takes the plain,
single-threaded path: no thread, no GC freeze, no switch-interval change, no cache. Tests
compare both paths' outputs and refusals byte for byte.

State is per call: the session lives in a :class:`contextvars.ContextVar`, so two ingest calls
in two threads never see each other's cache or read-ahead.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import os
import queue
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    import zipfile

# (zipfile and zlib are imported where used: the CLI imports this module as it exits)

__all__ = [
    "PLAIN_ENV",
    "plain",
    "ingest_call",
    "collector_frozen",
    "skip_final_collection",
    "read_ahead",
    "take_read_ahead",
    "read_ahead_pending",
    "member_pieces",
    "shared_cache",
    "distinct_cache",
    "map_two",
    "in_background",
    "CHUNK",
]

#: Set to 1 (or any value but 0 / empty) to run ingest's plain, single-threaded path.
PLAIN_ENV = "DIGIANALYS_PLAIN"
#: Bytes of sheet XML handed out at a time by :func:`member_pieces`.
CHUNK = 1 << 20

T = TypeVar("T")
R = TypeVar("R")


class _Session:
    """One ingest call's speed settings and state."""

    def __init__(self, fast: bool) -> None:
        self.fast = fast
        self.cache: dict[int, tuple[object, object]] | None = None


_SESSION: contextvars.ContextVar[_Session | None] = contextvars.ContextVar(
    "digianalys_speed_session", default=None
)


def plain() -> bool:
    """Whether the plain path runs: the current ingest call's choice (read once when it
    started), or outside a call the environment variable :data:`PLAIN_ENV` now."""
    session = _SESSION.get()
    if session is not None:
        return not session.fast
    return _plain_requested()


def _plain_requested() -> bool:
    return os.environ.get(PLAIN_ENV, "").strip() not in ("", "0")


@contextlib.contextmanager
def ingest_call() -> Iterator[Callable[[], None]]:
    """The span of one ingest call. Yields a function to call once the pipeline's modules are
    imported (it freezes the garbage collector again, over what the imports created; on the
    plain path it does nothing)."""
    session = _Session(fast=not _plain_requested())
    token = _SESSION.set(session)
    try:
        if session.fast:
            with collector_frozen() as refreeze:
                yield refreeze
        else:
            yield lambda: None
    finally:
        _SESSION.reset(token)


# --------------------------------------------------------------------------- garbage collector


@contextlib.contextmanager
def collector_frozen() -> Iterator[Callable[[], None]]:
    """Keep the garbage collector's full collections off the objects that exist already.

    They would walk the million-odd objects that pandas, pyarrow and the pipeline create on
    import (~0.04 s a collection, several per ingest). Freezes what is alive on entry and
    yields a function that freezes again (call it after the imports); unfreezes on exit. A
    caller that froze objects itself is left alone (the yielded function does nothing).
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def skip_final_collection() -> None:
    """The process ends: spare the interpreter's final garbage collection over the objects
    pandas, pyarrow and the results leave (0.1-0.2 s after a large ingest). Outputs are already
    written and closed; refcounting still frees the rest. Not on the plain path."""
    if not plain():
        gc.freeze()


# --------------------------------------------------------------------------- reading ahead

#: ``read(path, on_parse)``: the read of one file, or None when it is not read ahead;
#: ``on_parse(check)`` is called when the parse starts, with a check the caller must run.
ReadFunc = Callable[[Path, Callable[[Callable[[], object] | None], None]], object | None]


class _ReadAhead:
    """Files being read, in order, by one background thread.

    The reader (fastexcel) parses without holding the GIL, so the calling thread can import and
    prepare the rest of the pipeline meanwhile, and run the sheet's remaining checks handed to
    it through ``on_parse``. A file's error is raised when the caller asks for that file.
    """

    def __init__(self, paths: Sequence[Path], sheet: str | None, read: ReadFunc) -> None:
        self.sheet = sheet
        self.read = read
        self.keys = [_key(p) for p in paths]
        # per file: the checks to run in the caller's thread, then the result (or error)
        self.events: list[queue.SimpleQueue[Any]] = [queue.SimpleQueue() for _ in paths]
        self.stop = threading.Event()
        self.parsing = threading.Event()  # the thread no longer needs the GIL much
        self.thread = threading.Thread(
            target=self._run, args=(list(paths),), name="digianalys-read"
        )

    def _run(self, paths: list[Path]) -> None:
        for k, path in enumerate(paths):
            events = self.events[k]

            def on_parse(check: Callable[[], object] | None, events: Any = events) -> None:
                if check is not None:
                    events.put(check)
                self.parsing.set()

            result: object = None
            try:
                if not self.stop.is_set():
                    result = self.read(path, on_parse)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller by take()
                result = exc
            finally:
                events.put(_Done(result))
                self.parsing.set()

    def take(self, path: Path, sheet: str | None) -> object | None:
        """The read of ``path`` (waiting for it), or None if it was not read ahead."""
        if sheet != self.sheet or _key(path) not in self.keys:
            return None
        k = self.keys.index(_key(path))
        self.keys[k] = ""  # taken: a second request reads the file again
        while True:
            event = self.events[k].get()
            if isinstance(event, _Done):
                break
            event()  # a sheet's remaining check, while the thread parses it
        if isinstance(event.result, BaseException):
            raise event.result
        return event.result


class _Done:
    def __init__(self, result: object) -> None:
        self.result = result


def _key(path: Path) -> str:
    return os.path.abspath(path)


_READING: contextvars.ContextVar[_ReadAhead | None] = contextvars.ContextVar(
    "digianalys_read_ahead", default=None
)


@contextlib.contextmanager
def read_ahead(
    paths: Sequence[str | Path],
    sheet: str | None,
    read: ReadFunc,
    prepare: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Within the block, :func:`take_read_ahead` of ``paths`` (with this ``sheet``) returns what
    a background thread started reading on entry with ``read``; leaving the block waits for
    the thread. ``prepare`` (imports the thread needs) runs first, in the caller's thread.

    The read ahead belongs to the calling thread (and context); a nested block adds nothing.
    On the plain path nothing is read ahead.
    """
    if _READING.get() is not None or not paths or plain():
        yield
        return
    if prepare is not None:
        prepare()
    job = _ReadAhead([Path(p) for p in paths], sheet, read)
    token = _READING.set(job)
    job.thread.start()
    try:
        # The checks before the parse are Python code: let them run alone (two threads sharing
        # the GIL would slow both), and hand back once the thread is in the parse.
        job.parsing.wait()
        yield
    finally:
        job.stop.set()
        job.thread.join()
        _READING.reset(token)


def take_read_ahead(path: Path, sheet: str | None) -> object | None:
    """What the read ahead read of ``path`` (waiting for it; its error raised), or None when
    ``path`` is not being read ahead for this ``sheet`` (or was taken already)."""
    job = _READING.get()
    return job.take(path, sheet) if job is not None else None


def read_ahead_pending() -> list[str] | None:
    """The files a read ahead of this thread still holds (None outside a read ahead)."""
    job = _READING.get()
    return None if job is None else [k for k in job.keys if k]


# --------------------------------------------------------------------------- inflating

_PIECE_IN = 128 << 10  # compressed bytes inflated at a time (about 1 MB of sheet XML)
_END = object()
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.005


@contextlib.contextmanager
def member_pieces(
    zf: zipfile.ZipFile, part: str, *, helper: bool = True
) -> Iterator[Iterator[bytes]]:
    """The inflated bytes of an archive member, in pieces of about :data:`CHUNK` bytes.

    With ``helper``, a helper thread inflates the next pieces while the caller scans this
    one: zlib releases the GIL while it inflates and the scan holds it, so on two cores the
    two overlap. Without it, on the plain path, and for members that are neither deflated nor
    stored, or are encrypted, zipfile reads the member in the calling thread. Raises what
    zipfile would for a damaged member (zlib.error, EOFError, zipfile.BadZipFile).
    """
    import zipfile
    import zlib

    info = zf.getinfo(part)
    method = info.compress_type
    if (
        not helper
        or plain()
        or info.file_size <= 2 * CHUNK  # a small part: a thread would cost more than it saves
        or info.flag_bits & 0x1
        or method not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED)
    ):
        with zf.open(part) as fh:
            yield iter(lambda: fh.read(CHUNK), b"")
        return
    items: queue.Queue[object] = queue.Queue(maxsize=4)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            crc = 0  # checked by the inflating thread too, while the caller scans
            for piece in _inflate_member(zf, info, stop):
                crc = zlib.crc32(piece, crc)
                put(piece)
            if not stop.is_set() and crc != info.CRC:
                raise zipfile.BadZipFile("the member's CRC-32 does not match")
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            put(exc)
        finally:
            put(_END)

    def pieces() -> Iterator[bytes]:
        while True:
            item = items.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            yield item

    thread = threading.Thread(target=produce, name="digianalys-inflate", daemon=True)
    with _quick_gil_handover():
        thread.start()
        try:
            yield pieces()
        finally:
            stop.set()
            thread.join()


def _inflate_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, stop: threading.Event
) -> Iterator[bytes]:
    """Inflate a deflated (or copy a stored) member from its raw bytes in the archive file,
    never beyond its declared size (the reader checks the CRC-32)."""
    import zipfile
    import zlib

    source = zf.filename
    if source is None:
        raise zipfile.BadZipFile("the archive has no file name")
    with open(source, "rb") as fh:
        fh.seek(info.header_offset)
        local = fh.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile("bad local file header")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        produced = 0
        out = b""
        while not stop.is_set():
            if inflater is not None and inflater.unconsumed_tail:
                data = inflater.unconsumed_tail
            elif left > 0:
                data = fh.read(min(_PIECE_IN if inflater is not None else CHUNK, left))
                if not data:
                    raise EOFError("the archive member is truncated")
                left -= len(data)
            else:
                break
            # at most CHUNK bytes out of one call, so a member that inflates far beyond its
            # declared size is stopped within a megabyte
            piece = inflater.decompress(data, CHUNK) if inflater is not None else data
            produced += len(piece)
            if produced > info.file_size:
                raise zipfile.BadZipFile("the member inflates beyond its declared size")
            out += piece
            if len(out) >= CHUNK:
                yield out
                out = b""
        if stop.is_set():
            return
        if inflater is not None:
            tail = inflater.flush()
            produced += len(tail)
            out += tail
            if not inflater.eof:
                raise EOFError("the compressed data of the sheet ends too early")
        if produced != info.file_size:
            raise zipfile.BadZipFile("the member's size does not match its declared size")
        if out:
            yield out


@contextlib.contextmanager
def _quick_gil_handover() -> Iterator[None]:
    """Shorten the interpreter's thread switch interval while the inflating helper runs, so
    that it gets the GIL back within a fraction of a millisecond instead of 5 ms (it needs it
    briefly between zlib calls). Nested and concurrent uses restore the setting once."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, 0.0002))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


# --------------------------------------------------------------------------- shared encodings


@contextlib.contextmanager
def shared_cache() -> Iterator[None]:
    """Within this block (inside :func:`ingest_call`, on the fast path), :func:`distinct_cache`
    is a dict for this call only; it is dropped when the block ends. Elsewhere, and on the
    plain path, there is no cache."""
    session = _SESSION.get()
    if session is None or not session.fast or session.cache is not None:
        yield
        return
    session.cache = {}
    try:
        yield
    finally:
        session.cache = None


def distinct_cache() -> dict[int, tuple[object, object]] | None:
    """The current ingest call's cache (key: ``id`` of a column's Arrow array → (that array,
    what was computed from it)), or None."""
    session = _SESSION.get()
    return None if session is None else session.cache


def map_two(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[fn(x) for x in items]``, by two ``digianalys-encode`` threads (each in a copy of the
    caller's context, so they see its cache); in the calling thread on the plain path."""
    items = list(items)
    if plain() or len(items) < 2:
        return [fn(x) for x in items]
    from concurrent.futures import ThreadPoolExecutor

    ctx = contextvars.copy_context()

    def run(x: T) -> R:
        return ctx.copy().run(fn, x)

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="digianalys-encode") as pool:
        return list(pool.map(run, items))


# --------------------------------------------------------------------------- background jobs


class _Job:
    """A job's outcome: :meth:`result` returns what it returned or raises what it raised."""

    def __init__(self) -> None:
        self._value: object = None
        self._error: BaseException | None = None
        self.thread: threading.Thread | None = None

    def run(self, fn: Callable[[], object]) -> None:
        try:
            self._value = fn()
        except BaseException as exc:  # noqa: BLE001 - raised by result()
            self._error = exc

    def result(self) -> object:
        if self.thread is not None:
            self.thread.join()
        if self._error is not None:
            raise self._error
        return self._value


@contextlib.contextmanager
def in_background(fn: Callable[[], object], name: str = "parquet") -> Iterator[_Job]:
    """Run ``fn`` in a ``digianalys-<name>`` thread while the block runs (pyarrow writes Parquet
    without the GIL); the block calls ``.result()`` on the yielded job to wait for it and get
    its error. Leaving the block always waits for the thread. On the plain path ``fn`` runs
    at once, in the calling thread."""
    job = _Job()
    if plain():
        job.run(fn)
        yield job
        return
    ctx = contextvars.copy_context()
    job.thread = threading.Thread(
        target=lambda: ctx.run(job.run, fn), name=f"digianalys-{name}", daemon=True
    )
    job.thread.start()
    try:
        yield job
    finally:
        job.thread.join()
