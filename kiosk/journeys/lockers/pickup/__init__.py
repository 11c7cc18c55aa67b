"""取件: collect a finished certificate from a locker compartment, at any hour — ID card or
the pickup code from the SMS."""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="locker_pickup",
    tile=Tile(N_("自助取件"), N_("刷身份证或输入短信取件码，从文件柜取走办好的证件"), icon="locker",
              order=61),
    flow="kiosk.journeys.lockers.pickup.flow:PickupJourney",
    screens="kiosk.journeys.lockers.pickup.screens",
    needs=("locker",),
    optional=("idcard",),
    # the code works offline (its hash is on the kiosk); the ID card asks the server
    central_optional=("cases",),
    hours24=True,
    description="collect a certificate from a locker compartment (ID card or pickup code)",
)
