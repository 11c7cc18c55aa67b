<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="27" />
      <source>请选择要办理的证明</source>
      <translation>Please choose the document you need</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="28" />
      <source>请把身份证放在阅读器上</source>
      <translation>Please place your ID card on the reader</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="29" />
      <source>请阅读说明，同意后进行人脸核验</source>
      <translation>Please read this, then agree to the face check</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="30" />
      <source>请看着摄像头，眨一眨眼睛</source>
      <translation>Please look at the camera and blink</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="31" />
      <source>请把手指放在指纹仪上</source>
      <translation>Please put your finger on the fingerprint pad</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="32" />
      <source>核验没有通过，请再试一次</source>
      <translation>The check did not pass. Please try again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="33" />
      <source>无法核验您的身份，请到窗口办理</source>
      <translation>Your identity could not be checked. Please go to the window</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="35" />
      <source>请选择证明的用途</source>
      <translation>Please choose what the document is for</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="36" />
      <source>证明已打印，请取走</source>
      <translation>The document is printed. Please take it</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="37" />
      <source>证明没有打印出来，请看屏幕上的说明</source>
      <translation>The document was not printed. Please read the screen</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="12" />
      <source>公安自助</source>
      <translation>Police self-service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/__init__.py" line="12" />
      <source>临时身份证明、无犯罪记录证明、居住证明</source>
      <translation>Temporary ID proof, no-criminal-record certificate, residence certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="37" />
      <source>临时身份证明</source>
      <translation>Temporary ID proof</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="37" />
      <source>身份证丢失或正在办理时，乘车、住宿等临时使用</source>
      <translation>For travel or a hotel while your ID card is lost or being made</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="39" />
      <source>无犯罪记录证明</source>
      <translation>No-criminal-record certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="39" />
      <source>就业、出国（境）、入学等需要时使用</source>
      <translation>For a job, travel abroad, school and the like</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="42" />
      <source>居住证明</source>
      <translation>Residence certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="42" />
      <source>子女入学、社保医保等需要证明居住地时使用</source>
      <translation>Proof of where you live: school places, social and health insurance</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="38" />
      <source>乘坐火车</source>
      <translation>Train travel</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="38" />
      <source>乘坐飞机</source>
      <translation>Air travel</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="38" />
      <source>住宿登记</source>
      <translation>Hotel registration</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="38" />
      <source>银行业务</source>
      <translation>Banking</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="38" />
      <source>其他</source>
      <translation>Other</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="40" />
      <source>就业</source>
      <translation>Employment</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="40" />
      <source>出国（境）</source>
      <translation>Travel abroad</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="40" />
      <source>入学</source>
      <translation>School admission</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="40" />
      <source>资格审查</source>
      <translation>Qualification check</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="43" />
      <source>子女入学</source>
      <translation>Child's school place</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="43" />
      <source>社保医保</source>
      <translation>Social and health insurance</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/flow.py" line="43" />
      <source>就业登记</source>
      <translation>Employment registration</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="21" />
      <source>证明暂时无法出具</source>
      <translation>The document cannot be issued now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="22" />
      <source>公安业务系统没有出具证明，请重试，或到窗口办理。</source>
      <translation>The police system did not issue the document. Please try again, or go to the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="23" />
      <source>身份核验暂时无法进行</source>
      <translation>The identity check is not available now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="24" />
      <source>身份核验服务暂时连接不上，请重试，或到窗口办理。</source>
      <translation>The identity service cannot be reached. Please try again, or go to the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="25" />
      <source>办理暂停</source>
      <translation>Paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="25" />
      <source>{reason}。请使用其他自助机，或到窗口办理。</source>
      <translation>{reason}. Please use another kiosk, or go to the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="63" />
      <source>公安自助：请选择要办理的证明</source>
      <translation>Police self-service: choose a document</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="71" />
      <source>办理前需要刷身份证并核验本人身份（人脸或指纹）。</source>
      <translation>You need your ID card and a check that it is yours (face or fingerprint).</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="119" />
      <source>正在出具证明，请稍候……</source>
      <translation>Issuing the document, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="138" />
      <source>验证码</source>
      <translation>Verification code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="199" />
      <source>证明没有打印出来</source>
      <translation>The document was not printed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="118" />
      <source>正在打印取件凭条，请稍候……</source>
      <translation>Printing the pick-up receipt, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="118" />
      <source>凭条从下方出票口送出。</source>
      <translation>The receipt comes out of the slot below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="140" />
      <source>取件码</source>
      <translation>Pick-up code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="170" />
      <source>证明上印有验证码和二维码，使用单位可扫码核验真伪。</source>
      <translation>The document carries a verification code and QR code: whoever receives it can check it is genuine.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="171" />
      <source>请从下方文件出口取走证明</source>
      <translation>Please take the document from the tray below</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="202" />
      <source>证明已经出具，不会丢失。请记下取件码到窗口领取，或点“重新打印”，或请工作人员帮助。</source>
      <translation>The document was issued and is not lost. Note the pick-up code and collect it at the window, tap "Print again", or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="211" />
      <source>我已记下取件码</source>
      <translation>Noted</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="96" />
      <source>{doc}：请选择用途</source>
      <translation>{doc}: what is it for?</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="99" />
      <source>身份核验已通过：{name}</source>
      <translation>Identity checked: {name}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="117" />
      <source>正在打印证明，请稍候……</source>
      <translation>Printing the document, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="117" />
      <source>证明从下方文件出口送出。</source>
      <translation>The document comes out of the tray below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="166" />
      <source>{doc}已出具</source>
      <translation>{doc} issued</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="175" />
      <source>请取走取件凭条</source>
      <translation>Please take the pick-up receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="176" />
      <source>请记下取件码</source>
      <translation>Please note the pick-up code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/police/screens.py" line="173" />
      <source>请凭取件码领取纸质证明。</source>
      <translation>Collect the paper document with the pick-up code.</translation>
    </message>
  </context>
</TS>
