"""Cover art: generate one that meets Apple's rules, and check a user's against them."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

from narrator.core.errors import NarratorError
from narrator.core.formats import IMAGE_TYPES, JPEG_MIME, PNG_MIME

MIN_SIDE, MAX_SIDE = 1400, 3000
"""Apple Podcasts: square artwork between 1400 and 3000 pixels a side."""
_TYPES = {"PNG": PNG_MIME, "JPEG": JPEG_MIME}
"""Pillow's names of the image formats a cover may be, with their MIME types."""
_FORMATS = {fmt: tuple(suffix for suffix, mime in IMAGE_TYPES.items() if mime == kind)
            for fmt, kind in _TYPES.items()}


def generate_cover(title: str, path: Path, side: int = MIN_SIDE) -> Path:
    """Write a square PNG cover with the show's title on a colour derived from it."""
    from PIL import Image, ImageDraw, ImageFont

    digest = hashlib.sha256(title.encode()).digest()
    hue = digest[0] / 255
    background = tuple(int(40 + 80 * c) for c in (hue, 1 - hue, 0.5 + hue / 2))
    image = Image.new("RGB", (side, side), background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=side // 10)
    lines = textwrap.wrap(title, width=14)[:5] or ["narrator"]
    line_height = side // 8
    top = (side - line_height * len(lines)) // 2
    for index, line in enumerate(lines):
        draw.text((side // 2, top + index * line_height + line_height // 2), line,
                  font=font, fill=(250, 250, 245), anchor="mm")
    draw.rectangle([side // 12, side - side // 8, side - side // 12, side - side // 8 + 12],
                   fill=(250, 250, 245))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    return path


def check_artwork(path: Path) -> str:
    """Return the image's MIME type, or raise NarratorError saying which rule it breaks."""
    if not path.is_file():
        raise NarratorError("artwork file not found (set show.artwork in narrator.toml)", path)
    # Imported here: a build whose cover was checked before (build.context.Cover) need not.
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            fmt, (width, height), mode = image.format, image.size, image.mode
            image.verify()  # a cut-off or damaged file fails here, not in every app
    except Image.DecompressionBombError:
        raise NarratorError(f"artwork is far too large; it must be {MIN_SIDE} to {MAX_SIDE} px "
                            "a side", path) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise NarratorError("artwork is not a readable image (damaged or cut short?)",
                            path) from None
    if fmt not in _FORMATS:
        raise NarratorError(f"artwork must be PNG or JPEG, not {fmt}", path)
    if path.suffix.lower() not in _FORMATS[fmt]:
        raise NarratorError(f"artwork is {fmt} but its name ends in '{path.suffix}'", path)
    if width != height:
        raise NarratorError(f"artwork must be square, it is {width}x{height}", path)
    if not MIN_SIDE <= width <= MAX_SIDE:
        raise NarratorError(f"artwork must be {MIN_SIDE} to {MAX_SIDE} px a side, it is {width}",
                            path)
    if mode not in ("RGB", "RGBA", "P", "L"):
        raise NarratorError(f"artwork must be RGB, it is {mode}", path)
    return _TYPES[fmt]
