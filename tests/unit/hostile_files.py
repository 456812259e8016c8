"""Builders of hostile files shared by the tests and ``benchmarks/bench_hostile.py``, so that the
benchmark times the very files the tests refuse (nothing large is kept in the repository)."""

from __future__ import annotations

import io
import struct
import zipfile


def one_page_pdf(stream: bytes) -> bytes:
    """A one-page PDF whose content stream is ``stream``, already Flate-compressed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    out.write(trailer % (len(objects) + 1, xref))
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A deflated zip archive of these members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_declared_size(data: bytes, size: int) -> bytes:
    """The archive with every member's headers claiming ``size`` expanded bytes."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        position = patched.find(signature)
        while position >= 0:
            struct.pack_into("<I", patched, position + offset, size)
            position = patched.find(signature, position + 4)
    return bytes(patched)


def encrypted(data: bytes) -> bytes:
    """The archive with every member flagged as encrypted."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = patched.find(signature)
        while position >= 0:
            flags = struct.unpack_from("<H", patched, position + offset)[0]
            struct.pack_into("<H", patched, position + offset, flags | 1)
            position = patched.find(signature, position + 4)
    return bytes(patched)


def docx_parts(body: bytes) -> dict[str, bytes]:
    """The parts of a minimal Word document (python-docx's default template), body replaced."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    head, _, rest = parts["word/document.xml"].partition(b"<w:body>")
    tail = rest.partition(b"</w:body>")[2]
    parts["word/document.xml"] = head + b"<w:body>" + body + b"</w:body>" + tail
    return parts
