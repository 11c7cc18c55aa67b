<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/case_progress/__init__.py" line="21" />
      <source>请选择查询方式</source>
      <translation>Choose how to find your case</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/__init__.py" line="22" />
      <source>这是您的办件进度</source>
      <translation>This is the progress of your case</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/__init__.py" line="9" />
      <source>审批进度查询</source>
      <translation>Case progress</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/__init__.py" line="9" />
      <source>凭身份证、办件编号或回执二维码查询办理进度</source>
      <translation>By ID card, case number or the receipt's QR code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="25" />
      <source>已收件</source>
      <translation>Received</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="26" />
      <source>待发送（本机将自动发送）</source>
      <translation>Waiting to be sent (the kiosk sends it)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="27" />
      <source>已受理</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="28" />
      <source>审核中</source>
      <translation>In review</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="29" />
      <source>待补正材料</source>
      <translation>Materials missing</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="30" />
      <source>审批通过</source>
      <translation>Approved</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="31" />
      <source>待领取</source>
      <translation>Ready for collection</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="32" />
      <source>已送达</source>
      <translation>Delivered</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="34" />
      <source>没有找到这个办件，请核对回执或短信上的编号。</source>
      <translation>No such case. Please check the number on the receipt or in the text message.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="18" />
      <source>暂时查不到办件进度</source>
      <translation>The progress cannot be looked up now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="19" />
      <source>办件系统暂时没有回应。请重试，或请工作人员帮助。</source>
      <translation>The case system does not answer now. Please try again or ask staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="20" />
      <source>查询暂停</source>
      <translation>Looking up is paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="20" />
      <source>{reason}。请稍后再试，或请工作人员帮助。</source>
      <translation>{reason}. Please try again later or ask staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="90" />
      <source>请选择查询方式。</source>
      <translation>Choose how to find your case.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="110" />
      <source>请把身份证放在阅读器感应区上，查询您名下的办件。</source>
      <translation>Place your ID card on the reader to see the cases in your name.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="127" />
      <source>请输入办件编号</source>
      <translation>Type the case number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="130" />
      <source>办件编号共12位数字，印在受理回执上，或见短信。</source>
      <translation>The case number has 12 digits; it is on the receipt and in the text message.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="146" />
      <source>请出示受理回执上的二维码</source>
      <translation>Show the QR code on your receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="146" />
      <source>请把回执上的二维码对准摄像头，离屏幕一拳远。</source>
      <translation>Hold the receipt's QR code to the camera, a fist away from the screen.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="161" />
      <source>正在查询，请稍候……</source>
      <translation>Looking up…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="161" />
      <source>正在向办件系统查询进度。</source>
      <translation>Asking the case system for the progress.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="183" />
      <source>我的办件</source>
      <translation>My cases</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="222" />
      <source>办件进度</source>
      <translation>Case progress</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="224" />
      <source>办件编号</source>
      <translation>Case number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="225" />
      <source>事项</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="226" />
      <source>提交时间</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="229" />
      <source>待补交材料</source>
      <translation>To bring</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="231" />
      <source>领取地点</source>
      <translation>Where to collect</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="233" />
      <source>领取时间</source>
      <translation>When</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="243" />
      <source>请在审批前把待补交材料送到窗口，并出示受理回执。</source>
      <translation>Bring the missing materials to a window before the decision, with your receipt.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="245" />
      <source>进度单没有打印出来。</source>
      <translation>The progress sheet was not printed.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="91" />
      <source>刷身份证</source>
      <translation>ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="91" />
      <source>查询我名下的全部办件</source>
      <translation>All cases in my name</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="92" />
      <source>输入办件编号</source>
      <translation>Case number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="92" />
      <source>12位数字，见受理回执或短信</source>
      <translation>12 digits, on the receipt or in the text message</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="93" />
      <source>扫描回执二维码</source>
      <translation>Receipt QR code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="93" />
      <source>把受理回执上的二维码对准摄像头</source>
      <translation>Hold the receipt's QR code to the camera</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="160" />
      <source>正在打印办件进度单……</source>
      <translation>Printing the progress sheet…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="185" />
      <source>您名下没有查到办件。在本机提交的申请，几分钟后即可查到。</source>
      <translation>No cases in your name. An application made at this kiosk shows here within minutes.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="229" />
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="247" />
      <source>进度单已打印，请取走。</source>
      <translation>The progress sheet is printed. Please take it.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="136" />
      <source>查询</source>
      <translation>Look up</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="223" />
      <source>当前状态：{stage}</source>
      <translation>Stage: {stage}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="232" />
      <source>邮寄送达</source>
      <translation>By express post</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="232" />
      <source>办结后短信通知</source>
      <translation>A text message tells you when it is done</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="252" />
      <source>打印进度单</source>
      <translation>Print progress sheet</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/case_progress/screens.py" line="184" />
      <source>共 {n} 件，请点一件查看进度。</source>
      <translation>{n} cases. Tap one to see its progress.</translation>
    </message>
  </context>
</TS>
