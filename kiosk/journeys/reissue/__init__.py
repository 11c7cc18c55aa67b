"""补号: a citizen who missed their number gets a new ticket that keeps its place."""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="reissue",
    tile=Tile(N_("补号"), N_("错过了叫号？重新领号，不用重新排队"), icon="reissue", order=20),
    flow="kiosk.journeys.reissue.flow:ReissueJourney",
    screens="kiosk.journeys.reissue.screens",
    needs=("printer",),
    central=("queue",),  # only the queue server knows which numbers were issued
    description="re-issue a missed queue number without queuing again",
)

from kiosk.voice.prompts import PROMPTS  # noqa: E402 - after the spec, on purpose

PROMPTS.register("reissue.entry", N_("请输入您错过的号码"))
PROMPTS.register("reissue.done", N_("补号成功，请取走您的号票"))
PROMPTS.register("reissue.print_failed", N_("号票没有打印出来，您的号码已经登记"))
