<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="kiosk/journeys/diagnostics/__init__.py" line="10" />
      <source>维护模式</source>
      <translation>Maintenance mode</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/__init__.py" line="10" />
      <source>设备状态、自检、耗材、待发送数据、网络与日志</source>
      <translation>Devices, checks, supplies, outbox, network and logs</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="40" />
      <source>正常工作</source>
      <translation>working</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="40" />
      <source>无应答</source>
      <translation>no answer</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="40" />
      <source>未连接</source>
      <translation>not connected</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="41" />
      <source>硬件故障</source>
      <translation>hardware fault</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="41" />
      <source>需人工处理</source>
      <translation>needs a person</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="41" />
      <source>忙</source>
      <translation>busy</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="45" />
      <source>无需处理</source>
      <translation>nothing to do</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="45" />
      <source>重试即可</source>
      <translation>retry</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="45" />
      <source>自动复位重连</source>
      <translation>reset and reconnect (automatic)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="46" />
      <source>需工作人员处理</source>
      <translation>staff must act</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="46" />
      <source>需技术人员维修</source>
      <translation>technician needed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="50" />
      <source>自检完成：{detail}</source>
      <translation>Check finished: {detail}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="51" />
      <source>已记录：{detail}</source>
      <translation>Recorded: {detail}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="52" />
      <source>已重新排队发送 {detail} 条</source>
      <translation>Queued again for sending: {detail}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="53" />
      <source>故障开关已切换；现在启用的故障：{detail}</source>
      <translation>Fault switched; faults on now: {detail}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="54" />
      <source>已开始同步：{detail}</source>
      <translation>Sync started: {detail}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="58" />
      <source>正在自检……</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="58" />
      <source>正在记录……</source>
      <translation>Recording…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="58" />
      <source>正在重新排队……</source>
      <translation>Queuing again…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="59" />
      <source>正在切换故障开关……</source>
      <translation>Switching the fault…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="59" />
      <source>正在同步……</source>
      <translation>Syncing…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="187" />
      <source>设备与自检</source>
      <translation>Devices and checks</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="278" />
      <source>耗材</source>
      <translation>Supplies</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="360" />
      <source>待发送数据</source>
      <translation>Outbox</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="433" />
      <source>网络与系统</source>
      <translation>Network and system</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="481" />
      <source>最近日志</source>
      <translation>Recent logs</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="502" />
      <source>模拟故障</source>
      <translation>Simulated faults</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="31" />
      <source>每台设备的状态、型号、能力、计数和最近的错误；内部和外部自检</source>
      <translation>Each device: state, model, capabilities, counters, last errors; internal and external checks</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="32" />
      <source>换纸、补卡、清空废卡箱后在这里记录</source>
      <translation>Record a new paper roll, a card refill, an emptied reject bin</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="33" />
      <source>还没送到中心的数据；重新发送被拒的数据，立即同步</source>
      <translation>What is not yet at the central servers; send refused entries again, sync now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="34" />
      <source>中心服务器连接、磁盘空间、版本、运行时间</source>
      <translation>Central server connection, disk space, version, uptime</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="35" />
      <source>本机最近的日志（已隐去个人信息）</source>
      <translation>This kiosk's recent log (personal data hidden)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="36" />
      <source>模拟设备的故障开关（仅演示和测试）</source>
      <translation>The simulators' fault switches (demo and tests only)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="271" />
      <source>纸卷</source>
      <translation>paper roll</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="271" />
      <source>换纸后已打印 {n} 张</source>
      <translation>{n} printed since the roll was changed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="271" />
      <source>已换新纸卷</source>
      <translation>New paper roll</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="272" />
      <source>卡箱</source>
      <translation>card hopper</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="272" />
      <source>剩余 {n} 张卡</source>
      <translation>{n} cards left</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="272" />
      <source>补充卡片</source>
      <translation>Refill cards</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="273" />
      <source>废卡箱</source>
      <translation>reject bin</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="273" />
      <source>箱内 {n} 张卡</source>
      <translation>{n} cards in the bin</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="273" />
      <source>已清空废卡箱</source>
      <translation>Reject bin emptied</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="229" />
      <source>真实设备</source>
      <translation>real device</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="231" />
      <source>类型</source>
      <translation>Kind</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="232" />
      <source>状态</source>
      <translation>State</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="234" />
      <source>型号</source>
      <translation>Model</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="235" />
      <source>固件</source>
      <translation>Firmware</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="236" />
      <source>序列号</source>
      <translation>Serial number</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="238" />
      <source>能力</source>
      <translation>Capabilities</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="241" />
      <source>计数</source>
      <translation>Counters</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="245" />
      <source>最近错误</source>
      <translation>Last errors</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="322" />
      <source>数量从记录时起按设备的操作计数自动减少；传感器报告“将尽”时请及时更换。</source>
      <translation>Counts follow the device's operations from the moment they were recorded; replace soon when the sensor says "near end".</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="448" />
      <source>中心服务器</source>
      <translation>Central server</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="458" />
      <source>连接</source>
      <translation>Connection</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="459" />
      <source>本机地址</source>
      <translation>Local address</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="465" />
      <source>磁盘</source>
      <translation>Disk</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="466" />
      <source>版本</source>
      <translation>Version</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="469" />
      <source>运行时间</source>
      <translation>Uptime</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="471" />
      <source>本机</source>
      <translation>This kiosk</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="473" />
      <source>数据目录</source>
      <translation>Data directory</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="117" />
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="239" />
      <source>未报告</source>
      <translation>none reported</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="245" />
      <source>没有错误记录</source>
      <translation>no errors recorded</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="248" />
      <source>自检</source>
      <translation>Check</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="248" />
      <source>未运行</source>
      <translation>not run</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="252" />
      <source>通过</source>
      <translation>passed</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="252" />
      <source>未通过</source>
      <translation>FAILED</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="259" />
      <source>内部自检</source>
      <translation>Internal check</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="261" />
      <source>外部自检</source>
      <translation>External check</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="298" />
      <source>未记录（换纸或补卡后请在这里记录）</source>
      <translation>not recorded (record it here after a refill)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="320" />
      <source>本机没有需要计数的耗材。</source>
      <translation>This kiosk has no counted supplies.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="395" />
      <source>按类型（待发送 / 搁置）：</source>
      <translation>By kind (pending / parked): </translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="397" />
      <source>被中心拒收、等待处理的数据：</source>
      <translation>Refused by the central server, waiting for you:</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="398" />
      <source>没有被拒收的数据。</source>
      <translation>No refused entries.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="421" />
      <source>立即同步</source>
      <translation>Sync now</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="423" />
      <source>重新发送所选</source>
      <translation>Send selected again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="461" />
      <source>无法测量</source>
      <translation>cannot measure</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="476" />
      <source>重新检测</source>
      <translation>Check again</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="498" />
      <source>日志是空的。</source>
      <translation>The log is empty.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="533" />
      <source>点一下打开故障，再点一下关闭（✓ 表示已打开）。只影响模拟设备。</source>
      <translation>Tap to switch a fault on, tap again to switch it off (✓: on). Simulated devices only.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="132" />
      <source>正在读取……</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="241" />
      <source>{ops} 次操作，{failures} 次失败；最后应答 {seen}</source>
      <translation>{ops} operations, {failures} failed; last answer {seen}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="343" />
      <source>补充卡片：{device}</source>
      <translation>Refill cards: {device}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="345" />
      <source>请输入补充后卡箱里的卡片总数（最多 {n} 位数）。</source>
      <translation>Type how many cards are in the hopper now (up to {n} digits).</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="353" />
      <source>确认</source>
      <translation>Confirm</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="389" />
      <source>待发送 {pending} 条，被拒搁置 {parked} 条；最早一条已等 {age}；上次送达：{last}</source>
      <translation>{pending} pending, {parked} parked; the oldest has waited {age}; last delivery: {last}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="463" />
      <source>可用 {free} MB / 共 {total} MB（保留 {reserve} MB）</source>
      <translation>{free} MB free of {total} MB (reserve {reserve} MB)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="534" />
      <source>没有模拟设备。</source>
      <translation>No simulated devices.</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="139" />
      <source>读取失败（{what}）：{detail}</source>
      <translation>Could not load {what}: {detail}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="244" />
      <source>未知</source>
      <translation>unknown</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="349" />
      <source>操作没有成功：{detail}</source>
      <translation>Did not work: {detail}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="393" />
      <source>从未</source>
      <translation>never</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="417" />
      <source>拒收原因：{error}</source>
      <translation>Refused because: {error}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="452" />
      <source>可以连接（{ms} 毫秒）</source>
      <translation>reachable ({ms} ms)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="456" />
      <source>本机状态：{state}</source>
      <translation>Kiosk: {state}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="469" />
      <source>{h} 小时 {m} 分钟</source>
      <translation>{h} h {m} min</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="302" />
      <source>传感器：{state}</source>
      <translation>sensor: {state}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="413" />
      <source>已试 {n} 次</source>
      <translation>{n} tries</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="454" />
      <source>连接不上：{error}</source>
      <translation>unreachable: {error}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="457" />
      <source>在线</source>
      <translation>online</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="457" />
      <source>离线（号票由本机发放，数据暂存）</source>
      <translation>offline (tickets from the kiosk, data held)</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="134" />
      <source>已完成：{detail}</source>
      <translation>Done: {detail}</translation>
    </message>
    <message>
      <location filename="kiosk/journeys/diagnostics/screens.py" line="392" />
      <source>{m} 分钟</source>
      <translation>{m} min</translation>
    </message>
  </context>
</TS>
