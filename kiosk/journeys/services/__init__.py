"""办事指南: every service item's guide — search (characters, pinyin, initials), browse by
life event, broad category or zone, read the guide (elder mode too), print the material
checklist, open the online guide by QR code, and take a number for the item."""
from kiosk.journeys.base import N_, JourneySpec, Tile

JOURNEY = JourneySpec(
    name="services",
    tile=Tile(N_("办事指南"), N_("查询事项要带的材料、流程和时限（24小时）"), icon="guide",
              order=20),
    flow="kiosk.journeys.services.flow:ServicesJourney",
    screens="kiosk.journeys.services.screens",
    # the checklist is printed when the ticket printer works; the guide is on screen anyway
    optional=("printer",),
    # the guides come from the server and are kept on disk: they work offline too
    central_optional=("guides",),
    hours24=True,
    home_search=True,  # the home screen's search box opens the search
    description="service guides: search by characters/pinyin/initials, browse by life event, "
                "category or zone, print the material checklist, take a number for the item",
)

from kiosk.voice.prompts import PROMPTS

PROMPTS.register("services.menu", N_("这是办事指南。可以搜索事项，也可以按人生事、分类或区域查找"))
PROMPTS.register("services.search", N_("请输入事项名称，可以用拼音或拼音首字母"))
PROMPTS.register("services.guide", N_("这是办事指南，可以打印材料清单，或直接取号"))
PROMPTS.register("services.printed", N_("材料清单已打印，请取走"))
