"""PDF files: every page's text, each page's span kept in the provenance, damaged files as one error."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import InputError
from corridor.model import Document
from corridor.sources.pdf import page_of, read_pdf
from corridor.sources.reading import read_inputs

from .conftest import ENERGY, FISHERIES, TRADE, pdf_bytes

PAGES = [" ".join(ENERGY), " ".join(TRADE), " ".join(FISHERIES)]


def read_one(path: Path) -> Document | InputError:
    [item] = list(read_inputs([str(path)]))
    return item


def normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    path = tmp_path / "release.pdf"
    path.write_bytes(pdf_bytes(PAGES))
    return path


def test_pdf_reads_every_page_in_order(three_pages: Path) -> None:
    doc = read_one(three_pages)
    assert isinstance(doc, Document)
    assert doc.title == "Joint press release"
    positions = [normal(doc.text).find(normal(page)) for page in PAGES]
    assert -1 not in positions and positions == sorted(positions)


def test_pdf_provenance_keeps_each_pages_span(three_pages: Path) -> None:
    doc = read_one(three_pages)
    assert isinstance(doc, Document)
    pages = doc.provenance["pages"]
    assert [p["page"] for p in pages] == [1, 2, 3]
    for page, expected in zip(pages, PAGES, strict=True):
        assert normal(doc.text[page["start"] : page["end"]]) == normal(expected)


def test_pdf_page_of_maps_an_offset_to_its_page(three_pages: Path) -> None:
    doc = read_one(three_pages)
    assert isinstance(doc, Document)
    assert page_of(doc.provenance, doc.text.index("Nairobi")) == 2
    assert page_of(doc.provenance, doc.text.index("Rabat")) == 3
    assert page_of(doc.provenance, doc.text.index("Lahore")) == 1


def test_pdf_is_recognised_without_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "download"
    path.write_bytes(pdf_bytes(PAGES[:1]))
    doc = read_one(path)
    assert isinstance(doc, Document) and "Joint Working Group on Energy" in normal(doc.text)


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9])
def test_pdf_truncated_is_one_clear_error(tmp_path: Path, keep: float) -> None:
    data = pdf_bytes(PAGES)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    err = read_one(path)
    assert isinstance(err, InputError)
    assert err.reason.startswith("PDF cannot be read (") and "truncated or damaged" in err.reason


def test_pdf_without_text_layer_says_to_run_ocr(tmp_path: Path) -> None:
    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(blank.output()))
    err = read_one(path)
    assert isinstance(err, InputError) and "no text layer" in err.reason


def test_pdf_text_over_the_size_cap_is_refused() -> None:
    with pytest.raises(ValueError, match="PDF text is larger than the"):
        read_pdf(pdf_bytes(PAGES), "big.pdf", None, limit=len(PAGES[0]) + 10)
    assert read_pdf(pdf_bytes(PAGES), "big.pdf", None, limit=10_000).provenance["pages"][-1]["page"] == 3
