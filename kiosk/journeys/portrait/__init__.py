"""证件照: an ID photo to the GA 461 rules, taken by the kiosk's camera with live guidance,
sent to the case server and printed as a receipt with a photo code (数码照片回执) the
citizen quotes at the window."""
from kiosk.journeys.base import JourneySpec, N_, Tile
from kiosk.voice.prompts import PROMPTS

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

# spoken as each screen appears (kiosk.voice); on the live picture each piece of guidance has
# its own prompt too ("photo.<guidance>", kiosk.journeys.steps.photo; PhotoStep.voice_key)
PROMPTS.register("portrait.intro", N_("自助拍摄证件照。请坐正，面向屏幕，然后点同意并开始拍照"))
PROMPTS.register("portrait.live", N_("请看着镜头，按屏幕提示调整"))
PROMPTS.register("portrait.review", N_("请确认照片。满意请点使用这张照片"))
PROMPTS.register("portrait.done", N_("照片已保存，请取走照片回执"))
PROMPTS.register("portrait.print_failed", N_("照片回执没有打印出来，照片已经保存"))
