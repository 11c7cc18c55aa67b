<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/certificates/__init__.py" line="22" />
      <source>请把身份证放在阅读器上</source>
      <translation>Please place your ID card on the reader</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/__init__.py" line="23" />
      <source>请选择要打印的证明</source>
      <translation>Choose the certificate to print</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/__init__.py" line="24" />
      <source>请核对证明内容，确认后点打印</source>
      <translation>Please check the certificate, then tap Print</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/__init__.py" line="25" />
      <source>证明已打印，请从出纸口取走</source>
      <translation>Your certificate is printed. Please take it from the tray</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/__init__.py" line="26" />
      <source>证明没有打印出来，请看屏幕上的说明</source>
      <translation>The certificate was not printed. Please read the screen</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/__init__.py" line="11" />
      <source>自助打印</source>
      <translation>Print certificates</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/__init__.py" line="11" />
      <source>社保、个税、不动产、户籍证明，刷身份证当场打印</source>
      <translation>Social security, income tax, property and household records, printed here with your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="29" />
      <source>社会保险个人参保证明</source>
      <translation>Social-security contribution record</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="29" />
      <source>养老、医疗、失业保险的缴费明细</source>
      <translation>Pension, medical and unemployment insurance payments</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="30" />
      <source>个人所得税纳税记录</source>
      <translation>Personal income tax certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="30" />
      <source>按年度列出的工资薪金纳税记录</source>
      <translation>Tax paid on wages, for one year</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="31" />
      <source>不动产登记信息</source>
      <translation>Property information</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="31" />
      <source>本人名下在本市登记的房产</source>
      <translation>Property registered in your name in this city</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="32" />
      <source>户籍信息摘录</source>
      <translation>Household register extract</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="32" />
      <source>户主、住址和同户成员</source>
      <translation>Head of household, address and members</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="49" />
      <source>{year}年度</source>
      <translation>Year {year}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/flow.py" line="46" />
      <source>最近{n}个月</source>
      <translation>Last {n} months</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="36" />
      <source>证明没有打印出来。</source>
      <translation>The certificate was not printed.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="25" />
      <source>打印机缺纸。</source>
      <translation>The printer is out of paper.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="26" />
      <source>打印机卡纸。</source>
      <translation>The paper is jammed in the printer.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="27" />
      <source>打印机舱门没有关好。</source>
      <translation>A door of the printer is open.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="28" />
      <source>打印机墨粉用完了。</source>
      <translation>The printer is out of toner.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="29" />
      <source>打印机没有响应。</source>
      <translation>The printer does not respond.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="33" />
      <source>打印机暂停服务。</source>
      <translation>The printer is paused.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="34" />
      <source>打印机没有确认证明已经打出，请先看看出纸口。</source>
      <translation>The printer did not confirm the certificate came out. Please look in the tray first.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="17" />
      <source>证明暂时无法生成</source>
      <translation>The certificate cannot be made right now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="18" />
      <source>证明打印系统没有回应。您可以重试，或到窗口办理。</source>
      <translation>The certificate service does not answer. You can try again, or ask at a window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="19" />
      <source>本机无法打印这份证明</source>
      <translation>This certificate cannot be printed here</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="20" />
      <source>请到窗口办理，工作人员会帮助您。</source>
      <translation>Please go to a window; staff will help you.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="21" />
      <source>打印暂停</source>
      <translation>Printing paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="21" />
      <source>{reason}。请到窗口办理，或请工作人员帮助。</source>
      <translation>{reason}. Please go to a window, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="61" />
      <source>截至今天</source>
      <translation>As of today</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="73" />
      <source>自助打印：请刷身份证</source>
      <translation>Print certificates: place your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="74" />
      <source>请把身份证放在阅读器感应区上。证明按身份证上的信息查询，只打印本人的证明。</source>
      <translation>Place your ID card on the reader. Certificates are found by your ID card and only your own can be printed.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="137" />
      <source>证明列出所选期间的记录。</source>
      <translation>The certificate lists the records of the period you choose.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="156" />
      <source>正在生成证明……</source>
      <translation>Making your certificate…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="156" />
      <source>正在从主管部门系统查询您的记录。</source>
      <translation>Getting your records from the issuing office.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="185" />
      <source>请核对证明</source>
      <translation>Check your certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="201" />
      <source>证明</source>
      <translation>Certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="202" />
      <source>期间</source>
      <translation>Period</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="203" />
      <source>页数</source>
      <translation>Pages</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="204" />
      <source>验证码</source>
      <translation>Verification code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="205" />
      <source>上面是第 1 页。确认无误后点“打印”，证明从下方出纸口打出。</source>
      <translation>This is page 1. When it is right, tap Print; the certificate comes out of the tray below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="234" />
      <source>打印完成</source>
      <translation>Printed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="243" />
      <source>办事单位可扫描证明上的二维码，或输入验证码核验真伪。</source>
      <translation>Whoever receives it can scan the QR code or enter the verification code to check it is genuine.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="256" />
      <source>证明没有打印出来</source>
      <translation>The certificate was not printed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="64" />
      <source>{start} 至 {end}</source>
      <translation>{start} to {end}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="77" />
      <source>返回首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="105" />
      <source>证明由主管部门系统生成，带验证码和二维码，可扫码核验真伪。</source>
      <translation>Certificates are made by the issuing office, with a verification code and QR code that prove they are genuine.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="155" />
      <source>正在打印……</source>
      <translation>Printing…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="155" />
      <source>请稍候，打印完成前不要离开。</source>
      <translation>Please wait here until it is printed.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="200" />
      <source>无法显示预览，打印出来的证明不受影响。</source>
      <translation>No preview can be shown; the printed certificate is not affected.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="262" />
      <source>如果出纸口有打出的纸张，请一并取走。</source>
      <translation>If any pages came out, please take them too.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="264" />
      <source>证明已经生成，不用重新查询。请点“重新打印”（可重打一次），或点“呼叫工作人员”。</source>
      <translation>Your certificate is ready and does not need to be looked up again. Tap "Print again" (once), or "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="275" />
      <source>呼叫工作人员</source>
      <translation>Call staff</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="277" />
      <source>结束</source>
      <translation>Finish</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="104" />
      <source>已读取：{name}。</source>
      <translation>Read: {name}.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="136" />
      <source>{title}：请选择期间</source>
      <translation>{title}: choose the period</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="149" />
      <source>返回</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="203" />
      <source>共 {n} 页</source>
      <translation>{n} pages</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="207" />
      <source>重新选择</source>
      <translation>Choose again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="208" />
      <source>打印</source>
      <translation>Print</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="239" />
      <source>请取走您的证明，共 {n} 页</source>
      <translation>Please take your certificate: {n} pages</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="245" />
      <source>打印其他证明</source>
      <translation>Print another</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="247" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="272" />
      <source>重新打印</source>
      <translation>Print again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="267" />
      <source>打印机现在无法使用。请点“呼叫工作人员”，或凭验证码 {code} 到窗口打印。</source>
      <translation>The printer cannot be used now. Tap "Call staff", or print it at a window with the verification code {code}.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="75" />
      <source>只打印社保参保证明的，也可以插入社保卡。</source>
      <translation>For the social-security record only, you may insert your social-security card instead.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="81" />
      <source>模拟插卡（演示）</source>
      <translation>Demo: insert card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="113" />
      <source>用社保卡只能打印社保参保证明；其他证明请刷身份证。</source>
      <translation>With a social-security card only the social-security record can be printed; for the others, use your ID card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/certificates/screens.py" line="77" />
      <source>这张社保卡读不出持卡人信息，请刷身份证。</source>
      <translation>This social-security card does not show its holder here: please use your ID card.</translation>
    </message>
  </context>
</TS>
