"""取号: take a queue number — service → ID card (optional: 70+ priority, appointment
check-in) → mobile number for the SMS call (optional) → confirm → number, printed."""
from kiosk.flows.availability import Reason
from kiosk.journeys.base import JourneySpec, N_, Tile


def _catalogue_loaded(state):
    return None if state.categories else Reason("catalogue", "loading")


JOURNEY = JourneySpec(
    name="ticket",
    tile=Tile(N_("取号"), N_("选择业务，打印排队号票"), icon="ticket", order=10),
    flow="kiosk.journeys.ticket.flow:TicketJourney",
    screens="kiosk.journeys.ticket.screens",
    needs=("printer",),
    optional=("idcard", "camera"),  # the camera: an appointment QR code instead of the card
    # the queue has an offline fallback (kiosk-prefixed numbers); appointments are looked up
    # when the server answers
    central_optional=("queue", "appointments"),
    ready=_catalogue_loaded,
    description="take a queue number (priority by ID card, SMS call, printed ticket)",
)

# what the kiosk says when a step appears (kiosk.voice; fixed prompts are pre-rendered)
from kiosk.voice.prompts import PROMPTS  # noqa: E402 - after the spec, on purpose: one import

PROMPTS.register("ticket.category", N_("请选择要办理的业务"))
PROMPTS.register("ticket.confirm", N_("请确认，然后点确认并打印号票。年满七十周岁或已预约，请刷身份证"))
PROMPTS.register("ticket.mobile", N_("请输入手机号码"))
PROMPTS.register("ticket.done", N_("取号成功，请取走您的号票"))
PROMPTS.register("ticket.print_failed", N_("号票没有打印出来，您的号码已经登记"))
