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
