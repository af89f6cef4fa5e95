"""An output directory that ``run`` owns only in part: lock, staging, verified swap.

``digianalys run`` writes into a directory the user may share with other files. The rules:

* a lock file (``OUT/.digianalys.lock``, ``flock``-ed) keeps two runs from interleaving: the
  second one gets an error at once;
* everything is written into a staging directory (``OUT/.digianalys-new-*``) first; nothing
  appears under a final name until the whole run has succeeded;
* a file of the previous run may be replaced or removed only when the previous ``manifest.json``
  lists it *and* its SHA-256 still matches what that run wrote (the user may have edited it);
* any other file the new run would overwrite (or a symlink / file where the run needs a
  directory) is a conflict: refused, listing the files, unless ``force``;
* the swap runs with SIGINT/SIGTERM blocked and is rolled back on an OS error, so the directory
  holds either the previous state or the complete new run, never a mixture;
* symbolic links are never followed: a manifest entry through a symlink is not owned, and a
  symlinked directory in the way is a conflict (with ``force`` the link itself is replaced, not
  its target).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import OutputError

LOCK_FILE = ".digianalys.lock"
STAGING_PREFIX = ".digianalys-new-"
BACKUP_PREFIX = ".digianalys-old-"
MANIFEST = "manifest.json"
#: At most this many conflicting files are named in the error message.
SHOWN_CONFLICTS = 8


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def output_error(path: Path | str, exc: OSError) -> OutputError:
    """An OSError on the output side as a one-line OutputError naming the path."""
    import errno

    reason = {
        errno.ENOSPC: "the disk is full; free space or choose another output",
        errno.EDQUOT: "the disk quota is exceeded; free space or choose another output",
        errno.EACCES: "permission denied; choose a directory you can write to",
        errno.EPERM: "operation not permitted (read-only or immutable?); choose another output",
        errno.EROFS: "read-only file system; choose another output",
        errno.ENOTDIR: "a part of the path is a file, not a directory; choose another output",
        errno.EEXIST: "a file is in the way; choose another output",
        errno.EISDIR: "is a directory; choose another output file name",
    }.get(exc.errno or 0, f"{exc.strerror or exc}; choose another output")
    return OutputError(f"{path}: cannot write the output: {reason}")


def is_digianalys_entry(name: str) -> bool:
    return name == LOCK_FILE or name.startswith((STAGING_PREFIX, BACKUP_PREFIX))


def _safe_rel(rel: object) -> str | None:
    """A manifest entry as a clean relative POSIX path, or None if it is not one."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
        return None
    p = PurePosixPath(rel)
    if p.is_absolute() or any(part in ("", ".", "..") for part in p.parts):
        return None
    if is_digianalys_entry(p.parts[0]):
        return None
    return p.as_posix()


def _real_dirs(out: Path, rel: str) -> bool:
    """True if every parent of ``rel`` under ``out`` is a real directory (no symlink)."""
    cur = out
    for part in PurePosixPath(rel).parts[:-1]:
        cur = cur / part
        try:
            st = os.lstat(cur)
        except FileNotFoundError:
            return False
        if not stat.S_ISDIR(st.st_mode):
            return False
    return True


def read_manifest_files(out: Path) -> dict[str, str] | None:
    """The ``files`` of OUT/manifest.json written by digianalys run, or None if there is none
    (or it is not one of ours: unreadable, a symlink, another format)."""
    path = out / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or "digianalys" not in data:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    out_files: dict[str, str] = {}
    for rel, digest in files.items():
        clean = _safe_rel(rel)
        if clean is not None and isinstance(digest, str) and clean != MANIFEST:
            out_files[clean] = digest
    return out_files


def owned_files(out: Path) -> set[str]:
    """Files of the previous run that are still as it wrote them (manifest.json included)."""
    listed = read_manifest_files(out)
    if listed is None:
        return set()
    owned = {MANIFEST}
    for rel, digest in listed.items():
        p = out / rel
        if not _real_dirs(out, rel):
            continue
        try:
            if not stat.S_ISREG(os.lstat(p).st_mode):
                continue
            if sha256_file(p) == digest:
                owned.add(rel)
        except OSError:
            continue
    return owned


def staged_files(root: Path) -> list[str]:
    """Every regular file under ``root``, as sorted relative POSIX paths."""
    out: list[str] = []
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            out.append(Path(dirpath, f).relative_to(root).as_posix())
    return sorted(out)


def _conflicts(out: Path, new: list[str], owned: set[str]) -> list[str]:
    """Paths under ``out`` the new run would overwrite although the previous run did not write
    them: files, or (suffixed with '/') a symlink or file where a directory is needed."""
    found: dict[str, None] = {}
    for rel in new:
        parts = PurePosixPath(rel).parts
        cur = out
        blocked = False
        for i, part in enumerate(parts[:-1]):
            cur = cur / part
            try:
                st = os.lstat(cur)
            except FileNotFoundError:
                break
            if not stat.S_ISDIR(st.st_mode):
                found["/".join(parts[: i + 1]) + "/"] = None
                blocked = True
                break
        if blocked:
            continue
        if os.path.lexists(out / rel) and rel not in owned:
            found[rel] = None
    return list(found)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    sigs = {signal.SIGINT, signal.SIGTERM}
    can = hasattr(signal, "pthread_sigmask")
    if can:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        if can:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _move(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)


