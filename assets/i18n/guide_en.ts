<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
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
      <location filename="kiosk/journeys/guide/screens.py" line="32" />
      <source>自助服务区24小时开放；取号请在办公时间内。</source>
      <translation>The self-service area is open 24 hours; queue tickets are issued during office hours.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="50" />
      <source>业务区</source>
      <translation>Zone</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="50" />
      <source>业务</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="50" />
      <source>窗口</source>
      <translation>Windows</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/guide/screens.py" line="41" />
      <source>返回首页</source>
      <translation>Home</translation>
    </message>
  </context>
</TS>
