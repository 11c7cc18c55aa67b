"""社保卡补换卡: a citizen who lost (or broke) their social-security card reports the loss and
takes a new card from this kiosk in about two minutes."""
from kiosk.journeys.base import JourneySpec, N_, Tile
from kiosk.voice.prompts import PROMPTS

JOURNEY = JourneySpec(
    name="ssc",
    tile=Tile(N_("社保卡补换卡"), N_("挂失补卡、坏卡换卡，约2分钟当场取新卡"), icon="card",
              order=30),
    flow="kiosk.journeys.ssc.flow:SscJourney",
    screens="kiosk.journeys.ssc.screens",
    needs=("card_dispenser", "smartcard"),
    optional=("idcard", "printer"),
    central=("ssc",),  # the card-management system writes every card: no offline issuing
    description="social-security card: report a loss and take a new card on the spot "
                "(dispenser + card reader; ID card or ID number and SMS code)",
    recover="kiosk.journeys.ssc.recovery:run_at_start",
)

# spoken as each screen appears (kiosk.voice): above all the hand-over, "take your card"
PROMPTS.register("ssc.identify", N_("请刷身份证，或输入身份证号码"))
PROMPTS.register("ssc.confirm", N_("请确认制卡信息，点开始制卡后请不要离开"))
PROMPTS.register("ssc.issuing", N_("正在制卡，大约两分钟，请不要离开"))
PROMPTS.register("ssc.take", N_("请取走您的新社保卡"))
PROMPTS.register("ssc.done", N_("补换卡完成，请取走凭条"))
PROMPTS.register("ssc.failed", N_("制卡没有成功，卡片已经回收，请看屏幕上的说明"))
