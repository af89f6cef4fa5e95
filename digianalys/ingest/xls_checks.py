"""Checks of an .xls workbook (BIFF8 inside an OLE2 compound file) before calamine reads it.

:func:`ole_stream` follows the OLE2 container to a named stream (every sector chain with a
step limit, so a crafted container cannot loop); :func:`check_biff` refuses a workbook stream
whose declarations would make calamine panic, allocate from a lie or read a cell silently
wrong. Called by :func:`digianalys.ingest.safety.check_input`.
"""

from __future__ import annotations

import struct

from ..errors import InputFileError
from .sheet_scan import column_letters

__all__ = ["ole_stream", "check_biff"]


def ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The first stream called one of ``names`` in an OLE2 compound file, or None when the
    container cannot be followed (the reader then reports the damage itself).

    Every sector chain is followed with a step limit, so a crafted container cannot loop."""
    try:
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
            return None
        size = 1 << shift
        n_sectors = max(0, (len(data) - size) // size + 1)
        first_dir, _, cutoff, first_mini, _, first_difat, n_difat = struct.unpack_from(
            "<IIIIIII", data, 0x30
        )
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        nxt = first_difat
        for _ in range(min(n_difat, n_sectors)):
            if nxt >= n_sectors:
                break
            entries = struct.unpack_from(f"<{size // 4}I", data, (nxt + 1) * size)
            difat.extend(entries[:-1])
            nxt = entries[-1]
        fat: list[int] = []
        for sector in difat:
            if sector >= n_sectors:
                continue
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size))

        def chain(start: int, sectors: int, table: list[int]) -> list[int]:
            out: list[int] = []
            while start < len(table) and start < sectors and len(out) <= sectors:
                out.append(start)
                start = table[start]
            return out

        def read(start: int, length: int | None) -> bytes:
            chunks = [
                data[(sec + 1) * size : (sec + 2) * size] for sec in chain(start, n_sectors, fat)
            ]
            raw = b"".join(chunks)
            return raw if length is None else raw[:length]

        directory = read(first_dir, None)
        root_start = root_size = None
        wanted = None
        for off in range(0, len(directory) - 127, 128):
            n_len, kind = struct.unpack_from("<HB", directory, off + 64)
            start, length = struct.unpack_from("<IQ", directory, off + 116)
            if kind == 5 and root_start is None:
                root_start, root_size = start, length & 0xFFFFFFFF
            label = directory[off : off + max(0, min(n_len, 64) - 2)].decode("utf-16-le", "replace")
            if kind == 2 and label in names and wanted is None:
                wanted = (start, length & 0xFFFFFFFF)
        if wanted is None:
            return None
        start, length = wanted
        if length >= cutoff:
            stream = read(start, length)
        else:
            if root_start is None:
                return None
            mini_stream = read(root_start, root_size)
            minifat_raw = read(first_mini, None)
            minifat = list(struct.unpack_from(f"<{len(minifat_raw) // 4}I", minifat_raw))
            msize = 1 << mini_shift
            n_mini = len(mini_stream) // msize
            stream = b"".join(
                mini_stream[sec * msize : (sec + 1) * msize]
                for sec in chain(start, n_mini, minifat)
            )[:length]
        return stream if len(stream) == length else None
    except (struct.error, ValueError, OverflowError, MemoryError):
        return None


_BIFF_MAX_ROWS = 65_536
_BIFF_MAX_COLS = 256


def check_biff(name: str, stream: bytes) -> None:
    """Refuse an .xls workbook stream that would make calamine panic, allocate from a lying
    declaration or read a cell silently wrong:

    - a sheet position (BOUNDSHEET) outside the stream;
    - a shared-string table (SST) declaring more strings than the stream can hold;
    - a sheet's used range (DIMENSIONS) beyond what an .xls sheet can have (65,536 rows,
      256 columns) — calamine allocates the whole declared grid;
    - a text cell (LABELSST) referring to a shared string that does not exist (named).
    """
    damaged = f"{name} is damaged ({{what}}): open it in Excel or LibreOffice and save it again"
    end = len(stream)
    pos = 0
    sheets: list[tuple[int, str]] = []
    strings: int | None = None
    while pos + 4 <= end:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        if rtype == 0x0085 and length >= 8:  # BOUNDSHEET
            offset, _, kind, n_chars = struct.unpack_from("<IBBB", body, 0)
            label = (
                body[8 : 8 + n_chars * 2].decode("utf-16-le", "replace")
                if body[7:8] == b"\x01"
                else body[8 : 8 + n_chars].decode("latin-1")
            )
            if offset + 4 > end:
                raise InputFileError(damaged.format(what=f"sheet '{label}' lies outside the file"))
            if kind == 0:
                sheets.append((offset, label))
        elif rtype == 0x00FC and length >= 8:  # SST
            strings = struct.unpack_from("<I", body, 4)[0]
            if strings > end // 3 + 16:
                raise InputFileError(
                    damaged.format(what=f"its string table declares {strings:,} strings")
                )
        elif rtype == 0x000A:  # EOF of the workbook globals
            break
        pos += 4 + length
    for offset, label in sheets:
        pos = offset
        while pos + 4 <= end:
            rtype, length = struct.unpack_from("<HH", stream, pos)
            if rtype == 0x0200 and length in (10, 14):  # DIMENSIONS
                if length == 14:
                    _, rows, _, cols = struct.unpack_from("<IIHH", stream, pos + 4)
                else:
                    _, rows, _, cols = struct.unpack_from("<HHHH", stream, pos + 4)
                if rows > _BIFF_MAX_ROWS or cols > _BIFF_MAX_COLS:
                    raise InputFileError(
                        damaged.format(
                            what=f"sheet '{label}' declares {rows:,} rows and {cols:,} columns, "
                            "more than an .xls sheet can hold"
                        )
                    )
            elif rtype == 0x00FD and length >= 10 and strings is not None:  # LABELSST
                row, col, _, index = struct.unpack_from("<HHHI", stream, pos + 4)
                if index >= strings:
                    raise InputFileError(
                        f"{name}, sheet '{label}', cell {column_letters(col + 1)}{row + 1}: the "
                        "cell refers to a shared string that does not exist (damaged file): "
                        "open it in Excel or LibreOffice and save it again"
                    )
            elif rtype == 0x000A:  # EOF of the sheet
                break
            pos += 4 + length
