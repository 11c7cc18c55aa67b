<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/traffic_fines/__init__.py" line="21" />
      <source>请选择要缴纳的罚款</source>
      <translation>Please choose the fine to pay</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/__init__.py" line="22" />
      <source>请用手机扫描屏幕上的二维码完成支付</source>
      <translation>Please scan the QR code on the screen with your phone to pay</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/__init__.py" line="23" />
      <source>缴款成功，请取走缴费凭证</source>
      <translation>Paid. Please take the receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/__init__.py" line="10" />
      <source>交通违法缴款</source>
      <translation>Traffic fines</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/__init__.py" line="10" />
      <source>刷身份证查询本人交通违法罚款，扫码缴纳</source>
      <translation>Find your traffic fines with your ID card and pay by QR code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="19" />
      <source>暂时查不到交通违法记录</source>
      <translation>Traffic records cannot be looked up now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="20" />
      <source>公安交通管理系统暂时连接不上，请重试，或到窗口办理。</source>
      <translation>The traffic police system cannot be reached. Please try again, or go to the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="21" />
      <source>暂时无法缴款</source>
      <translation>Payment is not possible now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="22" />
      <source>缴费系统暂时无法创建订单，请重试，或到窗口办理。</source>
      <translation>The payment system cannot create an order now. Please try again, or go to the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="23" />
      <source>身份核验暂时无法进行</source>
      <translation>The identity check is not available now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="24" />
      <source>身份核验服务暂时连接不上，请重试，或到窗口办理。</source>
      <translation>The identity service cannot be reached. Please try again, or go to the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="25" />
      <source>办理暂停</source>
      <translation>Paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="25" />
      <source>{reason}。请使用其他自助机，或到窗口办理。</source>
      <translation>{reason}. Please use another kiosk, or go to the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="33" />
      <source>正在查询交通违法记录，请稍候……</source>
      <translation>Looking up your traffic fines, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="57" />
      <source>本人交通违法罚款</source>
      <translation>Your traffic fines</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="61" />
      <source>没有需要缴纳的交通违法罚款。</source>
      <translation>You have no traffic fines to pay.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="94" />
      <source>选择其他罚款</source>
      <translation>Another fine</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="63" />
      <source>共 {n} 笔未缴罚款，请选择要缴纳的一笔：</source>
      <translation>{n} unpaid fines. Choose one to pay:</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="79" />
      <source>{at} {place}，车牌 {plate}，记 {points} 分</source>
      <translation>{at} {place}, plate {plate}, {points} points</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/traffic_fines/screens.py" line="64" />
      <source>（另有 {n} 笔已缴）</source>
      <translation>({n} more already paid)</translation>
    </message>
  </context>
</TS>
