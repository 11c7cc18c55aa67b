"""社保卡查询: a citizen inserts their social-security card (or places their ID card) and sees
the card's state and how a replacement is coming along — nothing is changed."""
from kiosk.journeys.base import JourneySpec, N_, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="ssc_query",
    tile=Tile(N_("社保卡查询"), N_("插社保卡或刷身份证，查卡片状态和补卡进度"), icon="card", order=31),
    flow="kiosk.journeys.ssc_query.flow:SscQueryJourney",
    screens="kiosk.journeys.ssc_query.screens",
    optional=("smartcard", "idcard"),
    central=("ssc",),
    description="social-security card: its state and a replacement's progress, by the card "
                "or the ID card (read-only)",
)

# spoken as each screen appears (kiosk.voice)
PROMPTS.register("ssc_query.insert", N_("请插入社保卡，或刷身份证"))
