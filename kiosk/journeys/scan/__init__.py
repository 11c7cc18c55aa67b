"""扫码办事: hold a QR code up to the camera — an appointment code checks in and prints the
queue ticket; an e-certificate (电子证照) code is verified with the server, which says
whether it is genuine and shows the certificate's summary."""
from kiosk.journeys.base import JourneySpec, N_, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="scan",
    tile=Tile(N_("扫码"), N_("预约码签到取号、电子证照核验"), icon="qr", order=30),
    flow="kiosk.journeys.scan.flow:ScanJourney",
    screens="kiosk.journeys.scan.screens",
    needs=("camera",),
    optional=("printer",),  # the check-in ticket; without a printer it is on screen
    # both answers come from the servers: nothing to do offline
    central=("appointments", "certificates"),
    description="scan a QR code: appointment check-in with a printed ticket, or e-certificate "
                "verification against the server",
)

# spoken as each screen appears (kiosk.voice)
PROMPTS.register("scan.scan", N_("请把二维码对准摄像头"))
PROMPTS.register("scan.appointment", N_("请查看您的预约信息"))
PROMPTS.register("scan.certificate", N_("核验结果已显示在屏幕上"))
PROMPTS.register("scan.done", N_("签到成功，请取走您的号票"))
PROMPTS.register("scan.print_failed", N_("号票没有打印出来，您的号码已经登记"))