class OutputTransaction:
    """Lock ``out``, give a staging directory, and swap it in with :meth:`commit`."""

    def __init__(self, out: Path, *, force: bool) -> None:
        self.out = out
        self.force = force
        self.staging: Path = out  # set in __enter__
        self._lock_fd: int | None = None
        self._created = False
        self._old_term: Any = None

    # ------------------------------------------------------------------ enter / exit
    def __enter__(self) -> OutputTransaction:
        out = self.out
        try:
            st = os.lstat(out)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise output_error(out, exc) from None
        if st is not None and not stat.S_ISDIR(os.stat(out).st_mode):
            raise OutputError(f"{out}: output is a file; set 'output' to a directory")
        try:
            if st is None:
                try:
                    out.mkdir(parents=True)
                    self._created = True
                except FileExistsError:  # a concurrent run made it a moment ago
                    if not out.is_dir():
                        raise
            self._lock()
            self._remove_dead_staging()
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        except FileExistsError as exc:
            self._release()
            raise output_error(out, exc) from None
        except OSError as exc:
            self._release()
            raise output_error(out, exc) from None
        except BaseException:
            self._release()
            raise
        if threading.current_thread() is threading.main_thread():
            self._old_term = signal.signal(signal.SIGTERM, _terminate)
        return self

    def __exit__(self, *exc_info: object) -> None:
        with _signals_blocked():
            shutil.rmtree(self.staging, ignore_errors=True)
            self._release()
            if self._old_term is not None:
                signal.signal(signal.SIGTERM, self._old_term)
                self._old_term = None

    def _remove_dead_staging(self) -> None:
        """Staging directories of runs killed outright (SIGKILL, power cut): we hold the lock,
        so no live run owns them, and they hold nothing but that run's unfinished output."""
        for entry in os.scandir(self.out):
            if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)

    def _lock(self) -> None:
        path = self.out / LOCK_FILE
        fcntl: Any
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            fcntl = None
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            if fcntl is None:  # pragma: no cover
                self._lock_fd = fd
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutputError(
                    f"{self.out}: another digianalys run is writing into this directory "
                    f"(lock {LOCK_FILE}); wait for it to finish or choose another output"
                ) from None
            # the holder before us may have removed the file between our open and flock
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                self._lock_fd = fd
                return
            os.close(fd)

    def _release(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.out / LOCK_FILE)
            os.close(self._lock_fd)
            self._lock_fd = None
        if self._created:
            with contextlib.suppress(OSError):
                self.out.rmdir()  # only if empty: a failed first run leaves nothing behind

    # ------------------------------------------------------------------ commit
    def commit(self) -> None:
        """Swap the staged files in: remove the previous run's (verified) files, install the
        new ones. Raises OutputError listing conflicts unless ``force``."""
        out, staging = self.out, self.staging
        new = staged_files(staging)
        owned = owned_files(out)
        conflicts = _conflicts(out, new, owned)
        if conflicts and not self.force:
            shown = ", ".join(conflicts[:SHOWN_CONFLICTS])
            more = f" and {len(conflicts) - SHOWN_CONFLICTS} more" if len(conflicts) > 8 else ""
            old = (
                " (a manifest.json without file hashes is from an older digianalys: pass "
                "--force once)"
                if MANIFEST in conflicts and (out / MANIFEST).is_file()
                else ""
            )
            raise OutputError(
                f"{out}: the run would overwrite files it did not write: {shown}{more}; move "
                "them away, choose another output, or pass --force (force = true in the config)"
                + old
            )
        backup = Path(tempfile.mkdtemp(prefix=BACKUP_PREFIX, dir=out))
        moved: list[str] = []
        installed: list[str] = []
        try:
            with _signals_blocked():
                try:
                    for rel in sorted(owned) + conflicts:
                        rel = rel.rstrip("/")
                        if os.path.lexists(out / rel) and _real_dirs(out, rel):
                            _move(out / rel, backup / rel)
                            moved.append(rel)
                    for rel in new:
                        _move(staging / rel, out / rel)
                        installed.append(rel)
                except BaseException:
                    for rel in reversed(installed):
                        with contextlib.suppress(OSError):
                            _move(out / rel, staging / rel)
                    for rel in reversed(moved):
                        with contextlib.suppress(OSError):
                            _move(backup / rel, out / rel)
                    raise
        except OSError as exc:
            raise output_error(out, exc) from None
        finally:
            shutil.rmtree(backup, ignore_errors=True)
        # directories the previous run's files leave empty go too
        newset = set(new)
        for rel in moved:
            if rel in newset:
                continue
            parent = (out / rel).parent
            while parent != out and out in parent.parents:
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent
