"""Bytes to text: BOMs, UTF-16, and the GB encodings Chinese government sites still use."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from gov_disclosure.errors import DecodeError
from gov_disclosure.limits import MAX_BYTES

__all__ = ["MAX_BYTES", "decode_bytes"]

# A text with more control characters than this share of its start is binary, not a report.
_MAX_CONTROLS = 0.02

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f")
    return "\x00" in sample or controls / len(sample) > _MAX_CONTROLS


def decode_bytes(data: bytes) -> str:
    """Decode a report's bytes. Raises `DecodeError` for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"the file starts with a {encoding} byte-order mark but is not {encoding}"
                ) from exc
    text = ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = _utf8_tail_cut(data)
        if cut and exc.start >= len(data) - cut:
            # A file cut inside its last character is still UTF-8: keep every whole character.
            text = data[: len(data) - cut].decode("utf-8")
    if not text and data:
        sample = data[:65536]
        if b"\x00" in sample:
            # UTF-16 without a BOM: ASCII characters (digits, TABs, newlines) leave a zero byte
            # on the odd offsets (little-endian) or the even ones (big-endian).
            odd, even = sample[1::2].count(0), sample[0::2].count(0)
            guess = "utf-16-le" if odd > 4 * even else "utf-16-be" if even > 4 * odd else None
            if guess is not None:
                try:
                    text = data[: len(data) - len(data) % 2].decode(guess)
                except UnicodeDecodeError:
                    text = ""
        if not text:
            best = from_bytes(data[:262144], cp_isolation=["gb18030", "utf_16", "big5", "utf_8"]).best()
            encoding = best.encoding if best is not None else "gb18030"
            try:
                text = data.decode(encoding)
            except (UnicodeDecodeError, LookupError) as exc:
                raise DecodeError("the file is not text in any encoding this library reads") from exc
    if _looks_binary(text):
        raise DecodeError("the file is binary, not text (for PDF or Word files, use the matching reader)")
    return text


def _utf8_tail_cut(data: bytes) -> int:
    """How many bytes at the end belong to a UTF-8 character cut short (0 to 3)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 != 0x80:  # a lead byte or ASCII
            need = 1 if byte < 0x80 else 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4
            return back if need > back else 0
    return 0
