"""Zip packages (xlsx, docx) rewritten with fixed entry timestamps: identical bytes on rerun."""

from __future__ import annotations

import io
import zipfile

#: The date every entry gets (the earliest a zip can hold is 1980).
FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def deterministic_zip(
    raw: bytes, date_time: tuple[int, ...] = FIXED_TIME, compresslevel: int | None = None
) -> bytes:
    """``raw`` (a zip) rewritten with the same entries, in the same order and with the same
    content, but fixed timestamps and attributes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)  # type: ignore[arg-type]
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename), compresslevel=compresslevel)
    return out.getvalue()
