<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/ssc_query/__init__.py" line="18" />
      <source>请插入社保卡，或刷身份证</source>
      <translation>Please insert your social-security card, or place your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/__init__.py" line="8" />
      <source>社保卡查询</source>
      <translation>Social-security card: check</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/__init__.py" line="8" />
      <source>插社保卡或刷身份证，查卡片状态和补卡进度</source>
      <translation>Insert your card or place your ID card: your card's status and replacement progress</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="22" />
      <source>这是一张还没有制作的空白卡，请插入您本人的社保卡。</source>
      <translation>This is a blank card that was never made. Please insert your own social-security card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="25" />
      <source>这张卡不是社保卡。请插入社保卡，芯片朝上、向里插。</source>
      <translation>This is not a social-security card. Insert your social-security card, chip up, chip first.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="26" />
      <source>卡片被拔出了，请重新插入，读完前不要拔卡。</source>
      <translation>The card was pulled out. Please insert it again and leave it in until it is read.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="28" />
      <source>制作中</source>
      <translation>Being made</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="28" />
      <source>已制好</source>
      <translation>Made</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="28" />
      <source>制作失败，已作废</source>
      <translation>Failed, cancelled</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="29" />
      <source>已领取</source>
      <translation>Collected</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="29" />
      <source>由大厅保管，待领取</source>
      <translation>Kept by the hall, to be collected</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="17" />
      <source>社保卡系统没有回应。您可以重试，或到人社窗口查询。</source>
      <translation>The social-security card system did not answer. You can try again, or ask at the social-security window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="18" />
      <source>没有查到</source>
      <translation>Nothing found</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="19" />
      <source>请到人社窗口查询，工作人员会帮助您。</source>
      <translation>Please ask at the social-security window; staff will help you.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="20" />
      <source>查询暂停</source>
      <translation>Checking paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="20" />
      <source>{reason}。请到人社窗口查询。</source>
      <translation>{reason}. Please ask at the social-security window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="53" />
      <source>社保卡查询：请插卡或刷身份证</source>
      <translation>Check your card: insert it, or place your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="93" />
      <source>正在查询您的社保卡……</source>
      <translation>Looking up your social-security card…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="93" />
      <source>正在连接社保卡系统。</source>
      <translation>Connecting to the social-security card system.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="111" />
      <source>社保卡查询结果</source>
      <translation>Your social-security card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="118" />
      <source>持卡人</source>
      <translation>Holder</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="119" />
      <source>卡号</source>
      <translation>Card number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="121" />
      <source>卡片状态</source>
      <translation>Card status</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="123" />
      <source>有效期至</source>
      <translation>Valid until</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="138" />
      <source>卡丢了或坏了？可以在本机“社保卡补换卡”，约2分钟取新卡。</source>
      <translation>Lost or broken card? "Social-security card replacement" on this kiosk gives you a new card in about 2 minutes.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="58" />
      <source>把社保卡芯片朝上插入读卡器</source>
      <translation>insert your social-security card, chip up, into the card reader</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="60" />
      <source>把身份证放在阅读器感应区上</source>
      <translation>place your ID card on the ID card reader</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="65" />
      <source>读卡器暂时无法使用，请到人社窗口查询。</source>
      <translation>The card readers are not working right now. Please ask at the social-security window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="66" />
      <source>等待插卡或刷卡……</source>
      <translation>Waiting for a card…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="128" />
      <source>补换卡申请</source>
      <translation>Replacement application</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="134" />
      <source>制卡记录</source>
      <translation>Cards made</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="136" />
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="73" />
      <source>模拟插卡（演示）</source>
      <translation>Demo: insert card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="76" />
      <source>模拟刷证（演示）</source>
      <translation>Demo: ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="126" />
      <source>补换卡</source>
      <translation>Replacement</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="134" />
      <source>还没有制卡</source>
      <translation>No card made yet</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="140" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="62" />
      <source>请{ways}。查询只看信息，不会改变您的卡。</source>
      <translation>Please {ways}. Checking only shows information; it changes nothing on your card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc_query/screens.py" line="63" />
      <source>，或</source>
      <translation>, or </translation>
    </message>
  </context>
</TS>
