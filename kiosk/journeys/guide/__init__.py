"""大厅导览: zones, floors, windows and office hours — one floor at a time, 24 hours."""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="guide",
    tile=Tile(N_("大厅导览"), N_("各业务区的楼层、窗口和办公时间（24小时）"), icon="guide",
              order=90),
    flow="kiosk.journeys.guide.flow:GuideJourney",
    screens="kiosk.journeys.guide.screens",
    hours24=True,
    description="the hall's zones, floors, windows and office hours",
)

from kiosk.voice.prompts import PROMPTS  # noqa: E402 - after the spec, on purpose

PROMPTS.register("guide.floors", N_("这是大厅导览。点地图上的业务区，可以查看怎么走"))
