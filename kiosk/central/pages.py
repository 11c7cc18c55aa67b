"""The two web pages of the reference server: the fleet (technicians, on a phone too) and a
zone's hall display (叫号屏, the big screens over the zones). Plain HTML with inline CSS and
JavaScript, no libraries: each polls its JSON endpoint (``/v1/fleet`` every 2 s,
``/v1/display/{zone}`` every second) and redraws with DOM calls (``textContent``, never
HTML from data). ``body[data-updates]`` counts the answers drawn — the headless-browser
tests wait on it instead of on the clock.
"""
from __future__ import annotations

import html
import json

FLEET_POLL_MS = 2000
DISPLAY_POLL_MS = 1000
#: the display shows Chinese, then English, this long each
DISPLAY_LANG_MS = 6000

_HEAD = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title><style>{style}</style></head>"""

_FLEET_STYLE = """
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;background:#F1F4F8;
  color:#1B1F24;font-size:16px}
header{background:#0A3D7A;color:#fff;padding:12px 16px;position:sticky;top:0}
header h1{margin:0;font-size:22px}
#summary{margin-top:4px;font-size:15px}
#stale{display:none;background:#FFD400;color:#111;padding:6px 16px;font-weight:700}
body.stale #stale{display:block}
main{padding:12px}
h2{font-size:19px;margin:18px 4px 8px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.kiosk{background:#fff;border:2px solid #B8C2CE;border-radius:12px;padding:12px}
.kiosk h3{margin:0 0 4px;font-size:18px;display:flex;justify-content:space-between;gap:8px}
.badge{font-size:14px;font-weight:700;padding:2px 8px;border-radius:8px;white-space:nowrap;
  border:2px solid currentColor}
.kiosk.status-warning{border-color:#7A4A00;background:#FFF4D6}
.kiosk.status-alert,.kiosk.status-silent{border-color:#B3261E;background:#B3261E;color:#fff}
.meta{font-size:14px;margin:2px 0 6px}
ul{margin:4px 0;padding-left:20px}
li{margin:2px 0}
.alerts li{font-weight:700}
.muted{opacity:.85;font-size:14px}
"""

_FLEET_SCRIPT = """
const POLL_MS = %(poll)d;
const STATUS = {ok: "正常 OK", warning: "注意 WARNING", alert: "告警 ALERT",
                silent: "无心跳 SILENT"};
const ALERTS = {
  silent: "无心跳 / silent", paper_out: "缺纸 / paper out", paper_jam: "卡纸 / paper jam",
  paper_near_end: "纸将尽 / paper near end", hopper_empty: "卡箱空 / hopper empty",
  hopper_low: "卡箱将空 / hopper low", reject_bin_full: "废卡箱满 / reject bin full",
  card_jam: "卡片卡住 / card jam", backlog_old: "积压过久 / backlog too old",
  parked: "有被拒数据 / parked entries", disk_low: "磁盘不足 / disk low",
  offline: "无应答 / offline", disconnected: "未连接 / disconnected", fault: "故障 / fault",
  needs_staff: "需人工处理 / needs staff", starting: "启动中 / starting",
  missing: "缺设备 / missing"};
const SUPPLY = {paper: "纸卷 printed", card_hopper: "卡箱 cards", reject_bin: "废卡箱 rejects"};
let updates = 0;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function ago(s) {
  if (s < 90) return Math.round(s) + " 秒前 / s ago";
  if (s < 5400) return Math.round(s / 60) + " 分钟前 / min ago";
  return Math.round(s / 3600) + " 小时前 / h ago";
}
function card(k) {
  const c = el("section", "kiosk status-" + k.status);
  c.id = "kiosk-" + k.id;
  c.dataset.status = k.status;
  const h = el("h3");
  h.appendChild(el("span", "", k.id));
  h.appendChild(el("span", "badge", STATUS[k.status] || k.status));
  c.appendChild(h);
  const up = k.uptime_s == null ? "" : " · 运行 up " + Math.round(k.uptime_s / 3600) + " h";
  c.appendChild(el("div", "meta", "最后心跳 last beat " + ago(k.age_s) + " · v" +
                   (k.version || "?") + up + (k.mock ? " · MOCK" : "")));
  if (k.alerts.length) {
    const ul = el("ul", "alerts");
    for (const a of k.alerts) {
      const what = ALERTS[a.code] || a.code;
      ul.appendChild(el("li", "", "⚠ " + what + (a.device ? " (" + a.device + ")" : "") +
                        (a.detail ? " — " + a.detail : "")));
    }
    c.appendChild(ul);
  }
  const dev = el("ul", "devices");
  for (const d of k.devices) {
    const axes = Object.entries(d.axes || {}).map(([a, v]) => a + "=" + v).join(" ");
    dev.appendChild(el("li", "", (d.up ? "✓ " : "✗ ") + d.name + " " + d.state +
                       (axes ? " · " + axes : "")));
  }
  c.appendChild(dev);
  const sup = k.supplies.filter(s => s.value !== null && s.value !== undefined);
  if (sup.length) {
    const text = sup.map(s => s.device + " " + (SUPPLY[s.item] || s.item) + ": " + s.value +
                              (s.warning ? " ⚠" : ""));
    c.appendChild(el("div", "muted", text.join(" · ")));
  }
  const b = k.backlog || {};
  const oldest = b.oldest_pending_age_s == null ? "" :
      " · 最早 oldest " + Math.round(b.oldest_pending_age_s / 60) + " min";
  const disk = k.disk_free_mb == null ? "" :
      " · 磁盘 disk " + (k.disk_free_mb / 1000).toFixed(1) + " GB";
  c.appendChild(el("div", "muted", "待发送 pending " + (b.pending ?? "?") + " / 搁置 parked " +
                   (b.parked ?? "?") + oldest + disk));
  if (k.last_restart_reason) c.appendChild(el("div", "muted", "上次重启 last restart: " +
                                              k.last_restart_reason));
  return c;
}
function render(doc) {
  const n = doc.counts;
  document.getElementById("summary").textContent =
    doc.kiosks.length + " 台 kiosks · " + n.silent + " 无心跳 silent · " + n.alert +
    " 告警 alert · " + n.warning + " 注意 warning · " + n.ok + " 正常 ok";
  const main = document.getElementById("halls");
  const halls = new Map();
  for (const k of doc.kiosks) {
    const hall = k.hall || "—";
    if (!halls.has(hall)) halls.set(hall, []);
    halls.get(hall).push(k);
  }
  const parts = [];
  for (const [hall, ks] of halls) {
    const s = el("div");
    s.appendChild(el("h2", "", hall + (ks[0].hall_en ? " · " + ks[0].hall_en : "")));
    const g = el("div", "grid");
    for (const k of ks) g.appendChild(card(k));
    s.appendChild(g);
    parts.push(s);
  }
  if (!parts.length) parts.push(el("p", "", "还没有自助机发来心跳。No kiosk has reported yet."));
  main.replaceChildren(...parts);
}
async function poll() {
  try {
    const r = await fetch("%(url)s", {cache: "no-store"});
    if (!r.ok) throw new Error("HTTP " + r.status);
    render(await r.json());
    document.body.classList.remove("stale");
    document.body.dataset.updates = String(++updates);
  } catch (e) {
    document.body.classList.add("stale");
  } finally {
    setTimeout(poll, POLL_MS);
  }
}
poll();
"""


def fleet_page(api_url: str) -> bytes:
    head = _HEAD.format(title="自助机运行状态 Kiosk fleet", style=_FLEET_STYLE)
    script = _FLEET_SCRIPT % {"poll": FLEET_POLL_MS, "url": js_string(api_url)}
    return (f"{head}<body data-updates=\"0\"><header><h1>自助机运行状态 · Kiosk fleet</h1>"
            f"<div id=\"summary\">…</div></header>"
            f"<div id=\"stale\">⚠ 连接中断，显示的是上次的数据 / connection lost: last known "
            f"state</div><main id=\"halls\"></main><script>{script}</script></body></html>"
            ).encode()


_DISPLAY_STYLE = """
*{box-sizing:border-box;margin:0;padding:0}
html,body{height:100%;overflow:hidden}
body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;background:#06213F;color:#fff;
  display:flex;flex-direction:column}
body[data-lang="zh"] .en,body[data-lang="en"] .zh{display:none}
header{display:flex;justify-content:space-between;align-items:center;padding:1.5vh 3vw;
  background:#0A3D7A;font-size:5vh;font-weight:700;white-space:nowrap}
#clock{font-size:4.5vh;font-variant-numeric:tabular-nums}
main{flex:1;display:flex;gap:3vw;padding:3vh 3vw;min-height:0}
#now{flex:3;display:flex;flex-direction:column;justify-content:center;align-items:center;
  background:#0E4A8F;border-radius:2vh;text-align:center}
#now .label{font-size:5vh}
#number{font-size:24vh;font-weight:800;line-height:1.1;color:#FFE14D;
  font-variant-numeric:tabular-nums}
#window{font-size:7vh;font-weight:700}
#recent{flex:2;display:flex;flex-direction:column;gap:1.2vh;min-height:0}
#recent .label{font-size:4.5vh}
.call{display:flex;justify-content:space-between;font-size:6vh;font-weight:700;
  background:#12355E;border-radius:1.5vh;padding:0.6vh 2vw;font-variant-numeric:tabular-nums}
footer{display:flex;justify-content:space-around;padding:2vh 3vw;background:#0A3D7A;
  font-size:5vh;font-weight:700;white-space:nowrap}
footer b{color:#FFE14D}
#cats{display:flex;justify-content:center;gap:3vw;padding:0 3vw 2vh;font-size:3.6vh;
  white-space:nowrap;overflow:hidden}
#stale{display:none;position:fixed;top:0;left:0;right:0;background:#FFD400;color:#111;
  font-size:3vh;text-align:center}
body.stale #stale{display:block}
"""

_DISPLAY_SCRIPT = """
const POLL_MS = %(poll)d, LANG_MS = %(lang_ms)d;
let updates = 0, last = null;
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function both(zh, en) {
  const f = document.createDocumentFragment();
  f.appendChild(el("span", "zh", zh));
  f.appendChild(el("span", "en", en));
  return f;
}
function set(id, zh, en) {
  document.getElementById(id).replaceChildren(both(zh, en));
}
function render(d) {
  const z = d.zone;
  set("zone", z.code + " 区 " + z.name + " · " + z.floor + " 楼",
      "Zone " + z.code + " " + z.name_en + " · Floor " + z.floor);
  const now = d.calling[0];
  document.getElementById("number").textContent = now ? now.number : "—";
  if (now) set("window", "请到 " + now.window + " 号窗口", "Please go to window " + now.window);
  else set("window", "暂无叫号", "No number called yet");
  const rows = d.calling.slice(1).map(c => {
    const r = el("div", "call");
    r.appendChild(el("span", "", c.number));
    r.appendChild(both(c.window + " 号窗口", "Window " + c.window));
    return r;
  });
  document.getElementById("calls").replaceChildren(...rows);
  const longest = d.categories.reduce((m, c) => Math.max(m, c.est_wait_min || 0), 0);
  set("waiting", "等候 " + d.waiting + " 人", d.waiting + " waiting");
  set("served", "今日已办 " + d.served_today + " 人", d.served_today + " served today");
  set("wait", "预计等候 " + longest + " 分钟", "Est. wait " + longest + " min");
  const cats = d.categories.filter(c => c.waiting > 0).slice(0, 4).map(c => {
    const s = el("span");
    s.appendChild(both(c.name + " " + c.waiting + " 人", c.name_en + " " + c.waiting));
    return s;
  });
  document.getElementById("cats").replaceChildren(...cats);
  document.body.dataset.number = now ? now.number : "";
}
function tick() {
  const t = new Date();
  document.getElementById("clock").textContent =
    String(t.getHours()).padStart(2, "0") + ":" + String(t.getMinutes()).padStart(2, "0");
}
async function poll() {
  try {
    const r = await fetch("%(url)s", {cache: "no-store"});
    if (!r.ok) throw new Error("HTTP " + r.status);
    render(await r.json());
    document.body.classList.remove("stale");
    document.body.dataset.updates = String(++updates);
  } catch (e) {
    document.body.classList.add("stale");
  } finally {
    setTimeout(poll, POLL_MS);
  }
}
setInterval(() => {
  document.body.dataset.lang = document.body.dataset.lang === "zh" ? "en" : "zh";
}, LANG_MS);
setInterval(tick, 1000);
tick();
poll();
"""


def display_page(zone: str, api_url: str, lang_ms: int = DISPLAY_LANG_MS) -> bytes:
    """``lang_ms``: how long each language stays (a hall may want another rhythm)."""
    head = _HEAD.format(title=f"叫号屏 {html.escape(zone)} 区", style=_DISPLAY_STYLE)
    script = _DISPLAY_SCRIPT % {"poll": DISPLAY_POLL_MS, "lang_ms": max(1000, int(lang_ms)),
                                "url": js_string(api_url)}
    return (f"{head}<body data-lang=\"zh\" data-updates=\"0\" data-number=\"\">"
            f"<div id=\"stale\">⚠ 连接中断 / connection lost</div>"
            f"<header><span id=\"zone\">{html.escape(zone)}</span><span id=\"clock\"></span>"
            f"</header><main><section id=\"now\"><div class=\"label\"><span class=\"zh\">"
            f"正在叫号</span><span class=\"en\">Now calling</span></div>"
            f"<div id=\"number\">—</div><div id=\"window\"></div></section>"
            f"<section id=\"recent\"><div class=\"label\"><span class=\"zh\">刚才叫过</span>"
            f"<span class=\"en\">Called before</span></div><div id=\"calls\"></div></section>"
            f"</main><div id=\"cats\"></div><footer><span id=\"waiting\"></span>"
            f"<span id=\"served\"></span><span id=\"wait\"></span></footer>"
            f"<script>{script}</script></body></html>").encode()


def display_index(zones: list[dict], page_of) -> bytes:
    """A list of the zones' display pages (for whoever sets up the big screens)."""
    items = "".join(f"<li><a href=\"{html.escape(page_of(z['code']))}\">{html.escape(z['code'])}"
                    f" — {html.escape(z['name'])} / {html.escape(z['name_en'])}</a></li>"
                    for z in zones)
    head = _HEAD.format(title="叫号屏 Hall displays", style="body{font-family:sans-serif;"
                        "font-size:20px;margin:2em}li{margin:.5em 0}")
    return f"{head}<body><h1>叫号屏 · Hall displays</h1><ul>{items}</ul></body></html>".encode()


def js_string(value: str) -> str:
    """A string safe inside the pages' scripts (the URLs they fetch)."""
    return json.dumps(value)[1:-1].replace("<", "\\u003c")
