"""Which encoding a CSV file is written in, and a message that names it when it is not the one read.

A file says its encoding with a byte-order mark (UTF-8, UTF-16, UTF-32), or is read as UTF-8
unless ``--encoding`` names another. A file that is none of these is named as what it looks
like: Windows-1251 or KOI8-R (Cyrillic letters), UTF-16 without a mark (every other byte NUL),
a workbook saved under a ``.csv`` name (a ZIP or an Excel 97–2003 file).

Examples
--------
>>> bom_encoding("\\ufeffcase_id".encode("utf-16-le")), bom_encoding(b"case_id")
('utf-16', None)
>>> guess_encoding("Таджикистан".encode("cp1251"))
'cp1251'
"""

from __future__ import annotations

import codecs
from pathlib import Path

from reactlib.errors import InvalidDataError, Problem

#: Byte-order marks, the longest first (UTF-32's little-endian mark starts like UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: What other files begin with: a message names them instead of their bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "an XLSX workbook (a ZIP file) named .csv: rename it .xlsx"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook named .csv: save it as .xlsx or as CSV UTF-8"),
)
#: Cyrillic encodings of the region's exports, in the order they are guessed.
LEGACY_ENCODINGS = ("cp1251", "koi8-r")
_CHUNK_BYTES = 1 << 20


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` names, if any."""
    return next((encoding for bom, encoding in _BOMS if head.startswith(bom)), None)


def file_encoding(file_name: str, head: bytes, given: str | None) -> str:
    """The encoding to read a file whose first bytes are ``head``: ``given``, its mark's, or UTF-8.

    Raises
    ------
    InvalidDataError
        For an unknown ``given`` name, and for a file that is plainly no UTF-8 text: UTF-16
        without a mark (named, with the ``--encoding`` to pass), or a workbook.
    """
    if given:
        try:
            return codecs.lookup(given).name
        except LookupError:
            raise InvalidDataError(file_name, [Problem(None, None, given, "unknown encoding name")]) from None
    if (marked := bom_encoding(head)) is not None:
        return marked
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise InvalidDataError(file_name, [Problem(None, None, None, f"the file is {what}")])
    if (utf16 := _utf16_without_bom(head[:4096])) is not None:
        raise InvalidDataError(
            file_name,
            [
                Problem(
                    None, None, None, f"the file looks like UTF-16 without a byte-order mark; pass --encoding {utf16}"
                )
            ],
        )
    return "utf-8"


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when every other byte of ``sample`` is mostly NUL, as in UTF-16 text."""
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 4:
        return None
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def guess_encoding(data: bytes) -> str | None:
    """Name the legacy Cyrillic encoding that reads ``data`` as mostly letters, if any."""
    for candidate in LEGACY_ENCODINGS:
        text = data.decode(candidate, errors="replace")
        high = [ch for ch in text if ord(ch) > 127]
        if high and sum("а" <= ch.lower() <= "я" or ch in "ёЁіІїЇєЄ" for ch in high) > 0.8 * len(high):
            return candidate
    return None


def undecodable_problem(path: Path, encoding: str, given: bool) -> Problem:
    """The first place ``path`` cannot be read as ``encoding``, read in chunks, and what to do about it."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                row = lines + chunk.count(b"\n", 0, max(error.start, 0)) + 1
                return _decode_problem(
                    row, chunk[max(error.start, 0) : error.end], chunk, encoding, given, error.reason
                )
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            return _decode_problem(lines + 1, b"", b"", encoding, given, error.reason)
    return Problem(None, None, None, f"cannot be read as {encoding}")


def _decode_problem(row: int, bad: bytes, sample: bytes, encoding: str, given: bool, reason: str) -> Problem:
    if given:
        hint = "; it reads as UTF-8: leave out --encoding" if _is_utf8(sample) else ""
        return Problem(row, None, None, f"cannot be read as {encoding}: {reason}{hint}")
    guess = guess_encoding(sample)
    hint = f"it looks like {guess}; " if guess else ""
    byte = f" (byte 0x{bad[0]:02x})" if bad else ""
    message = (
        f"the file is not UTF-8{byte}; {hint}pass its encoding, e.g. --encoding {guess or 'cp1251'}, "
        "or save it from Excel as 'CSV UTF-8'"
    )
    return Problem(row, None, None, message)


def _is_utf8(sample: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample)
    except UnicodeDecodeError:
        return False
    return True


def other_readings(head: bytes, used: str) -> list[tuple[str, str]]:
    """``head`` read in each other likely encoding that reads it at all: (encoding, text)."""
    candidates = ["utf-8-sig", *LEGACY_ENCODINGS, "utf-16", "utf-16-le", "utf-16-be"]
    readings = []
    for candidate in candidates:
        if codecs.lookup(candidate).name == codecs.lookup(used).name:
            continue
        try:
            readings.append((candidate, codecs.getincrementaldecoder(candidate)().decode(head)))
        except UnicodeError:  # not decodable, or UTF-16 without its mark
            continue
    return readings
