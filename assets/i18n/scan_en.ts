<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/scan/__init__.py" line="21" />
      <source>请把二维码对准摄像头</source>
      <translation>Hold the QR code to the camera</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/__init__.py" line="22" />
      <source>请查看您的预约信息</source>
      <translation>Please check your appointment</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/__init__.py" line="23" />
      <source>核验结果已显示在屏幕上</source>
      <translation>The result is on the screen</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/__init__.py" line="24" />
      <source>签到成功，请取走您的号票</source>
      <translation>Checked in. Please take your ticket</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/__init__.py" line="25" />
      <source>号票没有打印出来，您的号码已经登记</source>
      <translation>The ticket did not print. Your number is registered</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/__init__.py" line="9" />
      <source>扫码</source>
      <translation>Scan a code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/__init__.py" line="9" />
      <source>预约码签到取号、电子证照核验</source>
      <translation>Appointment check-in, e-certificate verification</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="29" />
      <source>没有找到这个预约码对应的预约。请核对后再扫，或到窗口咨询。</source>
      <translation>No appointment was found for this code. Check it and scan again, or ask at a window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="32" />
      <source>本大厅不办理这项预约业务，请到窗口咨询。</source>
      <translation>This hall does not handle this appointment's service; please ask at a window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="36" />
      <source>✓ 真实有效</source>
      <translation>✓ Genuine and valid</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="37" />
      <source>⚠ 证照真实，但已被发证机关注销</source>
      <translation>⚠ Genuine, but revoked by its issuer</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="38" />
      <source>⚠ 证照真实，但已过有效期</source>
      <translation>⚠ Genuine, but expired</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="18" />
      <source>系统没有回应。您可以重试，或请工作人员帮助。</source>
      <translation>The system does not answer. You can try again, or ask the staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="19" />
      <source>暂时无法签到取号</source>
      <translation>Cannot check in right now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="20" />
      <source>排队系统没有回应。您可以重试，或请工作人员帮助。</source>
      <translation>The queue system did not answer. You can try again or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="21" />
      <source>无法签到</source>
      <translation>Cannot check in</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="22" />
      <source>这个预约现在不能签到。请工作人员帮助您。</source>
      <translation>This appointment cannot be checked in now. The staff will help you.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="23" />
      <source>扫码暂停</source>
      <translation>Scanning paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="49" />
      <source>正在查询，请稍候……</source>
      <translation>Checking, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="49" />
      <source>正在向中心系统核对二维码。</source>
      <translation>Checking the QR code with the central system.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="72" />
      <source>业务</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="74" />
      <source>预约时间</source>
      <translation>Appointment</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="75" />
      <source>预约码</source>
      <translation>Appointment code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="110" />
      <source>电子证照核验结果</source>
      <translation>E-certificate check</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="118" />
      <source>证照名称</source>
      <translation>Certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="119" />
      <source>持证人</source>
      <translation>Holder</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="120" />
      <source>发证机关</source>
      <translation>Issued by</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="122" />
      <source>发证日期</source>
      <translation>Issued on</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="123" />
      <source>有效期至</source>
      <translation>Valid until</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="124" />
      <source>证照编号</source>
      <translation>Certificate no.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="70" />
      <source>已找到您的预约</source>
      <translation>Your appointment</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="70" />
      <source>没有找到预约</source>
      <translation>No appointment found</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="82" />
      <source>再扫一个</source>
      <translation>Scan another</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="112" />
      <source>✗ 查无此证照：这个二维码不是有效的电子证照</source>
      <translation>✗ Not found: this QR code is not a genuine e-certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="123" />
      <source>长期</source>
      <translation>No end date</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="79" />
      <source>号码：{number}</source>
      <translation>Number: {number}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="85" />
      <source>签到并取号</source>
      <translation>Check in and take a number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/scan/screens.py" line="128" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
  </context>
</TS>
