<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/portrait/__init__.py" line="23" />
      <source>自助拍摄证件照。请坐正，面向屏幕，然后点同意并开始拍照</source>
      <translation>Take your ID photo. Sit up straight facing the screen, then tap Agree and start</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/__init__.py" line="24" />
      <source>请看着镜头，按屏幕提示调整</source>
      <translation>Look into the camera and follow the hints on the screen</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/__init__.py" line="25" />
      <source>请确认照片。满意请点使用这张照片</source>
      <translation>Please check your photo. If you like it, tap Use this photo</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/__init__.py" line="26" />
      <source>照片已保存，请取走照片回执</source>
      <translation>Your photo is saved. Please take the photo receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/__init__.py" line="27" />
      <source>照片回执没有打印出来，照片已经保存</source>
      <translation>The photo receipt was not printed; your photo is saved</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/__init__.py" line="9" />
      <source>拍证件照</source>
      <translation>ID photo</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/__init__.py" line="9" />
      <source>自助拍摄证件照，打印照片回执</source>
      <translation>Take an ID photo yourself and print the photo receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="20" />
      <source>照片暂时无法保存</source>
      <translation>The photo cannot be saved right now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="21" />
      <source>本机没能保存照片，请重试，或请工作人员帮助。</source>
      <translation>This kiosk could not save the photo. Please try again, or ask the staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="22" />
      <source>拍照暂停</source>
      <translation>ID photos paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="45" />
      <source>自助拍摄证件照</source>
      <translation>Take your ID photo</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="47" />
      <source>1. 请坐正，面向屏幕，摘下帽子，露出眉毛和耳朵。</source>
      <translation>1. Sit up straight facing the screen; take off your hat so eyebrows and ears show.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="48" />
      <source>2. 按屏幕提示调整位置，满足要求后自动拍照。</source>
      <translation>2. Follow the hints on the screen; the photo is taken by itself once everything is right.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="49" />
      <source>3. 确认照片后打印照片回执，办证时出示回执或报出照片编号。</source>
      <translation>3. Confirm the photo and take the printed receipt; show it or quote the photo code at the window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="54" />
      <source>点“同意并开始拍照”即表示您同意本机拍摄您的人像，仅用于办理证件。照片上传后本机不保留。</source>
      <translation>By tapping “Agree and start” you agree that this kiosk takes your portrait, used only for your documents. The kiosk keeps no copy once it is uploaded.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="77" />
      <source>正在保存照片，请稍候……</source>
      <translation>Saving the photo, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="77" />
      <source>照片将上传到办件系统。</source>
      <translation>The photo goes to the case system.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="92" />
      <source>照片编号</source>
      <translation>Photo code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="115" />
      <source>照片已保存</source>
      <translation>Photo saved</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="117" />
      <source>办理证件时，请向窗口出示照片回执或报出照片编号。照片上传后本机不保留。</source>
      <translation>At the window, show the photo receipt or quote the photo code. The kiosk keeps no copy once it is uploaded.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="143" />
      <source>照片回执没有打印出来</source>
      <translation>The photo receipt was not printed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="76" />
      <source>正在打印照片回执，请稍候……</source>
      <translation>Printing the photo receipt, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="76" />
      <source>回执从下方出票口送出。</source>
      <translation>The receipt comes out of the slot below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="119" />
      <source>请从下方出票口取走照片回执</source>
      <translation>Please take the photo receipt from the slot below</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="120" />
      <source>请记下照片编号</source>
      <translation>Please note the photo code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="146" />
      <source>照片已经保存，不会丢失。请记下照片编号，或点“重新打印”，或请工作人员帮助。</source>
      <translation>The photo is saved and will not be lost. Note the photo code, tap “Print again”, or ask the staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="155" />
      <source>我已记下编号</source>
      <translation>I noted the code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="50" />
      <source>照片规格：{w}×{h} 像素，{dpi} dpi，白色背景。</source>
      <translation>Photo: {w}×{h} px, {dpi} dpi, white background.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="58" />
      <source>同意并开始拍照</source>
      <translation>Agree and start</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/portrait/screens.py" line="122" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
  </context>
</TS>
