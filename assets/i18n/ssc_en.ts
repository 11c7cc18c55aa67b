<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/ssc/__init__.py" line="21" />
      <source>请刷身份证，或输入身份证号码</source>
      <translation>Please place your ID card, or type your ID number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/__init__.py" line="22" />
      <source>请确认制卡信息，点开始制卡后请不要离开</source>
      <translation>Please check your new card. After "Make my card", please stay here</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/__init__.py" line="23" />
      <source>正在制卡，大约两分钟，请不要离开</source>
      <translation>Making your card takes about two minutes. Please stay here</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/__init__.py" line="24" />
      <source>请取走您的新社保卡</source>
      <translation>Please take your new social-security card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/__init__.py" line="25" />
      <source>补换卡完成，请取走凭条</source>
      <translation>Your card is replaced. Please take the receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/__init__.py" line="26" />
      <source>制卡没有成功，卡片已经回收，请看屏幕上的说明</source>
      <translation>The card could not be made and was taken back in. Please read the screen</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/__init__.py" line="8" />
      <source>社保卡补换卡</source>
      <translation>Social-security card replacement</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/__init__.py" line="8" />
      <source>挂失补卡、坏卡换卡，约2分钟当场取新卡</source>
      <translation>Report a lost or broken card, take a new one in about 2 minutes</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="28" />
      <source>正常</source>
      <translation>In use</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="28" />
      <source>已挂失</source>
      <translation>Reported lost</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="28" />
      <source>已补换</source>
      <translation>Replaced</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="29" />
      <source>新卡待领取</source>
      <translation>New card to collect</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="29" />
      <source>已作废</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="30" />
      <source>已受理，等待制卡</source>
      <translation>Accepted, waiting for the card to be made</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="30" />
      <source>正在制卡</source>
      <translation>Card being made</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="31" />
      <source>新卡已制好，等待领取</source>
      <translation>New card made, waiting to be collected</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="31" />
      <source>新卡已领取</source>
      <translation>New card collected</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="32" />
      <source>新卡已回收保管，请到窗口领取</source>
      <translation>New card kept safe: collect it at the window</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="33" />
      <source>已取消</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="34" />
      <source>挂失补卡（换新卡号）</source>
      <translation>Lost card replacement (new card number)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="34" />
      <source>换卡（卡号不变）</source>
      <translation>Card replacement (same card number)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="37" />
      <source>本机的空白卡用完了。</source>
      <translation>This kiosk has run out of blank cards.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="38" />
      <source>发卡机里有卡片卡住了，工作人员会取出处理。</source>
      <translation>A card is stuck in the card dispenser; staff will take it out.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="39" />
      <source>发卡机的回收箱满了。</source>
      <translation>The card dispenser's reject bin is full.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="40" />
      <source>发卡机没有正常工作。</source>
      <translation>The card dispenser did not work properly.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="41" />
      <source>读卡器没有读到新卡。</source>
      <translation>The card reader could not read the new card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="42" />
      <source>发卡机送出的不是空白卡。</source>
      <translation>The card dispenser gave a card that was not blank.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="43" />
      <source>社保卡系统暂时连接不上。</source>
      <translation>The social-security card system cannot be reached right now.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="44" />
      <source>新卡写入没有成功。</source>
      <translation>Writing the new card did not succeed.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="45" />
      <source>新卡核对没有通过。</source>
      <translation>The new card did not pass its check.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="46" />
      <source>本机暂时无法保存制卡记录。</source>
      <translation>This kiosk cannot store the card record right now.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="49" />
      <source>验证码不正确，请核对短信后重新输入。</source>
      <translation>The code is not correct. Please check the text message and type it again.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="50" />
      <source>验证码已失效，请点“重新发送”。</source>
      <translation>The code is no longer valid. Please tap "Send again".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="51" />
      <source>这不是有效的身份证号码，请检查。</source>
      <translation>This is not a valid ID number. Please check it.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="52" />
      <source>这张证件不能用来办理社保卡。请点“输入身份证号码”。</source>
      <translation>This card cannot be used for a social-security card. Please tap "Type ID number".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="20" />
      <source>暂时无法办理社保卡</source>
      <translation>Social-security cards are not available right now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="21" />
      <source>社保卡系统没有回应。您可以重试，或到人社窗口办理。</source>
      <translation>The social-security card system did not answer. You can try again, or go to the social-security window.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="22" />
      <source>无法在本机办理</source>
      <translation>Not possible at this kiosk</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="23" />
      <source>请到人社窗口办理，工作人员会帮助您。</source>
      <translation>Please go to the social-security window; staff will help you.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="24" />
      <source>补换卡暂停</source>
      <translation>Card replacement paused</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="25" />
      <source>{reason}。请到人社窗口办理，或请工作人员帮助。</source>
      <translation>{reason}. Please go to the social-security window, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="59" />
      <source>人社窗口</source>
      <translation>the social-security window</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="195" />
      <source>制卡约需2分钟，请不要离开。</source>
      <translation>Making the card takes about 2 minutes. Please stay here.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="60" />
      <source>{floor}楼 {windows} 号人社窗口</source>
      <translation>social-security windows {windows}, floor {floor}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="90" />
      <source>社保卡补换卡：请刷身份证</source>
      <translation>Card replacement: please place your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="91" />
      <source>请把本人居民身份证放在阅读器感应区上。没带身份证，请点“输入身份证号码”，我们会发验证码到您登记的手机。</source>
      <translation>Place your own resident ID card on the reader. No ID card with you? Tap "Type ID number" and we will text a code to the mobile number on record.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="131" />
      <source>请输入身份证号码</source>
      <translation>Please type your ID number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="134" />
      <source>18位，最后一位可能是 X。验证码会发到您在社保登记的手机上。</source>
      <translation>18 characters; the last one may be X. The code goes to the mobile number on your social-security record.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="156" />
      <source>请输入短信验证码</source>
      <translation>Please type the code from the text message</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="223" />
      <source>您的社保卡</source>
      <translation>Your social-security card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="228" />
      <source>持卡人</source>
      <translation>Holder</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="229" />
      <source>卡号</source>
      <translation>Card number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="231" />
      <source>卡片状态</source>
      <translation>Card status</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="233" />
      <source>有效期至</source>
      <translation>Valid until</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="236" />
      <source>补换卡申请</source>
      <translation>Replacement application</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="240" />
      <source>您有一个未完成的补换卡申请，可以继续办理。</source>
      <translation>You have an unfinished replacement application. You can continue it.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="273" />
      <source>确认挂失</source>
      <translation>Confirm the loss report</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="309" />
      <source>使用档案照片</source>
      <translation>Use the photo on record</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="310" />
      <source>新卡将使用您档案中的照片（上次办卡时的照片）。</source>
      <translation>The new card will use the photo on your record (from your last card).</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="335" />
      <source>需要缴费</source>
      <translation>A fee is due</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="357" />
      <source>请确认制卡信息</source>
      <translation>Please check the new card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="362" />
      <source>业务</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="365" />
      <source>新卡卡号</source>
      <translation>New card number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="366" />
      <source>有效期</source>
      <translation>Valid</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="369" />
      <source>照片</source>
      <translation>Photo</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="370" />
      <source>点“开始制卡”后约2分钟出卡，请不要离开。新卡从出卡口送出。</source>
      <translation>After "Make my card" the card comes out in about 2 minutes, from the card slot. Please stay here.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="429" />
      <source>新卡已制好</source>
      <translation>Your new card is ready</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="430" />
      <source>请从出卡口取走您的新社保卡</source>
      <translation>Please take your new social-security card from the slot</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="459" />
      <source>结果</source>
      <translation>Result</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="463" />
      <source>凭条</source>
      <translation>Receipt</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="468" />
      <source>原卡已停用。请妥善保管新卡。</source>
      <translation>Your old card no longer works. Please keep the new card safe.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="486" />
      <source>制卡没有成功</source>
      <translation>The card could not be made</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="490" />
      <source>卡片已回收作废，不会被他人使用。</source>
      <translation>The card was taken back in and cancelled; nobody else can use it.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="97" />
      <source>身份证阅读器暂时无法使用，请输入身份证号码。</source>
      <translation>The ID card reader is not working right now. Please type your ID number.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="110" />
      <source>输入身份证号码</source>
      <translation>Type the number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="160" />
      <source>验证码已发送到 {mobile}，5分钟内有效。</source>
      <translation>A code was sent to {mobile}. It is valid for 5 minutes.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="181" />
      <source>正在发送验证码……</source>
      <translation>Sending the code…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="181" />
      <source>请留意手机短信。</source>
      <translation>Please watch for the text message.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="182" />
      <source>正在核对验证码……</source>
      <translation>Checking the code…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="183" />
      <source>正在查询您的社保卡……</source>
      <translation>Looking up your social-security card…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="183" />
      <source>正在连接社保卡系统。</source>
      <translation>Connecting to the social-security card system.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="184" />
      <source>正在办理挂失……</source>
      <translation>Reporting the card lost…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="185" />
      <source>正在准备制卡信息……</source>
      <translation>Preparing your new card…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="186" />
      <source>正在打印凭条……</source>
      <translation>Printing the receipt…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="186" />
      <source>凭条从下方出票口送出。</source>
      <translation>The receipt comes out of the slot below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="197" />
      <source>正在检查发卡机……</source>
      <translation>Checking the card dispenser…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="198" />
      <source>正在出卡……</source>
      <translation>Taking out a blank card…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="199" />
      <source>正在写卡……</source>
      <translation>Writing your card…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="200" />
      <source>正在核对新卡……</source>
      <translation>Checking the new card…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="200" />
      <source>马上就好。</source>
      <translation>Almost done.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="201" />
      <source>正在送出新卡……</source>
      <translation>Handing out the new card…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="201" />
      <source>请准备在出卡口取卡。</source>
      <translation>Please be ready to take it from the card slot.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="202" />
      <source>正在回收卡片……</source>
      <translation>Taking the card back in…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="202" />
      <source>卡片会保存在本机，不会被他人取走。</source>
      <translation>The card is kept inside the kiosk; nobody else can take it.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="204" />
      <source>正在制卡，请稍候……</source>
      <translation>Making your card, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="237" />
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="302" />
      <source>需要照片</source>
      <translation>A photo is needed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="369" />
      <source>档案照片</source>
      <translation>Photo on record</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="369" />
      <source>不需要</source>
      <translation>Not needed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="458" />
      <source>新卡已回收保管</source>
      <translation>Your new card is kept safe</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="458" />
      <source>补换卡完成</source>
      <translation>Card replaced</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="459" />
      <source>新卡已由本机回收保管</source>
      <translation>The new card was taken back in and is kept safe</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="460" />
      <source>新卡已领取，可以正常使用</source>
      <translation>New card taken; it is ready to use</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="463" />
      <source>已打印，请取走</source>
      <translation>Printed, please take it</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="464" />
      <source>没有打印出来（不影响新卡使用）</source>
      <translation>Not printed (your new card works all the same)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="487" />
      <source>制卡过程中出现了问题。</source>
      <translation>Something went wrong while making the card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="492" />
      <source>卡片留在发卡机里，工作人员会取出作废。</source>
      <translation>The card stayed inside the dispenser; staff will take it out and cancel it.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="505" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="108" />
      <source>模拟刷证（演示）</source>
      <translation>Demo: ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="140" />
      <source>获取验证码</source>
      <translation>Send me a code</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="171" />
      <source>重新发送</source>
      <translation>Send again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="173" />
      <source>下一步</source>
      <translation>Next</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="241" />
      <source>继续办理</source>
      <translation>Continue</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="249" />
      <source>卡丢了：先挂失，再当场补一张新卡（新卡号）。卡坏了：当场换一张新卡（卡号不变）。</source>
      <translation>Lost card: report it lost, then take a new card here (new number). Broken card: take a new card here (same number).</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="275" />
      <source>挂失后，卡号 {card} 的社保卡立即停止使用，找到了也不能再用。
