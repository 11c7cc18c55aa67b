<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/payments/__init__.py" line="23" />
      <source>请输入缴款通知书或处罚决定书上的编号</source>
      <translation>Please type the number on your payment notice or penalty decision</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/__init__.py" line="24" />
      <source>请用手机扫描屏幕上的二维码完成支付</source>
      <translation>Scan the QR code on the screen with your phone to pay</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/__init__.py" line="25" />
      <source>支付成功，正在打印缴费凭证</source>
      <translation>Paid. Your receipt is printing</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/__init__.py" line="26" />
      <source>缴费成功，请取走缴费凭证</source>
      <translation>Payment done. Please take your receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/__init__.py" line="27" />
      <source>凭证没有打印出来，您的缴费已经成功</source>
      <translation>The receipt did not print, but your payment went through</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/__init__.py" line="28" />
      <source>请您为本次服务评价</source>
      <translation>Please rate this service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/__init__.py" line="10" />
      <source>便民缴费</source>
      <translation>Pay fees and fines</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/__init__.py" line="10" />
      <source>交通罚款、行政事业性收费，扫码支付</source>
      <translation>Traffic fines and government fees, paid by QR code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="158" />
      <source>正在向缴费系统查询应缴金额。</source>
      <translation>Asking the payment system for the amount due.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="157" />
      <source>正在生成缴费二维码……</source>
      <translation>Making your payment QR code…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="161" />
      <source>请用微信、支付宝或银行App扫描左侧二维码，在手机上确认支付。支付完成后本机自动打印缴费凭证。</source>
      <translation>Scan the QR code with WeChat, Alipay or your bank's app and confirm the payment on your phone. The kiosk then prints your receipt by itself.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="127" />
      <source>二维码有效时间还剩 {m}分{s:02d}秒</source>
      <translation>The QR code is valid for {m} min {s:02d} s more</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="160" />
      <source>请扫码支付</source>
      <translation>Scan to pay</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="164" />
      <source>暂时连接不上缴费系统，正在重试。已支付的款项不会丢失。</source>
      <translation>The payment system cannot be reached right now; the kiosk keeps trying. A payment you made is not lost.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="172" />
      <source>正在通知缴费系统取消这笔订单。</source>
      <translation>Telling the payment system to cancel this order.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="168" />
      <source>取消支付</source>
      <translation>Cancel payment</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="171" />
      <source>正在取消……</source>
      <translation>Cancelling…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="150" />
      <source>缴款人：{payer}</source>
      <translation>Payer: {payer}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="176" />
      <source>这张二维码已经失效，没有扣款。如需缴费，请重新生成二维码。</source>
      <translation>This QR code has expired. Nothing was charged. To pay, make a new QR code.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="179" />
      <source>这笔订单已经取消，没有扣款。</source>
      <translation>This order was cancelled. Nothing was charged.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="181" />
      <source>您的付款在订单关闭后才到账，系统已申请原路退款，不会重复扣费。退款一般在1至3个工作日内到账。</source>
      <translation>Your payment arrived after the order was closed: a refund to your account has been requested, you are not charged twice. Refunds usually arrive within 1 to 3 working days.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="190" />
      <source>款项已到账。</source>
      <translation>The payment has arrived.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="175" />
      <source>二维码已过期</source>
      <translation>QR code expired</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="178" />
      <source>已取消支付</source>
      <translation>Payment cancelled</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="186" />
      <source>重新生成二维码</source>
      <translation>New QR code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/pay_screen.py" line="189" />
      <source>支付成功</source>
      <translation>Paid</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="26" />
      <source>编号不完整：请输入通知书上的全部数字（12至20位）。</source>
      <translation>The number is incomplete: type all the digits on the notice (12 to 20).</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="27" />
      <source>没有查到这个编号，请核对通知书后重新输入。</source>
      <translation>No notice has this number. Please check the notice and type it again.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="28" />
      <source>这笔费用已经缴纳过了，无需重复缴费。</source>
      <translation>This has been paid already: nothing more to pay.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="17" />
      <source>暂时无法缴费</source>
      <translation>Payment not possible right now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="18" />
      <source>缴费系统没有回应，没有扣款。您可以重试，或请工作人员帮助。</source>
      <translation>The payment system did not answer. Nothing was charged. You can try again, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="19" />
      <source>无法在本机缴费</source>
      <translation>Cannot be paid here</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="20" />
      <source>这笔费用不能在本机缴纳，请到窗口咨询。</source>
      <translation>This cannot be paid at this kiosk. Please ask at a window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="21" />
      <source>缴费暂停</source>
      <translation>Payments paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="45" />
      <source>便民缴费：请输入缴款编号</source>
      <translation>Pay a fee or fine: type the notice number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="52" />
      <source>编号印在《缴款通知书》或《处罚决定书》上，共12至20位数字。确认后屏幕上会显示应缴金额和支付二维码。</source>
      <translation>The number is printed on your payment notice or penalty decision: 12 to 20 digits. Next, the screen shows the amount due and the QR code to pay it.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="75" />
      <source>支付成功，正在打印凭证……</source>
      <translation>Paid. Printing your receipt…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="75" />
      <source>请稍候，凭证从出票口送出。</source>
      <translation>Please wait: the receipt comes out of the ticket slot.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="96" />
      <source>缴费项目</source>
      <translation>Item</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="98" />
      <source>金额</source>
      <translation>Amount</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="99" />
      <source>订单号</source>
      <translation>Order number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="108" />
      <source>缴费成功</source>
      <translation>Payment done</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="109" />
      <source>请取走缴费凭证。如需报销票据，请凭订单号到窗口开具。</source>
      <translation>Please take your receipt. For an official invoice, quote the order number at a window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="121" />
      <source>凭证没有打印出来</source>
      <translation>The receipt did not print</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="125" />
      <source>请点“重新打印”，或记下订单号到窗口补打。</source>
      <translation>Tap "Print again", or note the order number and get the receipt at a window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="126" />
      <source>打印机现在无法使用：请记下订单号到窗口补打凭证。</source>
      <translation>The printer cannot be used now: please note the order number and get the receipt at a window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="69" />
      <source>输入其他编号</source>
      <translation>Another number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="59" />
      <source>查询应缴金额</source>
      <translation>Show amount due</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/payments/screens.py" line="127" />
      <source>您的缴费已经成功，不会重复扣款。</source>
      <translation>Your payment went through; you will not be charged again.</translation>
    </message>
  </context>
</TS>
