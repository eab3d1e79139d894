"""QR codes drawn locally with segno (no network), as inline SVG without style attributes."""

import io

import segno
from markupsafe import Markup


def qr_svg(url: str, title: str) -> Markup:
    """An SVG QR code for `url`, sized by CSS, with an accessible title."""
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        title=title,
        svgclass="qr",
        lineclass="qr-line",
        border=2,
    )
    return Markup(buffer.getvalue().decode())
