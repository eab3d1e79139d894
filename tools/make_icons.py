"""Draw the app icons (192/512, plain and maskable) with Pillow: the favicon's two overlapping
circles, two people side by side. Run: .venv/bin/python tools/make_icons.py (writes static/img)."""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
PAPER = (251, 248, 243, 255)
GREEN = (47, 111, 98, 255)
AMBER = (224, 164, 88, 217)


def draw(size: int, maskable: bool) -> Image.Image:
    """Maskable icons fill the square with colour and keep the mark inside the 80% safe zone."""
    scale = 4  # draw large, shrink: smooth edges without anti-aliasing support in ImageDraw
    big = size * scale
    image = Image.new("RGBA", (big, big), GREEN if maskable else (0, 0, 0, 0))
    if not maskable:
        ImageDraw.Draw(image).rounded_rectangle(
            (0, 0, big - 1, big - 1), radius=big // 5, fill=PAPER
        )
    mark = 0.62 if maskable else 0.8  # share of the square the two circles span
    radius = big * mark / 2 * 9 / 17  # the favicon: circles of r=9 at x=12 and x=20 in a 32 box
    centre_gap = radius * 8 / 9
    cx, cy = big / 2, big / 2
    left = GREEN if not maskable else PAPER
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    x = cx - centre_gap / 2
    pen.ellipse((x - radius, cy - radius, x + radius, cy + radius), fill=left)
    image.alpha_composite(layer)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    x = cx + centre_gap / 2
    ImageDraw.Draw(layer).ellipse((x - radius, cy - radius, x + radius, cy + radius), fill=AMBER)
    image.alpha_composite(layer)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    for size in (192, 512):
        draw(size, False).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, True).save(OUT / f"icon-maskable-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
