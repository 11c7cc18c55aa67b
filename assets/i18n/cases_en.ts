<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/cases/__init__.py" line="23" />
      <source>在线申报：请刷身份证</source>
      <translation>Apply online: place your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/__init__.py" line="24" />
      <source>请选择要申请的事项</source>
      <translation>Choose the service you apply for</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/__init__.py" line="25" />
      <source>请按提示提供材料</source>
      <translation>Please hand in the materials as shown</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/__init__.py" line="26" />
      <source>请输入手机号码，用于通知办理结果</source>
      <translation>Type your mobile number for messages about the result</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/__init__.py" line="27" />
      <source>请核对申请信息，无误后点确认提交</source>
      <translation>Check your application, then tap Submit</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/__init__.py" line="28" />
      <source>申请已提交，请取走受理回执</source>
      <translation>Your application is in. Please take the receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/__init__.py" line="10" />
      <source>在线申报</source>
      <translation>Apply online</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/__init__.py" line="10" />
      <source>扫描或从U盘提交材料，申请办理事项</source>
      <translation>Hand in materials by scanning or from a USB stick</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/flow.py" line="43" />
      <source>用高拍仪扫描</source>
      <translation>Scan with the document camera</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/flow.py" line="43" />
      <source>把纸质材料放在高拍仪下</source>
      <translation>Lay the paper under the document camera</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/flow.py" line="44" />
      <source>从U盘导入</source>
      <translation>Import from a USB stick</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/flow.py" line="44" />
      <source>PDF、JPG或PNG文件</source>
      <translation>PDF, JPG or PNG files</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="22" />
      <source>请先刷身份证</source>
      <translation>Please place your ID card first</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="23" />
      <source>在线申报需要读取身份证，身份证阅读器暂时无法使用。请稍后再试，或请工作人员帮助。</source>
      <translation>Applying needs your ID card, and the card reader is not working now. Please try again later or ask staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="24" />
      <source>申请没有提交成功</source>
      <translation>The application was not submitted</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="25" />
      <source>本机暂时无法保存您的申请。请重试，或请工作人员帮助。</source>
      <translation>The kiosk cannot store your application now. Please try again or ask staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="26" />
      <source>申报暂停</source>
      <translation>Applying is paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="26" />
      <source>{reason}。请稍后再试，或请工作人员帮助。</source>
      <translation>{reason}. Please try again later or ask staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="62" />
      <source>请把身份证放在阅读器感应区上。申请将以您的名义提交，办理进度可凭身份证查询。</source>
      <translation>Place your ID card on the reader. The application is made in your name; follow it later with your ID card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="94" />
      <source>请选择事项所属的业务类别</source>
      <translation>Choose the area of your service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="134" />
      <source>选择事项后，按办事指南逐项提供材料。</source>
      <translation>After choosing, hand in the materials of the service guide one by one.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="247" />
      <source>请输入手机号码</source>
      <translation>Type your mobile number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="250" />
      <source>用于短信通知受理、补正材料和办理结果。</source>
      <translation>For text messages about acceptance, missing materials and the result.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="295" />
      <source>办结后如何领取结果？</source>
      <translation>How do you want to receive the result?</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="296" />
      <source>窗口领取请凭身份证或受理回执；邮寄送达免费，由邮政快递送到您填写的地址。</source>
      <translation>At the window: bring your ID card or the receipt. By post: free, by express post to your address.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="311" />
      <source>邮寄地址：请选择区</source>
      <translation>Postal address: choose the district</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="312" />
      <source>依次选择区、道路，再输入门牌号。</source>
      <translation>Choose the district and the road, then type the house number.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="326" />
      <source>邮寄地址：请选择道路</source>
      <translation>Postal address: choose the road</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="351" />
      <source>邮寄地址：请输入门牌号</source>
      <translation>Postal address: type the house number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="385" />
      <source>请核对申请信息</source>
      <translation>Check your application</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="386" />
      <source>申请人</source>
      <translation>Applicant</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="388" />
      <source>事项</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="391" />
      <source>已提供材料</source>
      <translation>Handed in</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="393" />
      <source>到窗口补交</source>
      <translation>Bring to the window</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="394" />
      <source>手机号码</source>
      <translation>Mobile</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="396" />
      <source>领取方式</source>
      <translation>Result</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="399" />
      <source>提交后材料将加密保存并发送到审批部门，本机不保留材料。</source>
      <translation>Your materials are encrypted, sent to the approving office and not kept on the kiosk.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="411" />
      <source>正在提交申请，请稍候……</source>
      <translation>Submitting your application…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="411" />
      <source>材料正在加密保存，不要离开。</source>
      <translation>Your materials are being encrypted and stored. Please stay.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="435" />
      <source>申请已提交</source>
      <translation>Application submitted</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="439" />
      <source>办件编号</source>
      <translation>Case number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="443" />
      <source>提交时间</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="448" />
      <source>审批进度可在自助机凭身份证或办件编号查询，也可扫描回执上的二维码。</source>
      <translation>Follow the case at a kiosk with your ID card or the case number, or scan the QR code on the receipt.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="450" />
      <source>回执没有打印出来，请记下办件编号。</source>
      <translation>The receipt was not printed. Please note the case number.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="66" />
      <source>下一步</source>
      <translation>Next</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="189" />
      <source>必须提供</source>
      <translation>Required</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="189" />
      <source>可选材料</source>
      <translation>Optional</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="191" />
      <source>可容缺受理：可先提交申请，审批前到窗口补交</source>
      <translation>May be brought later: apply now, bring it to a window before the decision</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="197" />
      <source>✓ 到窗口补交</source>
      <translation>✓ Bring to the window</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="205" />
      <source>本机暂时不能扫描或读取U盘。</source>
      <translation>This kiosk cannot scan or read USB sticks now.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="352" />
      <source>号</source>
      <translation> (house no.)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="391" />
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="396" />
      <source>窗口领取</source>
      <translation>Pick up at the window</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="410" />
      <source>正在打印受理回执……</source>
      <translation>Printing the receipt…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="447" />
      <source>邮寄送达</source>
      <translation>By express post</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="151" />
      <source>上一页</source>
      <translation>Previous</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="152" />
      <source>下一页</source>
      <translation>Next page</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="187" />
      <source>材料 {n}/{total}：{name}</source>
      <translation>Material {n}/{total}: {name}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="192" />
      <source>，</source>
      <translation>, </translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="195" />
      <source>✓ 已提交 {pages} 页</source>
      <translation>✓ Handed in: {pages} pages</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="199" />
      <source>✓ 不提供</source>
      <translation>✓ Not handed in</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="206" />
      <source>这项材料可以到窗口补交。</source>
      <translation>You may bring this one to a window later.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="226" />
      <source>重新提供</source>
      <translation>Hand in again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="252" />
      <source>这不是有效的手机号码，请检查</source>
      <translation>This is not a valid mobile number, please check it</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="298" />
      <source>到大厅出件窗口领取</source>
      <translation>At the hall's results window</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="300" />
      <source>快递送到您的地址</source>
      <translation>Delivered to your address</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="389" />
      <source>{name}（{pages}页）</source>
      <translation>{name} ({pages} pages)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="401" />
      <source>返回修改</source>
      <translation>Change</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="402" />
      <source>确认提交</source>
      <translation>Submit</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="132" />
      <source>（第 {page}/{pages} 页）</source>
      <translation>(page {page} of {pages})</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="207" />
      <source>请到窗口递交申请，或请工作人员帮助。</source>
      <translation>Please apply at a window, or ask staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="216" />
      <source>容缺受理，先提交申请</source>
      <translation>Apply now, bring it later</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="219" />
      <source>不提供</source>
      <translation>Leave out</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="357" />
      <source>最多{n}位数字。</source>
      <translation>Up to {n} digits.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="397" />
      <source>邮寄送达：{address}</source>
      <translation>By post: {address}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="104" />
      <source>{n}个事项</source>
      <translation>{n} services</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/cases/screens.py" line="144" />
      <source>材料：</source>
      <translation>Materials: </translation>
    </message>
  </context>
</TS>
