<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/reissue/__init__.py" line="16" />
      <source>请输入您错过的号码</source>
      <translation>Please type the number you missed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/__init__.py" line="17" />
      <source>补号成功，请取走您的号票</source>
      <translation>Done. Please take your new ticket</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/__init__.py" line="18" />
      <source>号票没有打印出来，您的号码已经登记</source>
      <translation>The ticket did not print. Your number is registered</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/__init__.py" line="6" />
      <source>补号</source>
      <translation>Missed my number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/__init__.py" line="6" />
      <source>错过了叫号？重新领号，不用重新排队</source>
      <translation>Missed your call? Get a new ticket without queuing again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="11" />
      <source>暂时无法补号</source>
      <translation>Re-issuing is not possible right now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="12" />
      <source>排队系统没有回应。您可以重试，或请工作人员帮助。</source>
      <translation>The queue system did not answer. You can try again or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="13" />
      <source>无法补号</source>
      <translation>Cannot re-issue this number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="14" />
      <source>请核对号票上的号码，再输入一次；或请工作人员帮助。</source>
      <translation>Please check the number on your ticket and type it again, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="15" />
      <source>补号暂停</source>
      <translation>Re-issuing paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="16" />
      <source>{reason}。请使用其他取号机，或请工作人员帮助。</source>
      <translation>{reason}. Please use another ticket machine or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="32" />
      <source>补号：请输入您错过的号码</source>
      <translation>Missed your number? Enter it here</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="36" />
      <source>号码印在号票上方，例如 C023：先点字母，再输入三位数字。补号后按原来的顺序叫号，不用重新排队。</source>
      <translation>The number is at the top of your ticket, e.g. C023: tap the letter, then the three digits. You keep your place — no need to queue again.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/reissue/screens.py" line="42" />
      <source>确认补号</source>
      <translation>Get new ticket</translation>
    </message>
  </context>
</TS>
