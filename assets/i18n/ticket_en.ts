<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
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
      <location filename="kiosk/journeys/ticket/screens.py" line="20" />
      <source>暂时无法取号</source>
      <translation>Cannot issue a number right now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="21" />
      <source>排队系统没有回应。您可以重试，或请工作人员帮助。</source>
      <translation>The queue system did not answer. You can try again or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="22" />
      <source>取号暂停</source>
      <translation>Ticket issuing paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="23" />
      <source>{reason}。请使用其他取号机，或请工作人员帮助。</source>
      <translation>{reason}. Please use another ticket machine or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="43" />
      <source>请选择要办理的业务</source>
      <translation>Choose your service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="276" />
      <source>请留意大厅叫号屏。</source>
      <translation>Watch the calling screens in the hall.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="281" />
      <source>排队系统暂时连接不上：号码已在本机登记，排队人数稍后在叫号屏查看。</source>
      <translation>The queue system cannot be reached right now: your number is registered on this kiosk; see the calling screens for the queue.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="102" />
      <source>如您年满70周岁或已预约，请刷身份证</source>
      <translation>Aged 70+ or have an appointment? Place your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="103" />
      <source>请把身份证放在阅读器感应区上。年满70周岁的市民优先办理；已预约的市民自动签到。
不需要的话，请点“跳过”。</source>
      <translation>Place your ID card on the reader. Citizens aged 70 or over are served first; appointments are checked in automatically.
If neither applies to you, tap "Skip".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="115" />
      <source>请取回身份证。</source>
      <translation>Please take back your ID card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="120" />
      <source>下一步</source>
      <translation>Next</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="150" />
      <source>输入手机号码，叫号时短信通知您（可跳过）</source>
      <translation>Get a text message when you are called (optional)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="154" />
      <source>请输入11位手机号码。号码只用于本次叫号短信。</source>
      <translation>Enter an 11-digit mainland mobile number. It is only used for this call.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="180" />
      <source>请确认取号信息</source>
      <translation>Please check and confirm</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="194" />
      <source>优先</source>
      <translation>Priority</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="197" />
      <source>不发短信</source>
      <translation>No text message</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="198" />
      <source>短信通知</source>
      <translation>Text message</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="211" />
      <source>正在取号，请稍候……</source>
      <translation>Getting your number…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="211" />
      <source>正在连接排队系统。</source>
      <translation>Contacting the queue system.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="233" />
      <source>您的号码</source>
      <translation>Your number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="269" />
      <source>取号成功</source>
      <translation>Here is your number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="273" />
      <source>前面还有</source>
      <translation>People ahead</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="274" />
      <source>预计等候</source>
      <translation>Estimated wait</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="275" />
      <source>办理地点</source>
      <translation>Where</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="284" />
      <source>请从下方出票口取走号票</source>
      <translation>Please take your ticket from the slot below</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="316" />
      <source>号票没有打印出来</source>
      <translation>Your ticket was not printed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="318" />
      <source>您的号码已经登记，不会作废。请记下号码，或点“重新打印”，或请工作人员帮助。</source>
      <translation>Your number is registered and stays valid. Note it down, tap "Print again", or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="51" />
      <source>返回首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="114" />
      <source>按普通顺序排队。</source>
      <translation>You will be called in normal order.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="122" />
      <source>继续</source>
      <translation>Continue</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="124" />
      <source>跳过</source>
      <translation>Skip</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="126" />
      <source>返回</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="185" />
      <source>业务</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="193" />
      <source>预约签到</source>
      <translation>Appointment checked in</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="194" />
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="210" />
      <source>正在打印号票，请稍候……</source>
      <translation>Printing your ticket…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="210" />
      <source>号票从下方出票口送出。</source>
      <translation>The ticket comes out of the slot below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="322" />
      <source>打印机现在无法使用，暂时不能重新打印。</source>
      <translation>The printer is not working right now, so it cannot print again yet.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="54" />
      <source>上一页</source>
      <translation>Previous</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="55" />
      <source>下一页</source>
      <translation>Next page</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="86" />
      <source>{floor}楼 · {zone}</source>
      <translation>Floor {floor} · {zone}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="107" />
      <source>已读取：{name}</source>
      <translation>Card read: {name}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="109" />
      <source>年满70周岁，优先办理</source>
      <translation>Aged 70 or over: priority</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="156" />
      <source>这不是有效的手机号码，请检查</source>
      <translation>This is not a valid mobile number, please check it</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="161" />
      <source>不需要短信</source>
      <translation>No text, thanks</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="196" />
      <source>叫号时发短信到 {mobile}</source>
      <translation>Text to {mobile} when called</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="200" />
      <source>返回修改</source>
      <translation>Change</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="201" />
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="202" />
      <source>确认并打印号票</source>
      <translation>Confirm and print</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="279" />
      <source>叫号时发短信到 {mobile}。</source>
      <translation> A text goes to {mobile} when you are called.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="286" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="328" />
      <source>重新打印</source>
      <translation>Print again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="329" />
      <source>呼叫工作人员</source>
      <translation>Call staff</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="330" />
      <source>我已记下号码</source>
      <translation>I have noted my number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="45" />
      <source>（第 {page}/{pages} 页）</source>
      <translation>(page {page} of {pages})</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="186" />
      <source>{zone}，{where}</source>
      <translation>{zone} zone, {where}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="194" />
      <source>、</source>
      <translation>, </translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="240" />
      <source>补号（原号 {number}）</source>
      <translation>Re-issued (was {number})</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ticket/screens.py" line="111" />
      <source>已找到您的预约，已签到（{code}）</source>
      <translation>Appointment found and checked in ({code})</translation>
    </message>
  </context>
</TS>
