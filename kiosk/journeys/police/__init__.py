"""公安自助: the police self-service documents — temporary ID proof (临时身份证明),
no-criminal-record certificate (无犯罪记录证明), residence certificate (居住证明) — one tile
that opens the choice. Each is: the identity check (人证核验: ID card, consent, face with a
blink or fingerprint, three tries) → the purpose → the reference server issues the document
as a PDF with a verification code → printed on the A4 document printer, or, where none is
fitted, a thermal receipt with the verification QR and a pick-up code for the window."""
from kiosk.journeys.base import N_, JourneySpec, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="police",
    tile=Tile(N_("公安自助"), N_("临时身份证明、无犯罪记录证明、居住证明"), icon="card",
              order=45),
    flow="kiosk.journeys.police.flow:PoliceJourney",
    screens="kiosk.journeys.police.screens",
    needs=("idcard",),
    # the face (camera) or a fingerprint pad verifies; the A4 printer prints the document,
    # else the ticket printer a receipt with the pick-up code; with neither the codes are
    # on screen
    optional=("camera", "fingerprint", "a4printer", "printer"),
    central=("police",),  # the identity service and the documents: online only
    description="police self-service: temporary ID proof, no-criminal-record certificate, "
                "residence certificate (ID card + face/fingerprint check, A4 PDF or a "
                "receipt with a pick-up code)",
)

PROMPTS.register("police.choose", N_("请选择要办理的证明"))
PROMPTS.register("police.id_card", N_("请把身份证放在阅读器上"))
PROMPTS.register("police.id_consent", N_("请阅读说明，同意后进行人脸核验"))
PROMPTS.register("police.id_face", N_("请看着摄像头，眨一眨眼睛"))
PROMPTS.register("police.id_finger", N_("请把手指放在指纹仪上"))
PROMPTS.register("police.id_retry", N_("核验没有通过，请再试一次"))
PROMPTS.register("police.id_failed", N_("无法核验您的身份，请到窗口办理"))
PROMPTS.register("police.id_window", N_("请到窗口办理"))
PROMPTS.register("police.purpose", N_("请选择证明的用途"))
PROMPTS.register("police.done", N_("证明已打印，请取走"))
PROMPTS.register("police.print_failed", N_("证明没有打印出来，请看屏幕上的说明"))
