"""The PDF helper: a template becomes a PDF that reads back with its text, and renders to PNG pages."""

import logging

import pytest

from pathways.pdf import html_to_pdf, pdf_text, pdf_to_png_pages


def test_html_becomes_a_pdf_whose_text_reads_back():
    pdf = html_to_pdf("<h1>Parent progress report</h1><p>Attendance 92.5%</p>")
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Parent progress report" in text
    assert "Attendance 92.5%" in text


def test_each_page_renders_to_a_png():
    html = "<p>one</p><p style='break-before: page'>two</p>"
    pages = pdf_to_png_pages(html_to_pdf(html))
    assert len(pages) == 2
    assert all(page.startswith(b"\x89PNG") for page in pages)


def test_a_report_never_fetches_from_the_network():
    # An image from elsewhere is left out rather than fetched; the document still renders.
    pdf = html_to_pdf('<p>before</p><img src="http://example.com/tracker.png"><p>after</p>')
    assert "after" in pdf_text(pdf)


def test_the_sites_stylesheet_is_read_from_disk():
    pdf = html_to_pdf('<link rel="stylesheet" href="/static/vendor/pathways.css"><h1 class="govuk-heading-l">x</h1>')
    assert pdf_text(pdf).strip() == "x"


def test_weasyprints_notes_on_the_screen_stylesheet_are_dropped_and_its_other_warnings_kept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    html = ('<style>@media (min-width: 40.0625em) { p { color: red } } p { user-select: none }</style>'
            '<p>Hello</p><img src="https://example.org/tracker.png" alt="">')
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        html_to_pdf(html)
    said = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    assert not [m for m in said if "media type" in m or "user-select" in m]
    assert any("tracker.png" in m for m in said)  # the refused image is still reported
