"""A journey defined outside kiosk/: proves a journey is one package plus one registration.

"查询验证码": the citizen types a 4-digit code on the keypad, confirms, and the kiosk shows
whether the (fictitious) code is valid, then rates the service. It needs the ticket printer
(for the sake of availability) and works 24 hours.
"""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="sample_code",
    tile=Tile(N_("核验码查询"), N_("输入4位核验码"), icon="", order=50),
    flow="tests.sample_journey.flow:CodeJourney",
    screens="tests.sample_journey.screens",
    needs=("printer",),
    hours24=True,
    description="test journey: type a code, see the answer",
)
