"""投递材料: drop paper materials off in a locker compartment, at any hour — ID card, service
item or case number, the right size, the door, a receipt."""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="locker_dropoff",
    tile=Tile(N_("投递材料"), N_("24小时自助文件柜：放入纸质材料，凭回执查询办理进度"), icon="locker",
              order=60),
    flow="kiosk.journeys.lockers.dropoff.flow:DropoffJourney",
    screens="kiosk.journeys.lockers.dropoff.screens",
    needs=("locker", "idcard"),
    optional=("printer",),
    # the records are the kiosk's own and reach the server through the outbox: offline is fine
    central_optional=("cases",),
    hours24=True,
    # at start-up: watch the cabinet's doors for the records, and reconcile what a power cut
    # left half-done (an unlock whose door never reported closed)
    recover="kiosk.locker_watch:watch_lockers",
    description="drop paper materials off in a locker compartment (ID card, item or case "
                "number, receipt)",
)
