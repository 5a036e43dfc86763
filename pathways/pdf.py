"""HTML templates rendered as PDF documents (WeasyPrint), and PDF pages rendered back to PNG images.

The same template serves the page and the PDF: a report's HTML is what gets printed. WeasyPrint is
imported on first use, so that a machine without Pango still runs everything but the PDFs, and says
what is missing when a PDF is asked for.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class _StylesheetNoise(logging.Filter):
    """Drop WeasyPrint's notes on the screen stylesheet it does not apply to paper (media queries and
    properties it does not know: some 250 lines a PDF, all harmless), and keep everything else it says,
    a refused image for one."""

    NOISE = ("Invalid media type", "Expected a media type", "Ignored `")

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.NOISE)


logging.getLogger("weasyprint").addFilter(_StylesheetNoise())


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot load its system libraries (Pango)."""


def _fetcher() -> Any:
    """Serve /static/ files from disk and data: URLs; refuse everything else, so a report never fetches
    from the network (a refused image is left out, with a warning in the log)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = url.split("://", 1)[-1]
            path = path[path.find("/"):] if "/" in path else path
            if path.startswith(static):
                found = finders.find(path[len(static):])
                if isinstance(found, str):
                    with open(found, "rb") as f:
                        body = f.read()
                    content_type = "text/css" if path.endswith(".css") else "application/octet-stream"
                    return URLFetcherResponse(url, body, headers={"Content-Type": content_type})
            raise ValueError(f"Reports do not fetch {url}")

    return StaticOnly(allowed_protocols=("data", "http", "https"))


def html_to_pdf(html: str, base_url: str = "http://pathways.invalid/") -> bytes:
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango missing
        raise PdfUnavailable(
            "PDFs need Pango: install libpango-1.0-0 and libpangoft2-1.0-0 (scripts/bootstrap does this as root)"
        ) from exc
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf()  # type: ignore[no-any-return]


def render_pdf(template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """The template rendered as HTML with `pdf` true in its context, then as a PDF."""
    html = render_to_string(template_name, {**context, "pdf": True}, request=request)
    return html_to_pdf(html)


def pdf_response(template_name: str, context: dict[str, Any], request: HttpRequest, filename: str,
                 *, inline: bool = True) -> HttpResponse:
    pdf = render_pdf(template_name, context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def pdf_to_png_pages(pdf: bytes, scale: float = 1.5) -> list[bytes]:
    """Each page of the PDF as PNG bytes: for looking at a report as it prints, and for tests."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            image = page.render(scale=scale).to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG")
            pages.append(out.getvalue())
    finally:
        document.close()
    return pages


def pdf_text(pdf: bytes) -> str:
    """All the text of the PDF, page after page: for tests that a report reads correctly."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
