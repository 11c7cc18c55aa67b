<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/lockers/door.py" line="37" />
      <source>柜门还开着。放好后请推上柜门，听到“咔哒”一声即已锁好。</source>
      <translation>The door is still open. When you are done, push it shut: it is locked when it clicks.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/door.py" line="39" />
      <source>柜门开着的时间较长，已通知工作人员。请关好柜门，或在本机旁稍候。</source>
      <translation>The door has been open a long time; the staff have been told. Please close the door, or wait here.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/__init__.py" line="7" />
      <source>投递材料</source>
      <translation>Drop off materials</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/__init__.py" line="7" />
      <source>24小时自助文件柜：放入纸质材料，凭回执查询办理进度</source>
      <translation>24-hour locker: leave paper materials, follow your case with the receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/flow.py" line="33" />
      <source>投递材料：请刷身份证</source>
      <translation>Drop off materials: please read your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/flow.py" line="34" />
      <source>请把材料放入{n}号柜，并关好柜门</source>
      <translation>Put your materials in compartment {n} and close the door</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/flow.py" line="35" />
      <source>投递成功</source>
      <translation>Dropped off</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="24" />
      <source>请先刷身份证</source>
      <translation>Please read your ID card first</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="25" />
      <source>投递材料需要读取身份证，身份证阅读器暂时无法使用。请稍后再试，或请工作人员帮助。</source>
      <translation>Dropping off materials needs your ID card, and the ID card reader is not working right now. Please try again later, or ask the staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="26" />
      <source>文件柜暂时无法使用</source>
      <translation>The locker is not available</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="27" />
      <source>暂时读不到柜门状态。请重试，或请工作人员帮助。</source>
      <translation>The locker doors cannot be read right now. Please try again, or ask the staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="28" />
      <source>没有合适的空柜格</source>
      <translation>No suitable compartment is free</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="29" />
      <source>这么大的柜格暂时都满了。可以返回选择更大的柜格，或在办公时间到窗口递交。</source>
      <translation>All compartments of that size are full. Go back and choose a larger one, or hand your materials in at a window during office hours.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="30" />
      <source>柜门没有打开</source>
      <translation>The door did not open</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="31" />
      <source>这个柜格没有打开，已通知工作人员检修。请点“重试”，系统将为您换一个柜格。</source>
      <translation>This compartment did not open; the staff have been told. Tap "Try again" and you will get another compartment.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="32" />
      <source>文件柜停止响应</source>
      <translation>The locker stopped responding</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="33" />
      <source>柜子暂时无法确认柜门是否关好。如材料已放入，工作人员会核对该柜格并与您联系；请点“呼叫工作人员”。</source>
      <translation>The locker cannot tell now whether the door is closed. If your materials are inside, the staff will check this compartment and contact you. Please tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="35" />
      <source>投递没有登记成功</source>
      <translation>The drop-off was not recorded</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="36" />
      <source>材料已在柜中，但本机暂时无法登记。工作人员会核对该柜格，请点“呼叫工作人员”。</source>
      <translation>Your materials are in the compartment, but this kiosk cannot record them right now. The staff will check it. Please tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="37" />
      <source>投递暂停</source>
      <translation>Drop-off paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="37" />
      <source>{reason}。请稍后再试，或请工作人员帮助。</source>
      <translation>{reason}. Please try again later, or ask the staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="91" />
      <source>请选择要投递材料的事项</source>
      <translation>Choose what your materials are for</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="47" />
      <source>请把身份证放在阅读器感应区上。投递的材料将登记在您的名下，办结后凭身份证或短信取件码取件。</source>
      <translation>Place your ID card on the reader. The materials are recorded in your name; when your case is done, collect the result with your ID card or the pickup code sent by SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="95" />
      <source>已有办件编号（补交材料）的，请点“我有办件编号”。</source>
      <translation>Supplying materials for a case you already have? Tap "I have a case number".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="101" />
      <source>我有办件编号</source>
      <translation>I have a case number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="145" />
      <source>请输入办件编号</source>
      <translation>Enter the case number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="148" />
      <source>办件编号共12位数字，印在受理回执上，或见短信。</source>
      <translation>The case number has 12 digits; it is on your acceptance receipt or in the SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="173" />
      <source>办结后短信通知您取件</source>
      <translation>An SMS when it is ready for pickup</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="176" />
      <source>请输入11位手机号码。号码只用于通知办理结果和取件码。</source>
      <translation>Enter an 11-digit mobile number. It is used only for the result and the pickup code.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="196" />
      <source>柜门已自动弹开。放入全部材料后，推上柜门，听到“咔哒”一声即已锁好。</source>
      <translation>The door has sprung open. Put all your materials in and push the door shut: it is locked when it clicks.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="228" />
      <source>办件编号</source>
      <translation>Case number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="231" />
      <source>柜格</source>
      <translation>Compartment</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="232" />
      <source>投递时间</source>
      <translation>Dropped off at</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="235" />
      <source>事项</source>
      <translation>Item</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="236" />
      <source>工作人员上班后收取材料并办理。办结后将短信通知取件码，凭身份证或取件码在本柜取件。</source>
      <translation>Staff collect the materials when the hall opens. When your case is done, an SMS brings a pickup code; collect it here with your ID card or the code.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="238" />
      <source>回执没有打印出来，请记下办件编号。</source>
      <translation>The receipt was not printed: please note the case number.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="54" />
      <source>下一步</source>
      <translation>Next</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="199" />
      <source>模拟放入材料并关门（演示）</source>
      <translation>Simulate: put in and close (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="235" />
      <source>补交材料</source>
      <translation>Materials for an existing case</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="105" />
      <source>上一页</source>
      <translation>Previous</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="106" />
      <source>下一页</source>
      <translation>Next page</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="178" />
      <source>这不是有效的手机号码，请检查</source>
      <translation>This is not a valid mobile number, please check it</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="182" />
      <source>不需要短信</source>
      <translation>No text, thanks</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="231" />
      <source>{n}号柜</source>
      <translation>No. {n}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="242" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="93" />
      <source>（第 {page}/{pages} 页）</source>
      <translation>(page {page} of {pages})</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/dropoff/screens.py" line="126" />
      <source>材料：</source>
      <translation>Materials: </translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/__init__.py" line="7" />
      <source>自助取件</source>
      <translation>Pick up</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/__init__.py" line="7" />
      <source>刷身份证或输入短信取件码，从文件柜取走办好的证件</source>
      <translation>Collect a finished certificate from the locker with your ID card or the SMS code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/flow.py" line="24" />
      <source>取件：请刷身份证，或输入取件码</source>
      <translation>Pick up: read your ID card, or enter the pickup code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/flow.py" line="25" />
      <source>请从{n}号柜取出您的证件，并关好柜门</source>
      <translation>Take your document from compartment {n} and close the door</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/flow.py" line="26" />
      <source>取件完成</source>
      <translation>Picked up</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="21" />
      <source>暂时无法开柜</source>
      <translation>The compartment cannot be opened now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="22" />
      <source>本机暂时无法登记开柜。请稍后再试，或请工作人员帮助。</source>
      <translation>This kiosk cannot record the opening right now. Please try again later, or ask the staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="24" />
      <source>您的证件还在柜中，工作人员已收到通知，会为您开柜。请点“呼叫工作人员”。</source>
      <translation>Your document is still inside; the staff have been told and will open it for you. Please tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="26" />
      <source>柜子暂时无法确认柜门是否关好。工作人员会核对该柜格，请点“呼叫工作人员”。</source>
      <translation>The locker cannot tell now whether the door is closed. The staff will check this compartment. Please tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="27" />
      <source>取件没有登记成功</source>
      <translation>The pickup was not recorded</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="28" />
      <source>本机暂时无法登记本次取件，工作人员会核对。请点“呼叫工作人员”。</source>
      <translation>This kiosk cannot record the pickup right now; the staff will check. Please tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="29" />
      <source>取件暂停</source>
      <translation>Pickup paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="47" />
      <source>请把身份证放在阅读器感应区上；也可以点“输入取件码”，输入短信中的6位取件码。</source>
      <translation>Place your ID card on the reader, or tap "Enter pickup code" and type the 6-digit code from the SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="66" />
      <source>输入取件码</source>
      <translation>Enter pickup code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="91" />
      <source>请输入取件码</source>
      <translation>Enter the pickup code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="94" />
      <source>取件码是短信中的6位数字；也可以把短信中的二维码对准扫码口。</source>
      <translation>The pickup code is the 6 digits in the SMS; you can also hold the SMS QR code to the scanner.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="129" />
      <source>柜门已自动弹开。取出全部物品后，推上柜门，听到“咔哒”一声即已锁好。</source>
      <translation>The door has sprung open. Take everything out and push the door shut: it is locked when it clicks.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="59" />
      <source>已读取身份证，正在查找您的待取件……</source>
      <translation>ID card read: looking for your pickup…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="150" />
      <source>模拟取出并关门（演示）</source>
      <translation>Simulate: take out and close (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="181" />
      <source>正在登记取件，请稍候……</source>
      <translation>Recording the pickup, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="181" />
      <source>柜门已关好。</source>
      <translation>The door is closed.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="100" />
      <source>开柜</source>
      <translation>Open</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="134" />
      <source>再次开门</source>
      <translation>Open again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="136" />
      <source>已取走我的物品</source>
      <translation>I took what is mine</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="172" />
      <source>{n}号柜已关好，取件已登记。请妥善保管您的证件。</source>
      <translation>Compartment {n} is closed and the pickup is recorded. Please keep your document safe.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/pickup/screens.py" line="147" />
      <source>{n}号柜内还有物品</source>
      <translation>Something is still in compartment {n}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="28" />
      <source>柜内还有物品。请全部取出后关门；不是您的物品请点“呼叫工作人员”。</source>
      <translation>Something is still inside. Take everything out and close the door; if it is not yours, tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="29" />
      <source>没有找到这个办件编号，请核对回执或短信上的编号。</source>
      <translation>No case has this number. Please check it on your receipt or SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="30" />
      <source>暂时无法核对办件编号，将先行登记，稍后由系统核对。</source>
      <translation>The case number cannot be checked now: it is recorded and checked later.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="31" />
      <source>没有找到这个取件码，请核对短信。</source>
      <translation>No pickup has this code. Please check the SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="32" />
      <source>取件码输错次数过多，请稍后再试或联系工作人员。</source>
      <translation>Too many wrong codes. Please try later or ask the staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="33" />
      <source>您的柜格需要工作人员先处理，请点“呼叫工作人员”。</source>
      <translation>Your compartment needs the staff first. Please tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="34" />
      <source>柜中没有这张身份证的待取件。也可以输入短信中的取件码。</source>
      <translation>Nothing is waiting for this ID card. You can also enter the code from the SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="35" />
      <source>暂时无法凭身份证查询，请输入短信中的取件码。</source>
      <translation>The ID card cannot be checked right now: please enter the code from the SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="36" />
      <source>暂时无法查询，请稍后再试或联系工作人员。</source>
      <translation>It cannot be checked right now. Please try later or ask the staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="37" />
      <source>身份证阅读器暂时无法使用，请输入短信中的取件码。</source>
      <translation>The ID card reader is not working: please enter the code from the SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="38" />
      <source>这个柜格里没有对应的物品，请联系工作人员。</source>
      <translation>This compartment does not hold that. Please ask the staff.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="39" />
      <source>暂时读不到柜子的状态，请检查文件柜的电源和连线。</source>
      <translation>The locker cannot be read right now: check its power and cable.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="40" />
      <source>柜门没有打开，已记录为异常柜格。</source>
      <translation>The door did not open; the compartment is flagged.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="41" />
      <source>{subject}号柜已收取。</source>
      <translation>Compartment {subject} collected.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="42" />
      <source>已收取 {subject} 个柜格的材料。</source>
      <translation>Materials collected from {subject} compartments.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="43" />
      <source>证件已放入{subject}号柜，取件码将以短信通知申请人。</source>
      <translation>Certificate loaded into compartment {subject}; the applicant gets the pickup code by SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="44" />
      <source>{subject}号柜已处理。</source>
      <translation>Compartment {subject} resolved.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="19" />
      <source>小格</source>
      <translation>Small</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="19" />
      <source>信封、几页纸</source>
      <translation>An envelope, a few pages</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="20" />
      <source>中格</source>
      <translation>Medium</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="20" />
      <source>文件袋、一叠材料</source>
      <translation>A document bag, a stack of papers</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="21" />
      <source>大格</source>
      <translation>Large</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="21" />
      <source>档案盒、厚材料</source>
      <translation>A file box, thick materials</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="137" />
      <source>柜门已打开，完成后请关好柜门。</source>
      <translation>The door is open; close it when you are done.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="164" />
      <source>正在开锁……</source>
      <translation>Unlocking…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="200" />
      <source>材料有多大？</source>
      <translation>How big are your materials?</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="200" />
      <source>请选择能放下材料的柜格，系统自动分配。</source>
      <translation>Choose a size they fit in; a compartment is assigned for you.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="165" />
      <source>柜门已打开</source>
      <translation>The door is open</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="228" />
      <source>正在查看空闲柜格……</source>
      <translation>Looking for free compartments…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="136" />
      <source>请打开{n}号柜</source>
      <translation>Open compartment {n}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="229" />
      <source>正在分配柜格……</source>
      <translation>Assigning a compartment…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="226" />
      <source>已满</source>
      <translation>Full</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="241" />
      <source>正在登记，请稍候……</source>
      <translation>Recording, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="242" />
      <source>正在打印回执，请稍候……</source>
      <translation>Printing your receipt, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="242" />
      <source>回执从下方出票口送出。</source>
      <translation>The receipt comes out of the slot below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="243" />
      <source>正在打开柜门……</source>
      <translation>Opening the door…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/screens_common.py" line="224" />
      <source>可用 {n} 格</source>
      <translation>{n} free</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/__init__.py" line="7" />
      <source>文件柜管理</source>
      <translation>Locker</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/__init__.py" line="7" />
      <source>收取投递材料、放入办结证件、处理异常柜格</source>
      <translation>Collect drop-offs, load certificates, resolve flagged compartments</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="29" />
      <source>空闲</source>
      <translation>Free</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="30" />
      <source>开启中</source>
      <translation>Opening</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="31" />
      <source>待收取材料</source>
      <translation>Drop-off to collect</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="32" />
      <source>待取件</source>
      <translation>Awaiting pickup</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="37" />
      <source>开柜后未完成（如断电）</source>
      <translation>Opening not finished (e.g. power cut)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="38" />
      <source>柜门被强行打开</source>
      <translation>Door forced open</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="39" />
      <source>柜门长时间未关</source>
      <translation>Door left open</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="40" />
      <source>柜门开着</source>
      <translation>Door open</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="41" />
      <source>记录有物品，柜内为空</source>
      <translation>Recorded full, found empty</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="42" />
      <source>记录为空，柜内有物品</source>
      <translation>Recorded free, item found</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="43" />
      <source>开锁失败</source>
      <translation>Lock did not release</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="44" />
      <source>投递后未检测到材料</source>
      <translation>Nothing sensed after drop-off</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="45" />
      <source>放证后未检测到物品</source>
      <translation>Nothing sensed after loading</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="46" />
      <source>维护人员开过柜</source>
      <translation>Opened by a technician</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="22" />
      <source>开着的柜格已记录为异常。请检查文件柜的电源和连线，恢复后在“文件柜管理”中处理。</source>
      <translation>The open compartment is flagged. Check the locker's power and cable, then resolve it under "Locker".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="23" />
      <source>没有登记成功</source>
      <translation>Not recorded</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="24" />
      <source>本机暂时无法登记。该柜格将标记为异常，请稍后在“文件柜管理”中处理。</source>
      <translation>This kiosk cannot record it right now. The compartment will be flagged: resolve it later under "Locker".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="25" />
      <source>文件柜暂停</source>
      <translation>Locker paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="25" />
      <source>{reason}。</source>
      <translation>{reason}.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="52" />
      <source>状态未知</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="140" />
      <source>尺寸</source>
      <translation>Size</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="141" />
      <source>记录</source>
      <translation>Record</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="145" />
      <source>柜子报告</source>
      <translation>Locker reports</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="147" />
      <source>异常</source>
      <translation>Flag</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="165" />
      <source>放入办结证件：请输入办件编号</source>
      <translation>Load a certificate: enter the case number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="166" />
      <source>办件编号共12位数字，见办结证件的流转单。放入后系统自动短信通知申请人取件码。</source>
      <translation>The case number has 12 digits (see the routing slip). Once loaded, the applicant gets the pickup code by SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="171" />
      <source>证件放哪种柜格？</source>
      <translation>Which size for the certificate?</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="171" />
      <source>系统自动分配一个空闲柜格并打开。</source>
      <translation>A free compartment is assigned and opened.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="88" />
      <source>正在读取柜子状态……</source>
      <translation>Reading the locker…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="143" />
      <source>有物品</source>
      <translation>item inside</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="143" />
      <source>空</source>
      <translation>empty</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="143" />
      <source>无感应</source>
      <translation>no sensor</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="148" />
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="186" />
      <source>检查柜内物品，关好柜门后登记检查结果。</source>
      <translation>Check what is inside, close the door, then record what you found.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="193" />
      <source>模拟完成并关门（演示）</source>
      <translation>Simulate: done, close (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="210" />
      <source>柜子检测到柜内有物品。</source>
      <translation>The locker senses an item inside.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="210" />
      <source>柜子检测到柜内为空。</source>
      <translation>The locker senses it is empty.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="211" />
      <source>该柜格没有物品感应。</source>
      <translation>This compartment has no item sensor.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="212" />
      <source>请登记检查结果：</source>
      <translation>Record what you found:</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="93" />
      <source>空闲 {free} · 待收取 {dropoff} · 待取件 {loaded} · 异常 {flagged}</source>
      <translation>Free {free} · to collect {dropoff} · awaiting pickup {loaded} · flagged {flagged}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="117" />
      <source>放入办结证件</source>
      <translation>Load a certificate</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="144" />
      <source>开</source>
      <translation>open</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="144" />
      <source>关</source>
      <translation>closed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="144" />
      <source>未知</source>
      <translation>unknown</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="145" />
      <source>柜门{door} · {item}</source>
      <translation>door {door} · {item}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="153" />
      <source>开柜收取材料</source>
      <translation>Open and collect</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="156" />
      <source>开柜检查</source>
      <translation>Open and check</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="209" />
      <source>{n}号柜检查结果</source>
      <translation>Compartment {n}: what did you find?</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="214" />
      <source>物品保留在柜中</source>
      <translation>Left inside</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="216" />
      <source>已全部取出，柜格空闲</source>
      <translation>Emptied: free</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="97" />
      <source> · 状态未知 {n}</source>
      <translation> · unknown {n}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="182" />
      <source>取出全部投递材料后关好柜门，系统登记为已收取并通知办件系统。</source>
      <translation>Take out all the materials and close the door: they are recorded as collected and the case system is told.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="184" />
      <source>放入办结证件后关好柜门，系统生成取件码并短信通知申请人。</source>
      <translation>Put the certificate in and close the door: a pickup code goes to the applicant by SMS.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="185" />
      <source>{n}号柜：请检查后关门</source>
      <translation>Compartment {n}: check, then close</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="107" />
      <source>{n}号柜 · {size}</source>
      <translation>No. {n} · {size}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="118" />
      <source>收取全部材料（{n}）</source>
      <translation>Collect all ({n})</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="181" />
      <source>{n}号柜：请取出材料并关门</source>
      <translation>Compartment {n}: take the materials, close</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/lockers/staff/screens.py" line="183" />
      <source>{n}号柜：请放入证件并关门</source>
      <translation>Compartment {n}: put the certificate in, close</translation>
    </message>
  </context>
</TS>
