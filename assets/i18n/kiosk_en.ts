<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/flows/flow.py" line="35" />
      <source>您好，请选择要办理的业务</source>
      <translation>Welcome. Please choose a service</translation>
    </message>
    <message>
      <location filename="kiosk/flows/flow.py" line="36" />
      <source>出了点问题，请看屏幕上的说明</source>
      <translation>Something went wrong. Please read the screen</translation>
    </message>
    <message>
      <location filename="kiosk/flows/flow.py" line="37" />
      <source>本机暂停服务，请到服务窗口办理</source>
      <translation>This kiosk is out of service. Please go to a service window</translation>
    </message>
    <message>
      <location filename="kiosk/flows/flow.py" line="38" />
      <source>请取走您的身份证</source>
      <translation>Please take your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/identity.py" line="58" />
      <source>请正对摄像头，看着屏幕</source>
      <translation>Face the camera and look at the screen</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/identity.py" line="59" />
      <source>请正对摄像头，把脸放进框内</source>
      <translation>Face the camera and bring your face into the outline</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/identity.py" line="60" />
      <source>画面中只能有一个人，请其他人稍微让开</source>
      <translation>Only one person in the picture, please: others, step aside</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/identity.py" line="61" />
      <source>请眨一眨眼睛</source>
      <translation>Please blink</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/identity.py" line="62" />
      <source>很好，请保持不动</source>
      <translation>Good, hold still</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="31" />
      <source>请面向屏幕坐好，正视镜头</source>
      <translation>Sit facing the screen and look into the camera</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="34" />
      <source>光线太暗：请正对屏幕，不要遮挡补光灯</source>
      <translation>Too dark: face the screen and do not block the light</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="35" />
      <source>光线太亮：请避开强光，稍微后退一点</source>
      <translation>Too bright: avoid strong light, move back a little</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="36" />
      <source>请靠近一点</source>
      <translation>Come a little closer</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="37" />
      <source>请离远一点</source>
      <translation>Move back a little</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="38" />
      <source>请向左一点</source>
      <translation>Move a little to your left</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="39" />
      <source>请向右一点</source>
      <translation>Move a little to your right</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="40" />
      <source>请把头抬高一点</source>
      <translation>Raise your head a little</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="41" />
      <source>请把头放低一点</source>
      <translation>Lower your head a little</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="42" />
      <source>请摘下眼镜</source>
      <translation>Please take off your glasses</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="43" />
      <source>请睁开眼睛，看着镜头</source>
      <translation>Open your eyes and look into the camera</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="44" />
      <source>请把头摆正，不要歪头</source>
      <translation>Hold your head straight, do not tilt it</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="45" />
      <source>画面模糊，请保持不动</source>
      <translation>The picture is blurred: please keep still</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="46" />
      <source>脸上光线不均匀，请正对屏幕坐好</source>
      <translation>Uneven light on your face: sit straight facing the screen</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="47" />
      <source>很好，请保持不动，马上拍照</source>
      <translation>Good, keep still: the photo is taken in a moment</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/photo.py" line="48" />
      <source>正在拍照，请保持不动</source>
      <translation>Taking the photo, keep still</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/qrscan.py" line="19" />
      <source>请把二维码对准摄像头，离屏幕一拳远</source>
      <translation>Hold the QR code to the camera, a hand's width from the screen</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/steps/qrscan.py" line="20" />
      <source>这个二维码不是预约码或电子证照，请换一个</source>
      <translation>This QR code is not an appointment or an e-certificate; please show another</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="26" />
      <source>摄像头暂时无法使用。请联系工作人员，或稍后再试。</source>
      <translation>The camera is not working right now. Please ask the staff, or try again later.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="29" />
      <source>没有找到这个预约码对应的预约，请核对后再扫。</source>
      <translation>No appointment was found for this code. Please check it and scan again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="30" />
      <source>这个预约已经签到过了。</source>
      <translation>This appointment has already been checked in.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="31" />
      <source>这个预约不是今天的，今天不能签到。</source>
      <translation>This appointment is not for today and cannot be checked in today.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="32" />
      <source>这个预约不是您选择的业务。请返回重新选择业务。</source>
      <translation>This appointment is for another service. Go back and choose that service.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="37" />
      <source>画面中只有您一人</source>
      <translation>Only you in the picture</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="38" />
      <source>光线明暗合适</source>
      <translation>Light is right</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="39" />
      <source>距离合适</source>
      <translation>Distance is right</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="40" />
      <source>位置居中</source>
      <translation>Centred</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="41" />
      <source>未戴眼镜</source>
      <translation>No glasses</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="42" />
      <source>眼睛睁开</source>
      <translation>Eyes open</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="43" />
      <source>头部端正</source>
      <translation>Head straight</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="44" />
      <source>画面清晰</source>
      <translation>Picture sharp</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="45" />
      <source>脸部光线均匀</source>
      <translation>Even light on the face</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="192" />
      <source>拍证件照：请看着镜头</source>
      <translation>ID photo: look into the camera</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="197" />
      <source>把脸放进框内，眼睛平视镜头。所有要求都满足后会自动拍照。</source>
      <translation>Bring your face into the outline and look straight into the camera. The photo is taken by itself once everything is right.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="277" />
      <source>请确认照片</source>
      <translation>Please check your photo</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="287" />
      <source>照片满意请点“使用这张照片”。不满意可以重拍。</source>
      <translation>If you like it, tap “Use this photo”. If not, you can take it again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="315" />
      <source>请出示二维码</source>
      <translation>Show your QR code</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="331" />
      <source>手机上的二维码请把屏幕调亮；纸质的请放平，不要反光。</source>
      <translation>On a phone, turn the screen brightness up; on paper, hold it flat without glare.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="357" />
      <source>请出示预约二维码</source>
      <translation>Show your appointment QR code</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="357" />
      <source>请把预约短信或预约页面上的二维码对准摄像头</source>
      <translation>Hold the QR code from your appointment SMS or page to the camera</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="182" />
      <source>返回</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="194" />
      <source>摄像头暂时无法使用</source>
      <translation>The camera is not working right now</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="290" />
      <source>已经不能再重拍了</source>
      <translation>No more retakes</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="291" />
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="295" />
      <source>使用这张照片</source>
      <translation>Use this photo</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="216" />
      <source>模拟：换个姿势（演示）</source>
      <translation>Simulate: another pose (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="293" />
      <source>重拍</source>
      <translation>Retake</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="336" />
      <source>模拟：出示二维码（演示）</source>
      <translation>Simulate: show a QR code (demo)</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="285" />
      <source>证件照 {w}×{h} 像素，{dpi} dpi，白色背景</source>
      <translation>ID photo {w}×{h} px, {dpi} dpi, white background</translation>
    </message>
    <message>
      <location filename="kiosk/ui/camera_steps.py" line="289" />
      <source>还可以重拍 {n} 次</source>
      <translation>{n} retakes left</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="25" />
      <source>没有检测到手指。请把手指平放在指纹仪上，再点“再试一次”。</source>
      <translation>No finger was found. Lay your finger flat on the pad, then tap "Try again".</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="26" />
      <source>指纹不清晰。请擦干手指，抬起后重新平放，再点“再试一次”。</source>
      <translation>The fingerprint was not clear. Dry your finger, lift it and lay it flat again, then tap "Try again".</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="27" />
      <source>画面中没有找到人脸。请正对摄像头，再试一次。</source>
      <translation>No face was found in the picture. Please face the camera and try again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="42" />
      <source>请携带身份证到人工窗口办理。</source>
      <translation>Please take your ID card to a staffed window.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="291" />
      <source>请到窗口办理</source>
      <translation>Please go to the window</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="291" />
      <source>您选择了不进行人脸或指纹核验。窗口工作人员会查验您的身份证，为您办理。</source>
      <translation>You chose not to have your face or fingerprint checked. Staff at the window will check your ID card and help you.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="293" />
      <source>本机暂时无法核验身份</source>
      <translation>This kiosk cannot check identities now</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="293" />
      <source>本机的摄像头和指纹仪暂时无法使用。窗口工作人员会查验您的身份证，为您办理。</source>
      <translation>The camera and fingerprint pad of this kiosk are not working. Staff at the window will check your ID card and help you.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="295" />
      <source>本机无法核验您的身份</source>
      <translation>This kiosk cannot check your identity</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="295" />
      <source>没有可用于比对的照片。窗口工作人员会查验您的身份证，为您办理。</source>
      <translation>There is no photo to compare with. Staff at the window will check your ID card and help you.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="297" />
      <source>身份证阅读器暂时无法使用。窗口工作人员会查验您的身份证，为您办理。</source>
      <translation>The ID card reader is not working. Staff at the window will check your ID card and help you.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="43" />
      <source>请携带身份证到 {floor} 楼 {zone} {windows} 号窗口办理。</source>
      <translation>Please take your ID card to floor {floor}, {zone}, windows {windows}.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="67" />
      <source>身份核验：请刷身份证</source>
      <translation>Identity check: place your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="68" />
      <source>请把本人身份证放在阅读器感应区上。下一步将核验您是否为持证人本人。</source>
      <translation>Place your own ID card on the reader. Next, the kiosk checks that you are its holder.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="110" />
      <source>人脸或指纹核验：请先阅读并同意</source>
      <translation>Face or fingerprint check: please read and agree first</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="111" />
      <source>为确认您是身份证持有人本人，本机将采集您的人脸图像（或指纹），与身份证照片（或公安机关留存的信息）比对。人脸和指纹属于敏感个人信息，仅用于本次身份核验。</source>
      <translation>To confirm that you are the holder of the ID card, this kiosk takes a picture of your face (or your fingerprint) and compares it with the card's photo (or the police record). Face and fingerprint are sensitive personal information; they are used only for this check.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="114" />
      <source>采集的图像只在本次核验中使用，不在本机保存，核验结束后立即删除，不用于其他用途。</source>
      <translation>The picture is used for this check only: it is not stored on this kiosk, it is deleted as soon as the check ends, and it is used for nothing else.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="116" />
      <source>您也可以不进行人脸或指纹核验，改到人工窗口办理。</source>
      <translation>You may instead go to a staffed window, without a face or fingerprint check.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="158" />
      <source>人脸核验：请看着摄像头</source>
      <translation>Face check: look at the camera</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="207" />
      <source>指纹核验</source>
      <translation>Fingerprint check</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="208" />
      <source>请把手指平放在指纹仪上</source>
      <translation>Lay your finger flat on the fingerprint pad</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="209" />
      <source>请使用办理身份证时登记的手指，放稳，听到提示后抬起。</source>
      <translation>Use the finger you gave when your ID card was made; hold it still and lift it when told.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="229" />
      <source>正在核验身份，请稍候……</source>
      <translation>Checking your identity, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="229" />
      <source>比对完成后，采集的图像立即删除。</source>
      <translation>The picture is deleted as soon as the comparison is done.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="326" />
      <source>无法核验您的身份</source>
      <translation>Your identity could not be checked</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="55" />
      <source>不用指纹，到窗口办理</source>
      <translation>Go to the window</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="56" />
      <source>不用人脸，到窗口办理</source>
      <translation>Go to the window</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="87" />
      <source>已读取身份证，请稍候……</source>
      <translation>ID card read, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="167" />
      <source>请摘下帽子和口罩，正对摄像头。看到提示后眨一眨眼睛，本机确认是真人后自动比对。</source>
      <translation>Take off hat and mask and face the camera. Blink when asked: once the kiosk sees a live person it compares by itself.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="228" />
      <source>正在准备指纹核验，请稍候……</source>
      <translation>Preparing the fingerprint check, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="252" />
      <source>没有找到人脸</source>
      <translation>No face found</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="255" />
      <source>核验没有通过</source>
      <translation>The check did not pass</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="256" />
      <source>本次比对结果与身份证不一致。请摘下帽子、口罩和眼镜，正对摄像头再试一次。</source>
      <translation>The comparison did not match the ID card. Take off hat, mask and glasses, face the camera and try again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="266" />
      <source>再试一次</source>
      <translation>Try again</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="71" />
      <source>已读取：{name}</source>
      <translation>Read: {name}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="76" />
      <source>到窗口办理</source>
      <translation>Go to the window</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="118" />
      <source>不同意，到窗口办理</source>
      <translation>No, use the window</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="120" />
      <source>同意并开始核验</source>
      <translation>Agree and start the check</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="175" />
      <source>改用指纹</source>
      <translation>Use a fingerprint</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="178" />
      <source>模拟眨眼（演示）</source>
      <translation>Demo: blink</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="215" />
      <source>改用人脸</source>
      <translation>Use the face</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="258" />
      <source>还可以再试 {n} 次</source>
      <translation>{n} tries left</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="284" />
      <source>呼叫工作人员</source>
      <translation>Call staff</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="285" />
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="kiosk/ui/identity_screens.py" line="327" />
      <source>已连续 {n} 次核验没有通过，本机不能再为您办理。为保护您的信息安全，采集的图像已经删除。</source>
      <translation>The check failed {n} times in a row, so this kiosk cannot go on. To protect your information, the pictures taken were deleted.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="14" />
      <source>非常满意</source>
      <translation>Very satisfied</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="14" />
      <source>满意</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="14" />
      <source>基本满意</source>
      <translation>Fairly satisfied</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="14" />
      <source>不满意</source>
      <translation>Dissatisfied</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="15" />
      <source>非常不满意</source>
      <translation>Very dissatisfied</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="17" />
      <source>办理时间太长</source>
      <translation>It took too long</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="18" />
      <source>操作指引不清楚</source>
      <translation>Instructions unclear</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="19" />
      <source>设备不好用</source>
      <translation>Machine hard to use</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="20" />
      <source>需要重复提供信息</source>
      <translation>Had to give details again</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="21" />
      <source>事情没有办成</source>
      <translation>My matter was not done</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="22" />
      <source>求助没有及时回应</source>
      <translation>Help came late</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="25" />
      <source>方便快捷</source>
      <translation>Quick and easy</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="26" />
      <source>指引清楚</source>
      <translation>Clear instructions</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="27" />
      <source>长辈模式好用</source>
      <translation>Elder mode helped</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="28" />
      <source>希望增加更多服务</source>
      <translation>More services, please</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="29" />
      <source>等候时间长</source>
      <translation>Long wait</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="30" />
      <source>需要人工帮助</source>
      <translation>I needed staff help</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="100" />
      <source>请您评价本次服务</source>
      <translation>Please rate this service</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="101" />
      <source>您的评价帮助我们改进服务。评价是匿名的，也可以跳过。</source>
      <translation>Your rating helps us improve. It is anonymous, and you may skip it.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="111" />
      <source>请至少选择一个原因。</source>
      <translation>Please choose at least one reason.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="114" />
      <source>还想说（可选）：</source>
      <translation>Anything else (optional):</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="105" />
      <source>哪里让您不满意？（必选，可多选）</source>
      <translation>What went wrong? (choose at least one)</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="106" />
      <source>哪里可以做得更好？（可多选）</source>
      <translation>What could be better? (any number)</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="118" />
      <source>跳过</source>
      <translation>Skip</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating.py" line="120" />
      <source>提交评价</source>
      <translation>Send rating</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="159" />
      <source>周一</source>
      <translation>Mon</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="159" />
      <source>周二</source>
      <translation>Tue</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="159" />
      <source>周三</source>
      <translation>Wed</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="159" />
      <source>周四</source>
      <translation>Thu</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="159" />
      <source>周五</source>
      <translation>Fri</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="159" />
      <source>周六</source>
      <translation>Sat</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="159" />
      <source>周日</source>
      <translation>Sun</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="161" />
      <source>周一至周五</source>
      <translation>Mon–Fri</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="164" />
      <source>、</source>
      <translation>, </translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="165" />
      <source>办公时间：{days} {sessions}（法定节假日除外）</source>
      <translation>Office hours: {days} {sessions} (closed on public holidays)</translation>
    </message>
    <message>
      <location filename="kiosk/ui/screen_base.py" line="110" />
      <source>第 {step} 步 / 共 {steps} 步</source>
      <translation>Step {step} of {steps}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="150" />
      <source>请到服务窗口办理，或使用其他自助机。本机恢复后会自动重新开放。</source>
      <translation>Please go to a service window or use another kiosk. This kiosk reopens by itself once it is fixed.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="193" />
      <source>这不是有效的手机号码，请检查</source>
      <translation>This is not a valid mobile number, please check it</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="198" />
      <source>下一步</source>
      <translation>Next</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating_bar.py" line="50" />
      <source>谢谢您的评价！</source>
      <translation>Thank you for your rating!</translation>
    </message>
    <message>
      <location filename="kiosk/ui/rating_bar.py" line="50" />
      <source>请为本次服务评价：</source>
      <translation>How was this service?</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="84" />
      <source>搜索办事事项…</source>
      <translation>Search services…</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="55" />
      <source>您好！请选择要办理的业务</source>
      <translation>Welcome! What would you like to do?</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="124" />
      <source>重试</source>
      <translation>Try again</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="124" />
      <source>重新打印</source>
      <translation>Print again</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="125" />
      <source>返回首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="128" />
      <source>重新输入</source>
      <translation>Type it again</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="146" />
      <source>本机暂停服务</source>
      <translation>This kiosk is temporarily out of service</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="185" />
      <source>工作人员登录</source>
      <translation>Staff sign-in</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="186" />
      <source>清除</source>
      <translation>Clear</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="186" />
      <source>删除</source>
      <translation>Delete</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="189" />
      <source>密码不对，请重试。</source>
      <translation>Wrong PIN, please try again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="190" />
      <source>错误次数过多，已暂时锁定，请稍后再试。</source>
      <translation>Too many wrong PINs: locked for a while, please try later.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="191" />
      <source>本机没有设置工作人员密码。</source>
      <translation>No staff PIN is set on this kiosk.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="231" />
      <source>工作人员模式</source>
      <translation>Staff mode</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="152" />
      <source>下面的功能仍可使用。</source>
      <translation>These still work here:</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="238" />
      <source>没有可用的工作人员功能。</source>
      <translation>No staff functions are installed.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="66" />
      <source>暂停使用：</source>
      <translation>Unavailable: </translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="113" />
      <source>您可以重试，或请工作人员帮助。</source>
      <translation>You can try again or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="148" />
      <source>。</source>
      <translation>.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="202" />
      <source>登录</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="241" />
      <source>退出工作人员模式</source>
      <translation>Leave staff mode</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="115" />
      <source>请核对后再输入一次，或请工作人员帮助。</source>
      <translation>Please check it and type it again, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="117" />
      <source>请工作人员帮助您。</source>
      <translation>Staff will help you.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/shell_screens.py" line="197" />
      <source>演示模式：工作人员密码 {pin}</source>
      <translation>Demo mode: the staff PIN is {pin}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="80" />
      <source>请刷身份证</source>
      <translation>Please place your ID card</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="80" />
      <source>请把身份证放在阅读器感应区上。</source>
      <translation>Place your ID card on the reader.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="83" />
      <source>请取回身份证。</source>
      <translation>Please take back your ID card.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="99" />
      <source>等待刷卡……</source>
      <translation>Waiting for your card…</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="177" />
      <source>请稍候……</source>
      <translation>Please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="101" />
      <source>已读取身份证，正在查询预约……</source>
      <translation>Card read. Checking for an appointment…</translation>
    </message>
    <message>
      <location filename="kiosk/ui/steps.py" line="112" />
      <source>模拟刷卡（演示）</source>
      <translation>Demo card</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="53" />
      <source>{device}暂时无法使用</source>
      <translation>The {device} is not working right now</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="18" />
      <source>号票打印机</source>
      <translation>ticket printer</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="19" />
      <source>身份证阅读器</source>
      <translation>ID card reader</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="20" />
      <source>社保卡读卡器</source>
      <translation>social security card reader</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="21" />
      <source>发卡机</source>
      <translation>card dispenser</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="22" />
      <source>摄像头</source>
      <translation>camera</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="23" />
      <source>高拍仪</source>
      <translation>document camera</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="24" />
      <source>U盘接口</source>
      <translation>USB port</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="25" />
      <source>指纹仪</source>
      <translation>fingerprint reader</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="26" />
      <source>文件打印机</source>
      <translation>document printer</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="27" />
      <source>自助文件柜</source>
      <translation>self-service locker</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="28" />
      <source>排队系统</source>
      <translation>queue system</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="33" />
      <source>{device}缺纸，工作人员补纸后即可使用</source>
      <translation>The {device} is out of paper; it works again once staff refill it</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="34" />
      <source>{device}卡纸，请联系工作人员</source>
      <translation>The {device} has a paper jam; please ask staff</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="35" />
      <source>{device}正在启动，请稍候</source>
      <translation>The {device} is starting, one moment please</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="36" />
      <source>本机没有{device}</source>
      <translation>This kiosk has no {device}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="37" />
      <source>{device}需要工作人员处理</source>
      <translation>The {device} needs attention from staff</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="38" />
      <source>{device}内有卡片卡住，请联系工作人员</source>
      <translation>A card is stuck in the {device}; please ask staff</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="39" />
      <source>{device}没有空白卡了，工作人员补卡后即可使用</source>
      <translation>The {device} has no blank cards left; it works again once staff refill it</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="40" />
      <source>{device}回收箱已满，请联系工作人员</source>
      <translation>The {device}'s reject bin is full; please ask staff</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="41" />
      <source>{device}墨粉用完，工作人员更换后即可使用</source>
      <translation>The {device} is out of toner; it works again once staff replace it</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="42" />
      <source>{device}画面没有更新，请联系工作人员</source>
      <translation>The {device}'s picture has stopped; please ask staff</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="48" />
      <source>{device}没有读取成功，请再试一次。</source>
      <translation>The {device} could not read that. Please try again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="49" />
      <source>{device}正在重新连接，请稍等几秒再试。</source>
      <translation>The {device} is reconnecting. Please wait a few seconds and try again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="50" />
      <source>{device}需要工作人员处理，请点“呼叫工作人员”。</source>
      <translation>The {device} needs staff. Please tap "Call staff".</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="51" />
      <source>{device}出现故障，请点“呼叫工作人员”，或跳过这一步。</source>
      <translation>The {device} has a fault. Please tap "Call staff", or skip this step.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="56" />
      <source>排队系统暂时连接不上</source>
      <translation>The queue system cannot be reached right now</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="57" />
      <source>正在载入业务列表，请稍候</source>
      <translation>Loading the list of services, one moment please</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="58" />
      <source>本机存储空间不足，工作人员正在处理</source>
      <translation>This kiosk is low on storage. Staff have been told</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="60" />
      <source>本机存储空间已满，此项业务暂停，工作人员正在处理</source>
      <translation>The kiosk's storage is full; this service is paused. Staff have been told</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="61" />
      <source>本机存储暂时无法写入，此项业务暂停，工作人员正在处理</source>
      <translation>The kiosk's storage is read-only; this service is paused. Staff have been told</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="62" />
      <source>本机存储出现损坏，此项业务暂停，工作人员正在处理</source>
      <translation>The kiosk's storage is damaged; this service is paused. Staff have been told</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="63" />
      <source>本机数据暂时无法打开，此项业务暂停，工作人员正在处理</source>
      <translation>The kiosk's records cannot be opened; this service is paused. Staff have been told</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="65" />
      <source>本机存储出现故障，此项业务暂停，工作人员正在处理</source>
      <translation>The kiosk's storage has failed; this service is paused. Staff have been told</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="66" />
      <source>本机设备出现故障，工作人员正在处理</source>
      <translation>This kiosk has a device fault. Staff have been told</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="67" />
      <source>本机没有可用的设备</source>
      <translation>This kiosk has no working devices</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="72" />
      <source>打印机缺纸。</source>
      <translation>The printer is out of paper.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="73" />
      <source>打印机卡纸。</source>
      <translation>The printer has a paper jam.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="74" />
      <source>打印机盖未关好。</source>
      <translation>The printer cover is open.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="75" />
      <source>打印机没有响应。</source>
      <translation>The printer did not answer.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="76" />
      <source>打印机出现故障。</source>
      <translation>The printer has a fault.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="77" />
      <source>打印机没有确认号票已打出，请先看看出票口有没有号票。</source>
      <translation>The printer did not confirm the ticket; please check the slot first.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="78" />
      <source>号票没有打印出来。</source>
      <translation>The ticket did not print.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="83" />
      <source>身份证阅读器暂时无法使用。年满70周岁或已预约的市民，请到窗口出示身份证，同样优先办理。</source>
      <translation>The ID card reader is not working right now. If you are 70 or over or have an appointment, show your ID card at the window: you still get priority.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="85" />
      <source>身份证阅读器刚刚停止工作。您可以继续取号；年满70周岁或已预约的市民请到窗口出示身份证。</source>
      <translation>The ID card reader has just stopped working. You can still take a number; if you are 70 or over or have an appointment, show your ID card at the window.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="87" />
      <source>暂时查不到预约信息。如您已预约，请告诉窗口工作人员。</source>
      <translation>Appointments cannot be checked right now. If you have one, tell the staff at the window.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="88" />
      <source>这张身份证刚才已经读过。请把身份证拿起来，再重新放上。</source>
      <translation>This card was just read. Lift it off the reader and place it again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="92" />
      <source>70周岁以上优先</source>
      <translation>Priority: aged 70+</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="93" />
      <source>预约优先</source>
      <translation>Priority: appointment</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="101" />
      <source>出了点问题</source>
      <translation>Something went wrong</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="101" />
      <source>请重试，或请工作人员帮助。</source>
      <translation>Please try again or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="110" />
      <source>{device}没有读取成功。请把身份证拿起来，再重新放上。</source>
      <translation>The {device} could not read your card. Please lift it and place it again.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="115" />
      <source>这张证件没有通过验证。请把证件拿起来重新放一次；仍不行，请点“呼叫工作人员”，或跳过这一步。</source>
      <translation>This card could not be verified. Lift it and place it again; if that does not help, tap "Call staff", or skip this step.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="117" />
      <source>读卡器认不出这张卡。请放居民身份证、港澳台居民居住证或外国人永久居留身份证。</source>
      <translation>The reader does not recognise this card. Please use a resident ID card, a Hong Kong/Macao/Taiwan residence permit or a foreign permanent residence ID card.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="165" />
      <source>暂时无法使用</source>
      <translation>Not available right now</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="98" />
      <source>暂停办理</source>
      <translation>Service paused</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="99" />
      <source>{reason}。请使用其他自助机，或请工作人员帮助。</source>
      <translation>{reason}. Please use another kiosk, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="105" />
      <source>设备</source>
      <translation>device</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="139" />
      <source>另行通知</source>
      <translation>to be announced</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="148" />
      <source>zh_CN</source>
      <translation>en_GB</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="149" />
      <source>M月d日（ddd）HH:mm</source>
      <translation>ddd d MMM, HH:mm</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="192" />
      <source>暂时无法估计</source>
      <translation>Cannot estimate right now</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="194" />
      <source>马上就到您</source>
      <translation>You are next</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="200" />
      <source>暂时无法查询</source>
      <translation>Cannot check right now</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="202" />
      <source>您是下一位</source>
      <translation>None — you are next</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="183" />
      <source>{floor}楼</source>
      <translation>Floor {floor}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="187" />
      <source>{floor}楼 {windows} 号窗口</source>
      <translation>Floor {floor}, windows {windows}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="195" />
      <source>约 {minutes} 分钟</source>
      <translation>About {minutes} min</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="203" />
      <source>{ahead} 人</source>
      <translation>{ahead}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="145" />
      <source>今天 {time}</source>
      <translation>today at {time}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="147" />
      <source>明天 {time}</source>
      <translation>tomorrow at {time}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="157" />
      <source>今日取号已结束，下次取号：{when}</source>
      <translation>Closed for today. Tickets again {when}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="160" />
      <source>现在不取号，{when}开始</source>
      <translation>No tickets now. Tickets from {when}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="166" />
      <source>现在暂停办理，{when}开始</source>
      <translation>Not open now. Opens {when}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/texts.py" line="168" />
      <source>今日已停止办理，下次办理：{when}</source>
      <translation>Closed for today. Opens again {when}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="310" />
      <source>首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="298" />
      <source>关闭长辈模式</source>
      <translation>Normal text</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="298" />
      <source>长辈模式</source>
      <translation>Larger text</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="302" />
      <source>语音开</source>
      <translation>Voice on</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="302" />
      <source>语音关</source>
      <translation>Voice off</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="317" />
      <source>M月d日 ddd HH:mm</source>
      <translation>ddd d MMM HH:mm</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="321" />
      <source>请取走您的身份证！</source>
      <translation>Please take your ID card!</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="322" />
      <source>您的身份证还在阅读器上。请把它拿走，以免遗失。</source>
      <translation>Your ID card is still on the reader. Please take it with you.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="323" />
      <source>这不是我的证件：通知工作人员</source>
      <translation>Not my card: tell staff</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="329" />
      <source>您还在吗？</source>
      <translation>Are you still there?</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="332" />
      <source>我还在，继续办理</source>
      <translation>I'm still here</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="347" />
      <source>好的</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="339" />
      <source>现在是非办公时间</source>
      <translation>The hall is closed now</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="346" />
      <source>工作人员正在赶来，请在本机旁稍候。</source>
      <translation>Someone is on the way. Please wait by this kiosk.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="305" />
      <source>已呼叫 {time}</source>
      <translation>Called {time}</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="331" />
      <source>{seconds} 秒后返回首页，并清除您刚才输入的信息。</source>
      <translation>In {seconds} seconds this kiosk returns to the start and erases what you entered.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="340" />
      <source>大厅工作人员已下班。需要帮助请拨打服务热线 {hotline}。</source>
      <translation>No staff are in the hall now. For help, call the service hotline {hotline}.</translation>
    </message>
    <message>
      <location filename="kiosk/ui/window.py" line="344" />
      <source>已于 {time} 通知工作人员</source>
      <translation>Staff were told at {time}</translation>
    </message>
  </context>
</TS>
