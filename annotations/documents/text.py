"""A document's bytes as text: decoding (UTF-8, a BOM, or a detected encoding) and newlines.

What both the document loader and the importers need, kept apart so that neither imports the other.
"""

from __future__ import annotations

from annotations.errors import DocumentError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (a Word or OpenDocument file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
)

_WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")
_CHAOS_TOLERANCE = 0.05


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a document's bytes to text, returning ``(text, encoding)``.

    UTF-8 is expected; a BOM selects UTF-8/16/32; other encodings are detected with
    charset-normalizer or refused with a message naming the file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise DocumentError(
                    name, f"not valid {encoding} ({error.reason} at byte {error.start})"
                ) from None
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise DocumentError(
                name,
                f"binary file ({what}), not a text document; policy-annotate reads UTF-8 text (.txt, .md)",
            )
    if b"\x00" in data[:65536]:
        raise DocumentError(
            name,
            "binary file (contains NUL bytes), not a text document; policy-annotate reads UTF-8 text (.txt, .md)",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 file

    results = from_bytes(data)
    best = results.best()
    if best is None or best.encoding is None:
        raise DocumentError(
            name,
            f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
            "and its encoding could not be detected; convert it to UTF-8",
        )
    # On short texts the detector often cannot tell Western European from Central European or
    # Baltic code pages (all fit "café" equally well). Non-UTF-8 policy documents are most often
    # Windows-1252/Latin-1, so prefer a decoding that fits it about as well as the best guess.
    for match in results:
        western = [e for e in _WESTERN_ENCODINGS if e in match.could_be_from_charset]
        if western and match.chaos <= best.chaos + _CHAOS_TOLERANCE:
            return str(match), western[0]
    return str(best), best.encoding


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
