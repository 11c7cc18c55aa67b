"""社保卡补换卡: a citizen who lost (or broke) their social-security card reports the loss and
takes a new card from this kiosk in about two minutes."""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="ssc",
    tile=Tile(N_("社保卡补换卡"), N_("挂失补卡、坏卡换卡，约2分钟当场取新卡"), icon="card",
              order=30),
    flow="kiosk.journeys.ssc.flow:SscJourney",
    screens="kiosk.journeys.ssc.screens",
    needs=("card_dispenser", "smartcard"),
    optional=("idcard", "printer"),
    central=("ssc",),  # the card-management system writes every card: no offline issuing
    description="social-security card: report a loss and take a new card on the spot "
                "(dispenser + card reader; ID card or ID number and SMS code)",
    recover="kiosk.journeys.ssc.recovery:run_at_start",
)