挂失后会为您当场制作一张新卡（新卡号）。</source>
      <translation>Once reported lost, card {card} stops working at once, even if you find it again.
A new card (with a new number) is then made for you here.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="336" />
      <source>补卡需缴费 {yuan} 元。本机暂不支持扫码缴费，请到{where}缴费办理。</source>
      <translation>A fee of {yuan} yuan is due. This kiosk cannot take payment by QR code yet; please pay at {where}.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="339" />
      <source>我知道了</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="366" />
      <source>{start} 至 {end}</source>
      <translation>{start} to {end}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="373" />
      <source>开始制卡</source>
      <translation>Make my card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="432" />
      <source>{seconds}秒内没有取走，卡片会被收回本机保管，您可凭身份证到窗口领取。</source>
      <translation>If it is not taken within {seconds} seconds, the card is taken back in and kept; collect it at the window with your ID card.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="436" />
      <source>模拟取卡（演示）</source>
      <translation>Simulate taking the card (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="466" />
      <source>您没有及时取卡。新卡很安全，请凭身份证到{where}领取。</source>
      <translation>The card was not taken in time. It is safe: collect it with your ID card at {where}.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="494" />
      <source>您可以点“重试”，用另一张卡重新制作；或到{where}办理。</source>
      <translation>You can tap "Try again" to make it on another blank card, or go to {where}.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="497" />
      <source>请到{where}办理，工作人员会帮助您。</source>
      <translation>Please go to {where}; staff will help you.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="163" />
      <source>演示：验证码是 {code}</source>
      <translation>Demo: the code is {code}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="244" />
      <source>您的新卡已制好，由大厅保管。请凭身份证到{where}领取。</source>
      <translation>Your new card is made and kept by the hall. Collect it with your ID card at {where}.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="255" />
      <source>这张卡已经挂失。现在可以补一张新卡。</source>
      <translation>This card is already reported lost. You can take a new card now.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="303" />
      <source>年满7周岁的社保卡需要照片，您的档案里还没有照片。
请到{where}拍照办理。</source>
      <translation>Cards for people aged 7 and over need a photo, and there is none on your record.
Please go to {where} to have your photo taken.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="247" />
      <source>没有可以补换的社保卡，请到{where}咨询。</source>
      <translation>There is no card to replace. Please ask at {where}.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="250" />
      <source>换卡（卡已损坏）</source>
      <translation>Card broken</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/ssc/screens.py" line="252" />
      <source>挂失并补卡</source>
      <translation>Card lost</translation>
    </message>
  </context>
</TS>
