"""What the simulated document camera (高拍仪) sees: a desk from above, a page lying on it at a
perspective (a rendered document with Chinese text), the shadow it casts, and the citizen's
hand leaving it after placing it.

:class:`DeskScene` knows where the page's corners truly are (``corners(width, height)``), so
tests hold the page finder to them. Pages are drawn once per size with Pillow and the Noto CJK
font (fonts-noto-cjk) and warped onto the desk per frame; the same scene at any resolution
(a 800×600 preview, a 12 MP still) shows the same page in the same place.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

#: the documents the simulator can lay down: name → (layout, title, colour)
DOCUMENTS = {
    "application": ("a4", "行政许可申请书", False),
    "id_card": ("id_card", "居民身份证（复印件）", False),
    "booklet": ("booklet", "居民户口簿", False),
    "certificate": ("a4", "营业执照", True),
}
#: page sizes in millimetres (portrait)
_MM = {"a4": (210.0, 297.0), "id_card": (54.0, 85.6), "booklet": (88.0, 125.0)}
_FONT_PATHS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
               "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
_BODY = ("申请人（盖章）：示例科技有限公司　统一社会信用代码：91000000MA0000000X　"
         "住所：示例市示例区政务路1号　法定代表人：张示例　联系电话：010-00000000　"
         "申请事项：本单位申请办理该项行政许可，所提交的材料真实、合法、有效，"
         "如有虚假，愿承担相应的法律责任。材料清单：一、申请书；二、营业执照复印件；"
         "三、法定代表人身份证明；四、场所使用证明。")


def _font(size: int):
    from PIL import ImageFont

    for path in _FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


@lru_cache(maxsize=8)
def page_image(document: str, width: int) -> np.ndarray:
    """The document ``width`` pixels wide as a BGR array (paper white, black text, a red
    seal on a certificate, a table of fields)."""
    from PIL import Image, ImageDraw

    layout, title, colour = DOCUMENTS[document]
    mm_w, mm_h = _MM[layout]
    height = round(width * mm_h / mm_w)
    img = Image.new("RGB", (width, height), (250, 249, 244))
    d = ImageDraw.Draw(img)
    u = width / 100.0  # one hundredth of the width
    if colour:  # a certificate's border
        d.rectangle([3 * u, 3 * u, width - 3 * u, height - 3 * u], outline=(170, 120, 40),
                    width=max(2, round(u)))
    tf = _font(max(10, round(7 * u)))
    tw = d.textlength(title, font=tf)
    d.text(((width - tw) / 2, 8 * u), title, font=tf, fill=(20, 20, 20))
    bf = _font(max(8, round(3.4 * u)))
    per_line = max(4, int(84 * u / (3.4 * u)))
    y = 22 * u
    text = _BODY * 3
    i = 0
    while y < height - 30 * u and i < len(text):
        d.text((8 * u, y), text[i:i + per_line], font=bf, fill=(25, 25, 25))
        i += per_line
        y += 5.2 * u
    # a table of fields at the bottom
    top = height - 26 * u
    for r in range(4):
        d.line([(8 * u, top + r * 5 * u), (92 * u, top + r * 5 * u)], fill=(40, 40, 40),
               width=max(1, round(u / 3)))
    d.line([(8 * u, top), (8 * u, top + 15 * u)], fill=(40, 40, 40), width=max(1, round(u / 3)))
    d.line([(92 * u, top), (92 * u, top + 15 * u)], fill=(40, 40, 40), width=max(1, round(u / 3)))
    if colour:  # the issuing authority's red seal
        r = 11 * u
        cx, cy = width - 25 * u, height - 22 * u
        d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(200, 30, 30), width=max(2, round(u)))
        sf = _font(max(8, round(3 * u)))
        d.text((cx - 6 * u, cy - 2 * u), "示例市", font=sf, fill=(200, 30, 30))
    arr = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True)
class Placement:
    """Where the page lies, in fractions of the picture: its centre, how much of the
    picture's height its long side takes, its turn on the desk (degrees), and the camera's
    tilt (the far edge shorter: a perspective, ``tilt`` 0 = straight down)."""

    cx: float = 0.5
    cy: float = 0.52
    size: float = 0.8
    angle: float = 4.0
    tilt: float = 0.08  # the top edge this much narrower than the bottom, per side
    skew: float = 0.0  # the left edge this much shorter than the right (seen from aside)


#: perspectives the tests and the simulator's "move" action go through
PLACEMENTS = (
    Placement(),
    Placement(cx=0.45, cy=0.5, size=0.75, angle=-8.0, tilt=0.12),
    Placement(cx=0.55, cy=0.55, size=0.7, angle=12.0, tilt=0.05, skew=0.06),
    Placement(cx=0.5, cy=0.48, size=0.85, angle=0.0, tilt=0.15),
    Placement(cx=0.52, cy=0.5, size=0.65, angle=25.0, tilt=0.0, skew=-0.05),
)


@dataclass
class DeskScene:
    """A desk with ``document`` lying at ``placement`` (None: the desk is empty). The hand
    that put it there leaves over ``hand_s`` seconds after ``placed_at``."""

    document: str | None = "application"
    placement: Placement = field(default_factory=Placement)
    placed_at: float = -100.0
    hand_s: float = 1.2
    #: the last still picture composed, by size (the scene is immutable once the hand left)
    _still: tuple | None = field(default=None, repr=False, compare=False)

    def corners(self, width: int, height: int) -> np.ndarray | None:
        """The page's true corners in a ``width``×``height`` picture (top-left, top-right,
        bottom-right, bottom-left as the page reads), or None for an empty desk."""
        if self.document is None:
            return None
        layout = DOCUMENTS[self.document][0]
        mm_w, mm_h = _MM[layout]
        p = self.placement
        # an ID card is small on the desk; a booklet page between it and A4
        long_px = p.size * height * {"a4": 1.0, "booklet": 0.7, "id_card": 0.5}[layout]
        ph, pw = long_px, long_px * mm_w / mm_h
        if mm_w > mm_h:
            pw, ph = long_px, long_px * mm_h / mm_w
        base = np.float32([[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2],
                           [-pw / 2, ph / 2]])
        a = math.radians(p.angle)
        rot = np.float32([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
        pts = base @ rot.T + np.float32([p.cx * width, p.cy * height])
        # the perspective: points near the top drawn towards the centre line (far away)
        cx = p.cx * width
        ys = (pts[:, 1] - pts[:, 1].min()) / max(1.0, float(np.ptp(pts[:, 1])))
        pts[:, 0] = cx + (pts[:, 0] - cx) * (1 - p.tilt * (1 - ys))
        xs = (pts[:, 0] - pts[:, 0].min()) / max(1.0, float(np.ptp(pts[:, 0])))
        cy = p.cy * height
        pts[:, 1] = cy + (pts[:, 1] - cy) * (1 - p.skew * (1 - xs))
        return pts.astype(np.float32)

    def hand_at(self, t: float) -> float:
        """0 (the hand flat on the page) … 1 (gone) at ``t``."""
        if self.hand_s <= 0:
            return 1.0
        return float(min(1.0, max(0.0, (t - self.placed_at) / self.hand_s)))

    def render(self, width: int, height: int, t: float = 1e9, n: int = 0) -> np.ndarray:
        """Frame ``n`` at ``t`` seconds. Composed in 8-bit with OpenCV (a 5–12 MP still in a
        fraction of a second): the desk shaded by the page's shadow, the page lit by the
        lamp, the hand over both while it is there, sensor noise."""
        gone = self.hand_at(t) >= 1.0
        key = (width, height)
        if gone and self._still is not None and self._still[0] == key:
            img = self._still[1]  # nothing moves: only the sensor noise changes
        else:
            img = self._compose(width, height, t)
            if gone:
                self._still = (key, img)
        # sensor noise, different every frame (a picture that never changes is "frozen"):
        # one fixed field shifted by the frame number (drawing a new one costs more than the
        # rest of the picture at 12 MP)
        noise = _noise(width, height)
        if n:
            noise = np.roll(noise, (n * 7) % width, axis=1)
        return cv2.add(img, noise, dtype=cv2.CV_8U)

    def _compose(self, width: int, height: int, t: float) -> np.ndarray:
        img = _desk(width, height).copy()
        corners = self.corners(width, height)
        if corners is not None:
            src_w = min(2480, max(300, int(np.ptp(corners[:, 0]) * 1.2)))
            page = page_image(self.document, _bucket(src_w))
            ph, pw = page.shape[:2]
            src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
            m = cv2.getPerspectiveTransform(src, corners)
            # the page's shadow (its outline offset towards the bottom right, blurred) and the
            # lamp's falloff, worked out at a quarter of the size: both are smooth
            q = 4
            sw, sh = max(1, width // q), max(1, height // q)
            shadow = np.zeros((sh, sw), np.float32)
            off = np.float32([0.012 * width, 0.016 * height])
            cv2.fillConvexPoly(shadow, ((corners + off) / q).astype(np.int32), 1.0)
            shadow = cv2.GaussianBlur(shadow, (0, 0), 0.01 * sw + 1)
            yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
            light = 1.0 - 0.12 * (xx / sw + yy / sh) / 2
            shade = cv2.resize(((1 - 0.45 * shadow) * 255).astype(np.uint8), (width, height))
            light = cv2.resize((light * 255).astype(np.uint8), (width, height))
            img = cv2.multiply(img, cv2.merge([shade] * 3), scale=1 / 255)
            warped = cv2.warpPerspective(page, m, (width, height), flags=cv2.INTER_LINEAR)
            warped = cv2.multiply(warped, cv2.merge([light] * 3), scale=1 / 255)
            mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), m, (width, height),
                                       flags=cv2.INTER_NEAREST)
            cv2.copyTo(warped, mask, img)
            gone = self.hand_at(t)
            if gone < 1.0:
                img = np.clip(_hand(img.astype(np.float32), corners, gone, width, height), 0,
                              255).astype(np.uint8)
        return img


def _bucket(w: int) -> int:
    """Page widths rounded so the page cache serves every size of one stream."""
    return max(200, round(w / 200) * 200)


@lru_cache(maxsize=2)
def _noise(width: int, height: int) -> np.ndarray:
    """Sensor grain, 0–4 added (one fixed field per size, shifted per frame)."""
    field_ = np.random.default_rng(3).integers(0, 5, (height, width, 3), dtype=np.uint8)
    field_.flags.writeable = False
    return field_


@lru_cache(maxsize=4)
def _desk(width: int, height: int) -> np.ndarray:
    """A dark grey desk mat with a faint grain (not flat: real mats are not)."""
    rng = np.random.default_rng(7)
    grain = rng.normal(0, 1, (max(1, height // 8), max(1, width // 8))).astype(np.float32)
    grain = cv2.resize(cv2.GaussianBlur(grain, (0, 0), 2), (width, height))
    base = np.empty((height, width, 3), np.float32)
    base[:] = (72, 76, 80)
    base += 6 * grain[..., None]
    out = np.clip(base, 0, 255).astype(np.uint8)
    out.flags.writeable = False
    return out


def _hand(img: np.ndarray, corners: np.ndarray, gone: float, width: int,
          height: int) -> np.ndarray:
    """The citizen's hand (palm and four fingers, skin-coloured, with its shadow) over the
    page's lower right, sliding out of the picture as ``gone`` goes from 0 to 1."""
    if gone >= 1.0:
        return img
    br = corners[2]
    travel = np.float32([0.6 * width, 0.6 * height]) * gone
    palm = br - np.float32([0.12 * width, 0.14 * height]) + travel
    r = 0.09 * width
    hand = np.zeros((height, width), np.float32)
    cv2.ellipse(hand, (int(palm[0]), int(palm[1])), (int(r), int(r * 1.2)), 30, 0, 360, 1.0, -1)
    for k in range(4):
        a = math.radians(200 + k * 18)
        tip = palm + np.float32([math.cos(a), math.sin(a)]) * r * 2.1
        cv2.line(hand, (int(palm[0]), int(palm[1])), (int(tip[0]), int(tip[1])), 1.0,
                 max(2, int(r * 0.38)))
    cv2.line(hand, (int(palm[0]), int(palm[1])), (width * 2, height * 2), 1.0, int(r * 1.6))
    shift = np.float32([[1, 0, 0.02 * width], [0, 1, 0.02 * height]])
    shadow = cv2.GaussianBlur(cv2.warpAffine(hand, shift, (width, height)), (0, 0),
                              0.01 * width + 1)
    img = img * (1 - 0.4 * shadow)[..., None]
    hand = cv2.GaussianBlur(hand, (0, 0), 1.5)[..., None]
    return img * (1 - hand) + np.float32([120, 150, 205]) * hand

