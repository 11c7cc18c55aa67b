"""自助打印: certificates printed on the spot on the A4 document printer — social-security
contribution record, personal income tax certificate, property information, household
register extract. ID card (the social-security card for the social-security record) → the
certificate and period → the server generates the PDF (with a verification code and QR) →
preview → print → "take your document" with the page count. A
failed print can be printed again once from the same PDF, without asking the server."""
from kiosk.journeys.base import N_, JourneySpec, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="certificates",
    tile=Tile(N_("自助打印"), N_("社保、个税、不动产、户籍证明，刷身份证当场打印"), icon="guide",
              order=50),
    flow="kiosk.journeys.certificates.flow:CertificatesJourney",
    screens="kiosk.journeys.certificates.screens",
    needs=("idcard", "a4printer"),
    optional=("smartcard",),  # a social-security card identifies for its own record
    central=("documents",),  # the certificate is made by the server: online only
    hours24=True,  # a 24-hour self-service function (halls.md)
    description="certificates printed on the spot (A4, CUPS): social-security record, tax "
                "certificate, property information, household register extract",
)

PROMPTS.register("certificates.identify", N_("请把身份证放在阅读器上"))
PROMPTS.register("certificates.choose", N_("请选择要打印的证明"))
PROMPTS.register("certificates.preview", N_("请核对证明内容，确认后点打印"))
PROMPTS.register("certificates.done", N_("证明已打印，请从出纸口取走"))
PROMPTS.register("certificates.print_failed", N_("证明没有打印出来，请看屏幕上的说明"))
