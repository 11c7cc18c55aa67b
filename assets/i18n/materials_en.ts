<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/steps/docscan.py" line="42" />
      <source>请把材料平放在高拍仪下方</source>
      <translation>Lay the document flat under the document camera</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/docscan.py" line="43" />
      <source>请把材料平放在高拍仪下方，四个角都要露出来</source>
      <translation>Lay the document flat under the camera with all four corners showing</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/docscan.py" line="44" />
      <source>画面不清晰，请把材料放平，手离开材料</source>
      <translation>The picture is blurred: lay the document flat and take your hand away</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/docscan.py" line="45" />
      <source>请保持不动，马上拍照</source>
      <translation>Hold still, taking the picture now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/docscan.py" line="46" />
      <source>正在拍照，请不要移动材料</source>
      <translation>Taking the picture, please do not move the document</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/docscan.py" line="47" />
      <source>请翻到下一页或换下一张，放好后自动拍照</source>
      <translation>Turn to the next page or lay the next sheet down; it is taken by itself</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/docscan.py" line="48" />
      <source>没有找到材料的四个角，请把材料放在框内再拍</source>
      <translation>The four corners of the document were not found: lay it inside the picture and try again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="41" />
      <source>不是PDF、JPG或PNG文件</source>
      <translation>not a PDF, JPG or PNG file</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="42" />
      <source>文件太大</source>
      <translation>file too large</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="43" />
      <source>是链接，不是文件</source>
      <translation>a link, not a file</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="44" />
      <source>文件内容与文件名不符</source>
      <translation>the content does not match the file name</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="45" />
      <source>文件已损坏，打不开</source>
      <translation>the file is damaged and cannot be opened</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="46" />
      <source>PDF里有脚本，本机不接收，请另存为普通PDF</source>
      <translation>the PDF contains scripts, which this kiosk does not accept: save it as a plain PDF</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="47" />
      <source>页数太多</source>
      <translation>too many pages</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="48" />
      <source>图片太大</source>
      <translation>picture too large</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="49" />
      <source>文件太复杂，无法处理</source>
      <translation>the file is too complex to process</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="50" />
      <source>文件处理超时</source>
      <translation>the file took too long to process</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="51" />
      <source>读取失败</source>
      <translation>could not be read</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="56" />
      <source>请把U盘插入下方的USB接口</source>
      <translation>Insert your USB stick into the USB port below</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="57" />
      <source>请选择要提交的文件</source>
      <translation>Choose the files to hand in</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/usbimport.py" line="58" />
      <source>请取走您的U盘</source>
      <translation>Please take your USB stick</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="35" />
      <source>高拍仪暂时无法使用。请选择其他提交方式，或请工作人员帮助。</source>
      <translation>The document camera is not available. Choose another way to hand in, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="127" />
      <source>材料正面朝上放平，四个角都在画面里。放稳后自动拍照，也可以点“拍照”。</source>
      <translation>Lay the document face up with all four corners in the picture. It is taken by itself once it lies still, or tap "Take picture".</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="193" />
      <source>请检查每一页是否清楚完整。可以旋转、重拍或删除某一页，还有下一页请点“继续扫描”。</source>
      <translation>Check that every page is clear and complete. You can turn, retake or delete a page; for another page tap "Scan more".</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="124" />
      <source>高拍仪暂时无法使用</source>
      <translation>The document camera is not available</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="122" />
      <source>扫描材料：{name}</source>
      <translation>Scan: {name}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="141" />
      <source>模拟：放一页材料（演示）</source>
      <translation>Simulate: a page (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="145" />
      <source>拍照</source>
      <translation>Take picture</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="191" />
      <source>{name}：已扫描 {n} 页</source>
      <translation>{name}: {n} page(s) scanned</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="203" />
      <source>继续扫描</source>
      <translation>Scan more</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="225" />
      <source>旋转</source>
      <translation>Turn</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="130" />
      <source>已扫描 {n} 页</source>
      <translation>{n} page(s) scanned</translation>
    </message>
    <message>
      <location filename="kiosk/ui/docscan_screens.py" line="222" />
      <source>第 {n} 页</source>
      <translation>Page {n}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="17" />
      <source>U盘已拔出，没有读取任何文件。需要时请重新插入。</source>
      <translation>The USB stick was taken out; nothing was read from it. Insert it again if you need to.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="18" />
      <source>这个U盘读不出来。请换一个U盘，或选择扫描材料。</source>
      <translation>This USB stick cannot be read. Try another stick, or scan the document instead.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="19" />
      <source>U盘里没有可以提交的PDF、JPG或PNG文件。</source>
      <translation>There are no PDF, JPG or PNG files on the stick to hand in.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="20" />
      <source>所选文件都不能使用，请选择其他文件。</source>
      <translation>None of the chosen files can be used. Please choose others.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="64" />
      <source>可以提交PDF、JPG、PNG文件。本机只读取您选择的文件，不会修改或保留U盘里的内容。</source>
      <translation>PDF, JPG and PNG files can be handed in. The kiosk reads only the files you choose and never changes or keeps what is on your stick.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="99" />
      <source>点文件名选择，可以选多个，按点选的顺序合成一份材料。</source>
      <translation>Tap a file to choose it. You can choose several; they become one document in the order you tap them.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="100" />
      <source>正在读取文件，请稍候……</source>
      <translation>Reading the files, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="119" />
      <source>U盘里文件太多，只列出了一部分。</source>
      <translation>There are too many files on the stick; only some are listed.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="159" />
      <source>没有读取任何文件。</source>
      <translation>Nothing was read.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="36" />
      <source>{name}：{problem}</source>
      <translation>{name}: {problem}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="62" />
      <source>从U盘导入：{name}</source>
      <translation>From a USB stick: {name}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="72" />
      <source>模拟：插入U盘（演示）</source>
      <translation>Simulate: insert a USB stick (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="98" />
      <source>选择文件：{name}</source>
      <translation>Choose files: {name}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="130" />
      <source>使用所选文件</source>
      <translation>Use the chosen files</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="164" />
      <source>模拟：拔出U盘（演示）</source>
      <translation>Simulate: take the stick out (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="117" />
      <source>另有 {n} 个文件不是可提交的类型或太大，未列出。</source>
      <translation>{n} other file(s) are of a type that cannot be handed in, or too large, and are not listed.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/usb_screens.py" line="158" />
      <source>已读取 {n} 页，取走U盘后继续。</source>
      <translation>{n} page(s) read. Take your stick out to go on.</translation>
    </message>
  </context>
</TS>
