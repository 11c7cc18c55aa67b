"""便民缴费: pay a fee or a fine at the kiosk — the number of the payment notice (缴款通知书) or
fine decision typed on the keypad, the server looks it up and makes the order, the citizen
scans its QR code with a payment app, the kiosk prints the receipt. Its payment screens are
the shared step's (kiosk.journeys.steps.payment), which other journeys' fee steps use too."""
from kiosk.journeys.base import JourneySpec, N_, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="payments",
    tile=Tile(N_("便民缴费"), N_("交通罚款、行政事业性收费，扫码支付"), icon="qr", order=60),
    flow="kiosk.journeys.payments.flow:PaymentsJourney",
    screens="kiosk.journeys.payments.screens",
    optional=("printer",),  # the receipt; without a printer the payment still goes through
    central=("payments",),  # the server makes and watches every order: nothing offline
    central_optional=("evaluations",),  # (the open order is written down locally too)
    hours24=True,
    description="pay a fee or a fine by its notice number: the order's QR code, scanned with "
                "a payment app; paid → receipt (cancel, expiry and restarts never charge twice)",
    recover="kiosk.journeys.payments.recovery:run_at_start",
)

# spoken as each screen appears (kiosk.voice)
PROMPTS.register("payments.notice", N_("请输入缴款通知书或处罚决定书上的编号"))
PROMPTS.register("payments.pay", N_("请用手机扫描屏幕上的二维码完成支付"))
PROMPTS.register("payments.printing", N_("支付成功，正在打印缴费凭证"))
PROMPTS.register("payments.done", N_("缴费成功，请取走缴费凭证"))
PROMPTS.register("payments.print_failed", N_("凭证没有打印出来，您的缴费已经成功"))
PROMPTS.register("payments.rate", N_("请您为本次服务评价"))
