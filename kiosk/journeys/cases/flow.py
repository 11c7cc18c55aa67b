"""在线申报 step by step (no Qt).

ID card → the service item (the guide's list, with its materials) → each material in turn:
from a source (the document camera's scan, a USB stick's files — each a pluggable
:class:`Source`, offered while its device works), "will bring it to the window" where the
item accepts it missing (容缺受理), or left out when the guide says it is optional; the ID
card itself counts as read → a mobile number for the result → how the result comes: picked
up at the window, or by express post (district, road, house number on the keypad) → review
→ submit (the case and its materials durably in the outbox: delivered in order when the
server answers) → the receipt with the case number and a QR code of its progress page.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.flows.validate import MOBILE_LEN, valid_mobile
from kiosk.journeys.base import N_, Journey
from kiosk.journeys.cases.receipt import CaseReceipt
from kiosk.journeys.steps.idcard import CardStep, IdCardStep
from kiosk.journeys.steps.keypad import KeypadEntry
from kiosk.journeys.steps.printing import PrintStep

log = logging.getLogger(__name__)

IDCARD, CATEGORY, ITEM, MATERIAL, MOBILE, DELIVERY, DISTRICT, ROAD, HOUSE, REVIEW, WORKING, \
    DONE = ("idcard", "category", "item", "material", "mobile", "delivery", "district", "road",
            "house", "review", "working", "done")
#: more items than this: the citizen picks the category first (a hall has hundreds)
FLAT_LIST_MAX = 12
PAGE_SIZE = 6
PAGE_SIZE_ELDER = 4
HOUSE_DIGITS = 4

#: how a material is handed in (MaterialChoice.how)
PROVIDED, AT_WINDOW, SKIPPED, CARD_READ = "provided", "at_window", "skipped", "card_read"

#: the sources of materials this journey can offer, in the order of their buttons
SOURCE_WORDS = {"scan": (N_("用高拍仪扫描"), N_("把纸质材料放在高拍仪下")),
                "usb": (N_("从U盘导入"), N_("PDF、JPG或PNG文件"))}

#: fictitious districts and roads of the demo city for an express-post address
DISTRICTS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "东城区": ("Dongcheng", (("和平里大街", "Hepingli Dajie"), ("光明路", "Guangming Lu"),
                           ("示范街", "Shifan Jie"), ("建设路", "Jianshe Lu"))),
    "西城区": ("Xicheng", (("民主路", "Minzhu Lu"), ("文化街", "Wenhua Jie"),
                         ("育才路", "Yucai Lu"), ("长青路", "Changqing Lu"))),
    "南湖区": ("Nanhu", (("湖滨路", "Hubin Lu"), ("春晖街", "Chunhui Jie"),
                       ("友谊路", "Youyi Lu"))),
    "北山区": ("Beishan", (("山前路", "Shanqian Lu"), ("新华街", "Xinhua Jie"),
                         ("幸福路", "Xingfu Lu"))),
    "高新区": ("Hi-tech Zone", (("创业大道", "Chuangye Dadao"), ("科技路", "Keji Lu"),
                              ("软件园路", "Ruanjianyuan Lu"))),
    "经开区": ("Economic Zone", (("兴业路", "Xingye Lu"), ("工业大道", "Gongye Dadao"))),
}


class Source(Protocol):
    """A material source (kiosk.journeys.steps.docscan / usbimport, or a test's stand-in):
    ``start(name, on_done=…, on_cancel=…)`` goes to its own steps and calls back with a
    :class:`~kiosk.journeys.steps.materials.Material`; ``available`` says whether its device
    works now."""

    @property
    def available(self) -> bool: ...

    def start(self, name: str, *, on_done, on_cancel, **kw) -> None: ...


def build_sources(journey: Journey) -> dict[str, Any]:
    """The sources whose steps and screens exist on this kiosk (each is another's module: a
    source whose step class or screens are missing is not offered)."""
    out: dict[str, Any] = {}
    if _has("kiosk.ui.docscan_screens"):
        try:
            from kiosk.journeys.steps.docscan import ScanMaterial
        except ImportError:
            pass
        else:
            out["scan"] = journey.uses(ScanMaterial(journey, live_step="scan",
                                                    pages_step="scan_pages"))
    if _has("kiosk.ui.usb_screens"):
        try:
            from kiosk.journeys.steps.usbimport import UsbImport
        except ImportError:
            pass
        else:
            out["usb"] = journey.uses(UsbImport(journey, insert_step="usb",
                                                files_step="usb_files", take_step="usb_take"))
    return out


def _has(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


@dataclass
class MaterialChoice:
    """One material of the item's guide and how the citizen hands it in."""

    name: str
    name_en: str = ""
    required: bool = True
    lenient: bool = False  # may be brought to the window later (容缺受理)
    how: str | None = None  # PROVIDED, AT_WINDOW, SKIPPED, CARD_READ; None: not yet
    material: Any = None  # the Material (PDF) when provided
    source: str = ""

    @property
    def done(self) -> bool:
        return self.how is not None

    @property
    def pages(self) -> int:
        return getattr(self.material, "pages", 0) if self.material is not None else 0


@dataclass
class Address:
    district: str = ""
    road: str = ""
    house: str = ""

    def text(self) -> str:
        return f"{self.district}{self.road}{self.house}号" if self.house else ""

    def text_en(self) -> str:
        d = DISTRICTS.get(self.district)
        if d is None or not self.house:
            return ""
        road = dict(d[1]).get(self.road, self.road)
        return f"No. {self.house} {road}, {d[0]}"


@dataclass
class Application:
    item: dict | None = None
    materials: list[MaterialChoice] = field(default_factory=list)
    delivery: str = "pickup"  # or "post"
    address: Address = field(default_factory=Address)


def is_id_card(m: dict) -> bool:
    """The ID card in a guide's list: read at the start, nothing to scan."""
    return "身份证" in m.get("name", "") and bool(m.get("original", True)) \
        and "复印" not in m.get("name", "")


class ApplyJourney(Journey):
    FIRST_STEP = IDCARD
    #: the material sources' own steps (kiosk.journeys.steps.docscan / usbimport)
    SOURCE_STEPS = ("scan", "scan_pages", "usb", "usb_files", "usb_take")
    #: only while the card is asked for: a reader lost later must not drop an application
    #: the citizen has half made (the card was read; nothing else needs the reader)
    INPUT_STEPS = frozenset({IDCARD})
    RESULT_STEPS = frozenset({DONE})

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.card = self.uses(IdCardStep(self, IDCARD, on_card=self._card_read))
        self.mobile = self.uses(KeypadEntry(self, MOBILE, max_digits=MOBILE_LEN))
        self.house = self.uses(KeypadEntry(self, HOUSE, max_digits=HOUSE_DIGITS))
        self.printing = self.uses(PrintStep(self, working_step=WORKING, done_step=DONE,
                                            failed_step=DONE))
        self.sources: dict[str, Any] = build_sources(self)
        self.items: list[dict] = []
        self.category: str | None = None  # the items shown are this category's (None: all)
        self.page = 0
        self.app = Application()
        self.index = 0  # the material on screen
        self.receipt: dict | None = None
        self.problem: str | None = None  # a material source's "nothing came of it" word code
        self._applicant: dict | None = None  # name and ID number, until the case holds them

    @property
    def progress(self) -> tuple[int, int] | None:
        order = {IDCARD: 1, CATEGORY: 2, ITEM: 2, MATERIAL: 3, MOBILE: 4, DELIVERY: 4, DISTRICT: 4,
                 ROAD: 4, HOUSE: 4, REVIEW: 5, **{s: 3 for s in self.SOURCE_STEPS}}
        return (order[self.step], 5) if self.step in order else None

    def start(self) -> None:
        self.central.cases.items().then(self._items)
        if self.card.enter():
            self.go(IDCARD)
        else:
            self.fail("idcard_needed", (Action.STAFF, Action.HOME))

    # ------------------------------------------------------------------ ID card
    def _card_read(self, card) -> None:
        self._applicant = {"name": getattr(card, "name", ""),
                           "id_number": getattr(card, "id_number", "")}
        self.card.finish_lookup()

    @tap
    def idcard_next(self) -> None:
        if self.at(IDCARD) and self.card.state is CardStep.READ:
            self.card.leave()
            self._to_items()

    def _to_items(self) -> None:
        self.page = 0
        if len(self.items) > FLAT_LIST_MAX:
            self.category = None
            self.go(CATEGORY)
        else:
            self.go(ITEM)

    # ------------------------------------------------------------------ category
    def categories(self) -> list:
        """The hall's categories that have items to apply for (kiosk.services.Category)."""
        have = {i.get("category") for i in self.items}
        return [c for c in self.shell.state.categories if c.code in have]

    @tap
    def choose_category(self, code: str) -> None:
        if self.at(CATEGORY) and any(c.code == code for c in self.categories()):
            self.category, self.page = code, 0
            self.go(ITEM)

    # ------------------------------------------------------------------ item
    def _items(self, items) -> None:
        # items with something to hand in first: what a citizen applies for here
        self.items = [i for i in (items or []) if i.get("materials")]

    def page_size(self) -> int:
        return PAGE_SIZE_ELDER if self.shell.state.elder else PAGE_SIZE

    def listed_items(self) -> list[dict]:
        return [i for i in self.items if self.category is None or i.get("category") == self.category]

    def page_count(self) -> int:
        return max(1, math.ceil(len(self.listed_items()) / self.page_size()))

    def visible_items(self) -> list[dict]:
        self.page = min(self.page, self.page_count() - 1)
        size = self.page_size()
        return self.listed_items()[self.page * size:(self.page + 1) * size]

    @tap
    def page_next(self) -> None:
        if self.at(ITEM):
            self.page = min(self.page + 1, self.page_count() - 1)

    @tap
    def page_prev(self) -> None:
        if self.at(ITEM):
            self.page = max(self.page - 1, 0)

    @tap
    def choose_item(self, code: str) -> None:
        if not self.at(ITEM):
            return
        item = next((i for i in self.items if i["code"] == code), None)
        if item is None:
            return
        self._drop_materials()
        self.app = Application(item=item, materials=[
            MaterialChoice(m["name"], m.get("name_en", ""), bool(m.get("required", True)),
                           bool(m.get("lenient", False)), how=CARD_READ if is_id_card(m) else None)
            for m in item["materials"]])
        self.index = self._next_open(0)
        self._after_materials_or_show()

    # ------------------------------------------------------------------ materials
    @property
    def docscan(self):
        """The document camera's step (its screens find it here), or None."""
        return self.sources.get("scan")

    @property
    def usb(self):
        """The USB stick's step (its screens find it here), or None."""
        return self.sources.get("usb")

    @property
    def current(self) -> MaterialChoice | None:
        mats = self.app.materials
        return mats[self.index] if 0 <= self.index < len(mats) else None

    def to_hand_in(self) -> list[MaterialChoice]:
        """The materials the citizen deals with (the ID card was read: not among them)."""
        return [m for m in self.app.materials if m.how != CARD_READ]

    def position(self) -> tuple[int, int]:
        """(this material, of how many) among those to hand in."""
        mats = self.to_hand_in()
        cur = self.current
        return (mats.index(cur) + 1 if cur in mats else 0), len(mats)

    def offered_sources(self) -> list[str]:
        return [k for k in SOURCE_WORDS if k in self.sources and _up(self.sources[k])]

    def _next_open(self, start: int) -> int:
        mats = self.app.materials
        for i in range(start, len(mats)):
            if mats[i].how != CARD_READ:
                return i
        return len(mats)

    def _after_materials_or_show(self) -> None:
        self.problem = None
        if self.index >= len(self.app.materials):
            self.go(MOBILE)
        else:
            self.go(MATERIAL)

    @tap
    def use_source(self, key: str) -> None:
        m = self.current
        if not self.at(MATERIAL) or m is None or key not in self.offered_sources():
            return
        self.problem = None
        self.sources[key].start(m.name, on_done=lambda mat, k=key: self._provided(k, mat),
                                on_cancel=self._source_cancelled, **scan_hints(key, m.name))

    def _provided(self, key: str, material) -> None:
        m = self.current
        if m is None:
            return
        m.how, m.material, m.source = PROVIDED, material, key
        self.go(MATERIAL)

    def _source_cancelled(self) -> None:
        self.go(MATERIAL)

    @tap
    def bring_to_window(self) -> None:
        m = self.current
        if self.at(MATERIAL) and m is not None and m.lenient:
            m.how, m.material, m.source = AT_WINDOW, None, ""
            self.material_next()

    @tap
    def skip_material(self) -> None:
        m = self.current
        if self.at(MATERIAL) and m is not None and not m.required:
            m.how, m.material, m.source = SKIPPED, None, ""
            self.material_next()

    @tap
    def redo_material(self) -> None:
        m = self.current
        if self.at(MATERIAL) and m is not None:
            m.how, m.material, m.source = None, None, ""

    @tap
    def material_next(self) -> None:
        m = self.current
        if not self.at(MATERIAL) or m is None or not m.done:
            return
        self.index = self._next_open(self.index + 1)
        self._after_materials_or_show()

    # ------------------------------------------------------------------ contact, delivery
    @tap
    def mobile_next(self) -> None:
        if self.at(MOBILE) and valid_mobile(self.mobile.value):
            self.go(DELIVERY)

    @tap
    def choose_delivery(self, how: str) -> None:
        if not self.at(DELIVERY) or how not in ("pickup", "post"):
            return
        self.app.delivery = how
        if how == "pickup":
            self.go(REVIEW)
        else:
            self.go(DISTRICT)

    @tap
    def choose_district(self, name: str) -> None:
        if self.at(DISTRICT) and name in DISTRICTS:
            self.app.address = Address(district=name)
            self.go(ROAD)

    def roads(self) -> tuple[tuple[str, str], ...]:
        d = DISTRICTS.get(self.app.address.district)
        return d[1] if d else ()

    @tap
    def choose_road(self, name: str) -> None:
        if self.at(ROAD) and name in dict(self.roads()):
            self.app.address.road = name
            self.house.value = ""
            self.go(HOUSE)

    @tap
    def house_next(self) -> None:
        digits = self.house.digits
        if self.at(HOUSE) and digits and int(digits) > 0:
            self.app.address.house = str(int(digits))
            self.go(REVIEW)

    # ------------------------------------------------------------------ review, submit
    def missing(self) -> list[str]:
        return [m.name for m in self.app.materials if m.how == AT_WINDOW]

    @tap
    def submit(self) -> None:
        if not self.at(REVIEW) or self.busy or self.app.item is None:
            return
        self._send()

    def _send(self) -> None:
        self.working = "submitting"
        self.go(WORKING)
        mats = [{"name": m.name, "data": m.material.pdf, "content_type": "application/pdf",
                 "kind": "document" if m.source == "usb" else "scan"}
                for m in self.app.materials if m.how == PROVIDED]
        applicant = dict(self._applicant or {}, mobile=self.mobile.value)
        delivery: dict = {"method": self.app.delivery}
        if self.app.delivery == "post":
            delivery["address"] = self.app.address.text()
        self.central.cases.apply(self.app.item["code"], applicant, {}, mats,
                                 missing=self.missing(), delivery=delivery).then(
            self._submitted, self._submit_failed)

    def _submitted(self, receipt: dict) -> None:
        self.working = None
        self.receipt = dict(receipt)
        self._applicant = None  # the case holds it now (sealed in the outbox)
        self._drop_materials(keep_choices=True)  # the scans are in the outbox, not here
        if self.kind_up("printer"):
            self.printing.start(self.receipt_document())
        else:
            self.printing.problem = "printer_offline"
            self.go(DONE)
            self.shell.after_work()

    def receipt_document(self) -> CaseReceipt:
        item = self.app.item or {}
        st = self.shell.state
        return CaseReceipt(
            case_id=self.receipt["case_id"], at=self.receipt["submitted_at"],
            item_name=item.get("name", ""), hall_name=st.hall_name,
            masked_name=self.card.holder.masked_name if self.card.holder else "",
            provided=tuple((m.name, m.pages) for m in self.app.materials if m.how == PROVIDED),
            missing=tuple(self.missing()), delivery=self.app.delivery,
            address=self.app.address.text(), track_url=self.receipt.get("track_url", ""))

    def _submit_failed(self, exc: BaseException) -> None:
        self.working = None
        retry = getattr(exc, "retry", True)
        self.fail("submit_failed", (Action.RETRY, Action.STAFF, Action.HOME) if retry
                  else (Action.STAFF, Action.HOME), exc=exc, retry=self._send)

    @tap
    def reprint(self) -> None:
        self.printing.reprint()

    @tap
    def finish(self) -> None:
        if self.at(DONE):
            self.shell.finish()

    # ------------------------------------------------------------------ back
    @tap
    def back(self) -> None:
        if self.step in ("scan", "scan_pages") and self.docscan is not None:
            self.docscan.back()  # (the source's own Back: pages, or out with none)
            return
        if self.step in ("usb", "usb_files") and self.usb is not None:
            self.usb.cancel()
            return
        if self.busy:
            return
        if self.step == IDCARD:
            self.shell.go_home()
        elif self.step == CATEGORY or (self.step == ITEM and self.category is None):
            self.go(IDCARD)
            self.card.enter()
        elif self.step == ITEM:
            self.category, self.page = None, 0
            self.go(CATEGORY)
        elif self.step == MATERIAL:
            prev = [i for i, m in enumerate(self.app.materials[:self.index])
                    if m.how != CARD_READ]
            if prev:
                self.index = prev[-1]
                self.go(MATERIAL)
            else:
                self.go(ITEM)
        elif self.step == MOBILE:
            prev = [i for i, m in enumerate(self.app.materials) if m.how != CARD_READ]
            if prev:
                self.index = prev[-1]
                self.go(MATERIAL)
            else:
                self.go(ITEM)
        elif self.step == DELIVERY:
            self.go(MOBILE)
        elif self.step == DISTRICT:
            self.go(DELIVERY)
        elif self.step == ROAD:
            self.go(DISTRICT)
        elif self.step == HOUSE:
            self.go(ROAD)
        elif self.step == REVIEW:
            self.go(HOUSE if self.app.delivery == "post" else DELIVERY)

    def staff_reason(self) -> tuple[str, str | None]:
        return self.screen, None

    def _drop_materials(self, keep_choices: bool = False) -> None:
        for m in self.app.materials:
            m.material = None if not keep_choices else _Pages(m.pages)

    def wipe(self) -> None:
        super().wipe()
        self._drop_materials()
        self._applicant = None
        self.app = Application()
        self.receipt = None
        self.mobile.value = ""
        self.house.value = ""


@dataclass(frozen=True)
class _Pages:
    """What stays of a material once submitted: how many pages (for the screen), no bytes."""

    pages: int


def scan_hints(key: str, name: str) -> dict:
    """How the document camera should treat a material, from its name in the guide: the
    page's shape, and colour kept for certificates and photos (text pages are enhanced)."""
    if key != "scan":
        return {}
    layout = "id_card" if "身份证" in name or "卡" in name else \
        "booklet" if "户口" in name or "簿" in name else "a4"
    colour = any(w in name for w in ("照片", "证书", "执照", "证照", "卡"))
    return {"layout": layout, "colour": colour}


def _up(source) -> bool:
    try:
        return bool(source.available)
    except Exception:
        log.exception("material source availability")
        return False
