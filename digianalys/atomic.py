"""Atomic output: write to a temporary file in the target directory, then rename.

An interrupted run never leaves a half-written file under its final name. An OSError while
writing (disk full, permission denied, a file where a directory should be) becomes an
:class:`~digianalys.errors.OutputError` naming the target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it is renamed onto ``target``.

    The temporary file keeps the target's suffix so that writers that infer the format
    from the extension (matplotlib, pyarrow, openpyxl) behave as for the target.
    """
    from .output.outdir import output_error

    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent
        )
        os.close(fd)
    except OSError as exc:
        raise output_error(target, exc) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600 files; give outputs the usual permissions (0666 minus the umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        if isinstance(exc, OSError):
            # disk full, permission, a directory where the file should go …: one line naming
            # the final path (the temporary file is gone, the old target untouched)
            raise output_error(target, exc) from None
        raise


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 ``text`` to ``target`` atomically (LF line endings)."""
    write_bytes(target, text.encode("utf-8"))
