"""审批进度查询: follow a case — by ID card (all my cases), by the case number on the keypad,
or by the receipt's QR code at the camera: its stage, dates, what is missing, where and when
to collect; the progress sheet printed."""
from kiosk.journeys.base import N_, JourneySpec, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="case_progress",
    tile=Tile(N_("审批进度查询"), N_("凭身份证、办件编号或回执二维码查询办理进度"), icon="qr",
              order=71),
    flow="kiosk.journeys.case_progress.flow:ProgressJourney",
    screens="kiosk.journeys.case_progress.screens",
    # each way in while its device works; the keypad always does
    optional=("idcard", "camera", "printer"),
    central=("cases",),  # the progress is the server's
    hours24=True,
    description="a case's progress by ID card, case number or the receipt's QR code; print "
                "the progress sheet",
)

PROMPTS.register("case_progress.choose", N_("请选择查询方式"))
PROMPTS.register("case_progress.detail", N_("这是您的办件进度"))
