"""证件照: an ID photo to the GA 461 rules, taken by the kiosk's camera with live guidance,
sent to the case server and printed as a receipt with a photo code (数码照片回执) the
citizen quotes at the window."""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="portrait",
    tile=Tile(N_("拍证件照"), N_("自助拍摄证件照，打印照片回执"), icon="camera", order=40),
    flow="kiosk.journeys.portrait.flow:PortraitJourney",
    screens="kiosk.journeys.portrait.screens",
    needs=("camera",),
    # the receipt is printed when the printer works; the code is on screen either way
    optional=("printer",),
    # the photo goes through the outbox: delivered when the case server answers
    central_optional=("cases",),
    description="take an ID photo (GA 461: 358x441 px, 350 dpi, white background), send it "
                "to the case server, print the photo code",
)
