"""交通违法缴款: pay one's traffic fines at the kiosk — the identity check (人证核验: ID card,
consent, face with a blink or fingerprint), the fines the police side has for the person,
one chosen and paid by QR code through the shared payment step (the payment service prices
it by its decision number and marks it paid), the receipt."""
from kiosk.journeys.base import N_, JourneySpec, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="traffic_fines",
    tile=Tile(N_("交通违法缴款"), N_("刷身份证查询本人交通违法罚款，扫码缴纳"), icon="qr",
              order=46),
    flow="kiosk.journeys.traffic_fines.flow:TrafficFinesJourney",
    screens="kiosk.journeys.traffic_fines.screens",
    needs=("idcard",),
    optional=("camera", "fingerprint", "printer"),
    central=("police", "payments"),  # the fines and the orders: online only
    description="traffic fines: ID card + face/fingerprint check, the person's fines from the "
                "police side, pay one by QR code, receipt",
)

PROMPTS.register("traffic_fines.fines", N_("请选择要缴纳的罚款"))
PROMPTS.register("traffic_fines.pay", N_("请用手机扫描屏幕上的二维码完成支付"))
PROMPTS.register("traffic_fines.done", N_("缴款成功，请取走缴费凭证"))
