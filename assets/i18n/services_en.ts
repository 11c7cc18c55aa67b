<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/services/__init__.py" line="23" />
      <source>这是办事指南。可以搜索事项，也可以按人生事、分类或区域查找</source>
      <translation>These are the service guides. Search for a service, or look it up by life event, category or zone</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/__init__.py" line="24" />
      <source>请输入事项名称，可以用拼音或拼音首字母</source>
      <translation>Type the name of the service, in pinyin or its initials</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/__init__.py" line="25" />
      <source>这是办事指南，可以打印材料清单，或直接取号</source>
      <translation>This is the service guide. You can print the checklist of materials, or take a number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/__init__.py" line="26" />
      <source>材料清单已打印，请取走</source>
      <translation>The checklist is printed, please take it</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/__init__.py" line="8" />
      <source>办事指南</source>
      <translation>Service guides</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/__init__.py" line="8" />
      <source>查询事项要带的材料、流程和时限（24小时）</source>
      <translation>What to bring, how it works, how long it takes (24 hours)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="36" />
      <source>办事指南暂时无法加载</source>
      <translation>The service guides cannot be opened just now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="37" />
      <source>请稍后再试，或到咨询台询问工作人员。</source>
      <translation>Please try again later, or ask at the information desk.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="103" />
      <source>正在打开办事指南，请稍候……</source>
      <translation>Opening the service guides, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="156" />
      <source>搜索事项</source>
      <translation>Search for a service</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="157" />
      <source>输入事项名称、拼音或拼音首字母，如 sbk（社保卡）</source>
      <translation>Type its name in pinyin, its initials or English words, e.g. sbk (social security card)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="159" />
      <source>按人生事查找</source>
      <translation>By life event</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="160" />
      <source>按分类查找</source>
      <translation>By category</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="161" />
      <source>按办事区域查找</source>
      <translation>By zone</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="254" />
      <source>例如：shebaoka、sbk（社保卡），bdczy（不动产转移）</source>
      <translation>For example: shebaoka or sbk (social security card), bdczy (property transfer), passport</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="331" />
      <source>办理地点</source>
      <translation>Where</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="335" />
      <source>所需材料（可打印清单逐项核对）</source>
      <translation>What to bring (print the checklist to tick off)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="336" />
      <source>办理条件</source>
      <translation>Conditions</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="338" />
      <source>办理流程</source>
      <translation>How it works</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="346" />
      <source>办理时限</source>
      <translation>How long it takes</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="347" />
      <source>收费标准</source>
      <translation>Fees</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="349" />
      <source>设定依据</source>
      <translation>Legal basis</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="354" />
      <source>手机扫码查看网上办事指南，可网上申办</source>
      <translation>Scan with your phone for the online guide and to apply online</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="374" />
      <source>正在打印材料清单，请稍候……</source>
      <translation>Printing the checklist, please wait…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="374" />
      <source>清单从下方出票口送出。</source>
      <translation>It comes out of the slot below.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="388" />
      <source>材料清单已打印</source>
      <translation>Checklist printed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="389" />
      <source>请从下方出票口取走材料清单</source>
      <translation>Please take the checklist from the slot below</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="390" />
      <source>清单上的二维码可以用手机打开网上办事指南。</source>
      <translation>The QR code on it opens the online guide on your phone.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="407" />
      <source>材料清单没有打印出来</source>
      <translation>The checklist was not printed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="256" />
      <source>找到的事项（最相关的在前）：</source>
      <translation>Services found (best match first):</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="268" />
      <source>清空</source>
      <translation>Clear</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="268" />
      <source>拼音</source>
      <translation>ABC</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="330" />
      <source>也可以在自助终端办理</source>
      <translation>Also at the self-service kiosks</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="334" />
      <source>标“可后补”的材料可以容缺受理，在审批前补交。</source>
      <translation>Materials marked 'may follow' can be handed in later, before the decision.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="342" />
      <source>当场办结</source>
      <translation>Done on the spot</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="347" />
      <source>不收费</source>
      <translation>Free of charge</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="350" />
      <source>见网上办事指南</source>
      <translation>See the online guide</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="410" />
      <source>办事指南仍可在屏幕上查看，也可以手机扫码查看网上办事指南。</source>
      <translation>The guide is still on the screen, and the online guide is a phone scan away.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="418" />
      <source>返回办事指南</source>
      <translation>Back to the guide</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="207" />
      <source>共 {n} 项，第 {page}/{pages} 页</source>
      <translation>{n} services, page {page} of {pages}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="215" />
      <source>上一页</source>
      <translation>Previous</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="218" />
      <source>下一页</source>
      <translation>Next</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="358" />
      <source>打印材料清单</source>
      <translation>Print checklist</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="361" />
      <source>为此事项取号</source>
      <translation>Take a number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="367" />
      <source>现在不能为此事项取号。</source>
      <translation>A number for this cannot be taken now.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="258" />
      <source>没有找到“{query}”。请换个说法，或按分类查找。</source>
      <translation>Nothing found for "{query}". Try other words, or look it up by category.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="325" />
      <source>{zone} 区 {name}</source>
      <translation>Zone {zone}: {name}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="328" />
      <source>出证窗口：{windows}</source>
      <translation>Certificates at windows {windows}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="343" />
      <source>承诺 {days} 个工作日内办结</source>
      <translation>Within {days} working days (promised)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/services/screens.py" line="345" />
      <source>法定时限：{days} 个工作日</source>
      <translation>Statutory limit: {days} working days</translation>
    </message>
  </context>
</TS>
