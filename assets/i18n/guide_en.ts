<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/guide/__init__.py" line="16" />
      <source>这是大厅导览。点地图上的业务区，可以查看怎么走</source>
      <translation>This is the hall guide. Tap a zone on the map to see the way</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/__init__.py" line="6" />
      <source>大厅导览</source>
      <translation>Hall guide</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/__init__.py" line="6" />
      <source>各业务区的楼层、窗口和办公时间（24小时）</source>
      <translation>Floors, windows and office hours of every zone (24 hours)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="52" />
      <source>自助服务区24小时开放；取号请在办公时间内。</source>
      <translation>The self-service area is open 24 hours; queue tickets are issued during office hours.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="66" />
      <source>点地图上的业务区，查看怎么走。</source>
      <translation>Tap a zone on the map to see the way.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="43" />
      <source>您在这里</source>
      <translation>You are here</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="43" />
      <source>电梯</source>
      <translation>Lift</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="72" />
      <source>请乘电梯到 {floor} 楼，出电梯后前往 {zone} 区（{name}）。</source>
      <translation>Take the lift to floor {floor}, then go to zone {zone} ({name}).</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="70" />
      <source>从这里沿走廊前往 {zone} 区（{name}），红色虚线为路线。</source>
      <translation>From here, follow the corridor to zone {zone} ({name}): the red dashed line is the way.</translation>
    </message>
  </context>
</TS>
