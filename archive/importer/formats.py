"""Which reader reads a document, and the checks that refuse a document
before any reader sees it: unreadable, encrypted, scanned without text, or
of a kind we do not read. Each refusal is one clear message naming the file
and what was expected."""
from __future__ import annotations

import importlib
from pathlib import Path

from .model import ImportedMeeting, ImportError_

# Suffix → reader module (archive/importer/<module>.py).
READERS = {".txt": "text", ".docx": "docx", ".html": "firstagenda_html", ".htm": "firstagenda_html",
           ".pdf": "firstagenda_pdf"}
EXPECTED = "a Word document (.docx), its text export (.txt), a FirstAgenda page (.html) or PDF export (.pdf)"


def read(path: Path, ocr: bool | None = None, content: Path | None = None) -> ImportedMeeting:
    """The meeting a document holds. ``ocr``: the text is OCR output with
    damaged Danish letters (None: decide from the text); its repair uses the
    words of the archive in ``content``."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ImportError_(f"{path.name}: not a document we read; expected {EXPECTED}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise ImportError_(f"{path.name}: the file is empty; expected {EXPECTED}")
    if reader == "firstagenda_pdf":
        _check_pdf(path)
    if reader == "docx" and not data.startswith(b"PK"):
        raise ImportError_(f"{path.name}: not a Word .docx file (a .docx is a zip archive); "
                           "save it from Word as .docx, or export its text as .txt")
    if reader == "text":
        text = _text(path, data)
        if ocr or (ocr is None and looks_like_ocr(text)):
            reader = "ocr"
    module = importlib.import_module(f".{reader}", __package__)
    try:
        meeting = module.read(path, content=content) if reader == "ocr" and content else module.read(path)
        meeting.reader = reader
        return meeting
    except ImportError_:
        raise
    except (ValueError, KeyError, IndexError, OSError) as exc:
        raise ImportError_(f"{path.name}: not recognised as {EXPECTED} ({type(exc).__name__}: {exc})") from None


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(f"{path.name}: not UTF-8 text; export the document as UTF-8 text") from None


def _check_pdf(path: Path) -> None:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(path) as pdf:
            if not any((page.extract_text() or "").strip() for page in pdf.pages[:3]):
                raise ImportError_(f"{path.name}: a PDF without text (scanned pages?); expected a PDF export "
                                   "with text — run OCR on it and import the text (.txt)")
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportError_(f"{path.name}: the PDF is encrypted; expected an unprotected PDF export") from None
    except PDFSyntaxError:
        raise ImportError_(f"{path.name}: not a readable PDF; expected {EXPECTED}") from None
    except ImportError_:
        raise
    except Exception as exc:  # pdfminer raises many kinds for damaged files; pdfplumber wraps them
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ImportError_(f"{path.name}: the PDF is encrypted; expected an unprotected PDF export") from None
        raise ImportError_(f"{path.name}: not a readable PDF ({type(exc).__name__}); expected {EXPECTED}") from None


def looks_like_ocr(text: str) -> bool:
    """Text whose Danish letters were damaged by OCR: many words that are not
    Danish but become Danish with one of OCR's usual confusions."""
    from .ocr_repair import damage_ratio
    return damage_ratio(text) > 0.01
