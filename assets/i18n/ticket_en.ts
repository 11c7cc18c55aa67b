<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/ticket/__init__.py" line="28" />
      <source>请选择要办理的业务</source>
      <translation>Choose your service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/__init__.py" line="29" />
      <source>请确认，然后点确认并打印号票。年满七十周岁或已预约，请刷身份证</source>
      <translation>Please check, then tap Confirm and print. If you are 70 or over or have an appointment, place your ID card on the reader</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/__init__.py" line="30" />
      <source>请输入手机号码</source>
      <translation>Please type your mobile number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/__init__.py" line="31" />
      <source>取号成功，请取走您的号票</source>
      <translation>Here is your number. Please take your ticket</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/__init__.py" line="32" />
      <source>号票没有打印出来，您的号码已经登记</source>
      <translation>The ticket did not print. Your number is registered</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/__init__.py" line="13" />
      <source>取号</source>
      <translation>Take a number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/__init__.py" line="13" />
      <source>选择业务，打印排队号票</source>
      <translation>Choose a service and get a queue ticket</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="21" />
      <source>暂时无法取号</source>
      <translation>Cannot issue a number right now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="22" />
      <source>排队系统没有回应。您可以重试，或请工作人员帮助。</source>
      <translation>The queue system did not answer. You can try again or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="23" />
      <source>无法取号</source>
      <translation>Cannot take a number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="24" />
      <source>这项业务现在不能取号。请工作人员帮助您。</source>
      <translation>Numbers cannot be taken for this service now. Staff will help you.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="25" />
      <source>取号暂停</source>
      <translation>Ticket issuing paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="26" />
      <source>{reason}。请使用其他取号机，或请工作人员帮助。</source>
      <translation>{reason}. Please use another ticket machine or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="321" />
      <source>请留意大厅叫号屏。</source>
      <translation>Watch the calling screens in the hall.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="326" />
      <source>排队系统暂时连接不上：号码已在本机登记，排队人数稍后在叫号屏查看。</source>
      <translation>The queue system cannot be reached right now: your number is registered on this kiosk; see the calling screens for the queue.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="107" />
      <source>现在无需等候</source>
      <translation>no wait now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="126" />
      <source>输入手机号码，叫号时短信通知您</source>
      <translation>Your mobile number, for a text when you are called</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="130" />
      <source>大陆手机号请直接输入11位数字；境外号码请先点“+”，再输入国家代码和号码。号码只用于本次叫号短信。</source>
      <translation>Mainland numbers: type the 11 digits. Numbers from abroad: tap "+" first, then the country code and number. The number is used only for this call.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="183" />
      <source>请确认取号信息</source>
      <translation>Please check and confirm</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="204" />
      <source>短信叫号（可选）</source>
      <translation>Text when called (optional)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="219" />
      <source>身份证（可选）</source>
      <translation>ID card (optional)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="221" />
      <source>年满70周岁或已预约？请把身份证放在阅读器上，优先办理、自动签到。可用：居民身份证、港澳台居民居住证、外国人永久居留身份证。</source>
      <translation>Aged 70+ or booked? Place your card on the reader for priority or check-in. Accepted: resident ID card, Hong Kong/Macao/Taiwan residence permit, foreign permanent residence ID card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="242" />
      <source>没带身份证？扫预约码签到</source>
      <translation>No ID card? Scan your appointment code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="256" />
      <source>正在取号，请稍候……</source>
      <translation>Getting your number…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="256" />
      <source>正在连接排队系统。</source>
      <translation>Contacting the queue system.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="278" />
      <source>您的号码</source>
      <translation>Your number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="314" />
      <source>取号成功</source>
      <translation>Here is your number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="318" />
      <source>前面还有</source>
      <translation>People ahead</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="319" />
      <source>预计等候</source>
      <translation>Estimated wait</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="320" />
      <source>办理地点</source>
      <translation>Where</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="329" />
      <source>请从下方出票口取走号票</source>
      <translation>Please take your ticket from the slot below</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="361" />
      <source>号票没有打印出来</source>
      <translation>Your ticket was not printed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="365" />
      <source>您的号码已经登记，不会作废。请点“重新打印”，或记下号码到窗口办理。</source>
      <translation>Your number is registered and stays valid. Tap "Print again", or note the number and go to the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="367" />
      <source>您的号码已经登记，不会作废。打印机现在无法使用：请记下号码，或点“呼叫工作人员”。</source>
      <translation>Your number is registered and stays valid. The printer cannot be used now: note the number, or tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="113" />
      <source>{floor}楼{windows}号窗口</source>
      <translation>Floor {floor}, {windows}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="123" />
      <source>约{minutes}分钟</source>
      <translation>~{minutes} min</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="109" />
      <source>{n} 人等候</source>
      <translation>{n} waiting</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="191" />
      <source>业务</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="201" />
      <source>现在排队</source>
      <translation>Queue now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="206" />
      <source>不发短信。需要的话请添加手机号码。</source>
      <translation>No text. Add a mobile number if you want one.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="207" />
      <source>修改手机号码</source>
      <translation>Change the number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="207" />
      <source>添加手机号码</source>
      <translation>Add a mobile number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="212" />
      <source>确认并打印号票</source>
      <translation>Confirm and print</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="255" />
      <source>正在打印号票，请稍候……</source>
      <translation>Printing your ticket…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="255" />
      <source>号票从下方出票口送出。</source>
      <translation>The ticket comes out of the slot below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="381" />
      <source>我已记下号码</source>
      <translation>I have noted my number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="57" />
      <source>上一页</source>
      <translation>Previous</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="58" />
      <source>下一页</source>
      <translation>Next page</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="133" />
      <source>这不是有效的手机号码，请检查</source>
      <translation>This is not a valid mobile number, please check it</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="137" />
      <source>不需要短信</source>
      <translation>No text, thanks</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="139" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="238" />
      <source>没有证件也可以取号。</source>
      <translation>You can take a number without a card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="324" />
      <source>叫号时发短信到 {mobile}。</source>
      <translation> A text goes to {mobile} when you are called.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="48" />
      <source>（第 {page}/{pages} 页）</source>
      <translation>(page {page} of {pages})</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="192" />
      <source>{zone}，{where}</source>
      <translation>{zone} zone, {where}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="205" />
      <source>叫号时发短信到 {mobile}</source>
      <translation>Text to {mobile} when called</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="241" />
      <source>已扫预约码，取号时签到（{code}）</source>
      <translation>Appointment code scanned: checked in with the ticket ({code})</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="285" />
      <source>补号（原号 {number}）</source>
      <translation>Re-issued (was {number})</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="234" />
      <source>按普通顺序排队。</source>
      <translation>You will be called in normal order.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="229" />
      <source>年满70周岁，优先办理</source>
      <translation>Aged 70 or over: priority</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="231" />
      <source>已找到您的预约，已签到（{code}）</source>
      <translation>Appointment found and checked in ({code})</translation>
    </message>
  </context>
</TS>
