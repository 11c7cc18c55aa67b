"""The payer's page behind a payment QR code (``/pay/{order_id}``): what is paid, how much, and
one button — a plain HTML form, no script. In the reference server it stands in for the
payment platform's page a phone opens: its POST is the payment reaching the server."""
from __future__ import annotations

import html

_STYLE = ("body{font-family:'Noto Sans CJK SC',sans-serif;max-width:32em;margin:2em auto;"
          "padding:0 1em;text-align:center;color:#1B1F24}"
          ".amount{font-size:3em;font-weight:700;margin:.2em 0}"
          "button{font-size:1.4em;padding:.6em 2em;border-radius:.4em;border:0;"
          "background:#0A6B3D;color:#fff}.state{font-size:1.3em;font-weight:700}")

STATES = {
    "created": "待支付 / Awaiting payment",
    "paid": "已支付 / Paid",
    "expired": "已过期 / Expired",
    "cancelled": "已取消 / Cancelled",
}
OUTCOMES = {
    "paid": "支付成功 / Payment successful",
    "refund_requested": "该订单已不能支付，款项将原路退回 / This order can no longer be paid: "
                        "your payment will be refunded",
}


def yuan(fen: int) -> str:
    return f"¥{fen // 100}.{fen % 100:02d}"


def pay_page(order: dict | None, *, payment_id: str = "", outcome: str = "",
             problem: str = "") -> bytes:
    e = html.escape
    if order is None:
        body = f"<h1>未找到该订单 / Order not found</h1><p>{e(problem)}</p>"
        return _doc("订单 / Order", body)
    parts = [f"<h1>{e(order['item'])}</h1>",
             f"<p>{e(order.get('item_en') or '')}</p>",
             f"<p class=amount id=amount>{yuan(order['amount_fen'])}</p>",
             f"<p>缴款人 Payer: {e(order.get('payer') or '-')}</p>",
             f"<p class=state id=state data-state={e(order['state'])}>"
             f"{e(STATES.get(order['state'], order['state']))}</p>"]
    if outcome:
        parts.append(f"<p class=state id=outcome data-outcome={e(outcome)}>"
                     f"{e(OUTCOMES.get(outcome, outcome))}</p>")
    elif order["state"] == "created":
        parts.append(f"<p>请在 {order['seconds_left']} 秒内完成支付 / "
                     f"Pay within {order['seconds_left']} s</p>"
                     f"<form method=post><input type=hidden name=payment_id "
                     f"value={e(payment_id)}><button type=submit id=pay>确认支付 Pay "
                     f"{yuan(order['amount_fen'])}</button></form>")
    return _doc("缴费 / Payment", "".join(parts))


def _doc(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang=zh-CN><head><meta charset=utf-8><meta name=viewport "
            f"content='width=device-width, initial-scale=1'><link rel=icon href='data:,'>"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body>{body}</body></html>").encode()
