"""在线申报: apply for a service item at the kiosk — ID card, the item, each required
material scanned at the document camera, imported from a USB stick or (容缺受理) brought to
the window later, a mobile number and how the result comes (pick up, express post), review,
submit; a receipt with the case number and a QR code for its progress."""
from kiosk.journeys.base import N_, JourneySpec, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="cases",
    tile=Tile(N_("在线申报"), N_("扫描或从U盘提交材料，申请办理事项"), icon="guide", order=70),
    flow="kiosk.journeys.cases.flow:ApplyJourney",
    screens="kiosk.journeys.cases.screens",
    needs=("idcard",),
    # the materials' sources: each offered while its device works; the receipt when the
    # printer does (the case number is on screen either way)
    optional=("printer", "document_camera", "usb_storage"),
    # the case and its materials go through the outbox: delivered when the server answers
    central_optional=("cases",),
    description="apply for a service item: ID card, materials (document camera, USB stick or "
                "to the window later), contact and delivery, receipt with the case number",
)

PROMPTS.register("cases.idcard", N_("在线申报：请刷身份证"))
PROMPTS.register("cases.item", N_("请选择要申请的事项"))
PROMPTS.register("cases.material", N_("请按提示提供材料"))
PROMPTS.register("cases.mobile", N_("请输入手机号码，用于通知办理结果"))
PROMPTS.register("cases.review", N_("请核对申请信息，无误后点确认提交"))
PROMPTS.register("cases.done", N_("申请已提交，请取走受理回执"))
