"""Draws the source app icon: 惠 in white on a rounded square.

Run once by a developer (needs Pillow and a CJK font such as Debian's fonts-noto-cjk);
`npx tauri icon` then derives every platform size from the 1024 px PNG. The generated
icons are committed, so building the app needs neither Pillow nor the font.
"""

import sys

from PIL import Image, ImageDraw, ImageFont

SIZE = 1024
RED = (196, 30, 58)  # 中国红, the usual colour of government-service apps
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FONT_INDEX = 2  # face 2 of the collection is the Simplified Chinese (SC) face


def main(out_path: str) -> None:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    margin = 64
    draw.rounded_rectangle(
        (margin, margin, SIZE - margin, SIZE - margin), radius=180, fill=RED
    )
    font = ImageFont.truetype(FONT, 640, index=FONT_INDEX)
    draw.text((SIZE / 2, SIZE / 2), "惠", font=font, fill="white", anchor="mm")
    img.save(out_path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "app-icon.png")
