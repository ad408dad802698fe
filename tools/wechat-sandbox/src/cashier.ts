// The stand-in for WeChat's payment sheet: a small zh-CN page for the preview's browser.
import type { CashierView } from './pay'

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** ¥12.34 from 1234 fen. */
export const formatYuan = (fen: number): string => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`

/** Only same-origin relative paths: the page must not become an open redirect. */
export const safeReturnUrl = (u: string | undefined): string | null => (u && /^\/(?![/\\])/.test(u) ? u : null)

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:20px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f2f2;color:#111}
main{max-width:480px;margin:0 auto;padding:24px 20px}
.card{background:#fff;border-radius:12px;padding:24px;text-align:center}
.merchant{font-size:20px;color:#555}.desc{font-size:22px;margin:8px 0}.amount{font-size:44px;font-weight:600;margin:12px 0}
button{display:block;width:100%;min-height:56px;margin:16px 0 0;border:0;border-radius:8px;font-size:22px}
#confirm{background:#07c160;color:#fff}#cancel{background:#e5e5e5;color:#111}
label{display:flex;align-items:center;gap:12px;margin-top:20px;font-size:18px;color:#555}
input[type=checkbox]{width:28px;height:28px}#result{margin-top:20px;font-size:22px;text-align:center;min-height:1.5em}
.note{font-size:16px;color:#888;margin-top:24px;text-align:center}`

export function renderCashier(prepayId: string, view: CashierView | null, returnUrl: string | null): string {
  const body = view
    ? `<div class="card">
  <div class="merchant">${escapeHtml(view.merchantName)}</div>
  <div class="desc">${escapeHtml(view.description)}</div>
  <div class="amount" id="amount">${formatYuan(view.total)}</div>
</div>
${
        view.state === 'NOTPAY'
          ? `<button id="confirm" type="button">确认支付</button>
<button id="cancel" type="button">取消</button>
<label><input id="fail" type="checkbox">测试：让这笔支付失败</label>`
          : `<div class="desc">${view.state === 'CLOSED' ? '订单已关闭' : '该订单已支付'}</div>`
      }
<div id="result" role="status" aria-live="polite"></div>`
    : `<div class="card"><div class="desc">订单不存在或已失效</div></div>`
  const config = JSON.stringify({ prepayId, returnUrl }).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>微信支付（沙箱）</title><style>${STYLE}</style></head>
<body><main>
${body}
<p class="note">这是本地沙箱收银台，不会产生真实扣款。</p>
</main>
<script>
(function () {
  var cfg = ${config};
  var q = new URLSearchParams(location.search);
  var params = { timeStamp: q.get('timeStamp'), nonceStr: q.get('nonceStr'), package: q.get('package'),
    signType: q.get('signType'), paySign: q.get('paySign') };
  var busy = false;
  function finish(errMsg) {
    document.getElementById('result').textContent = errMsg === 'requestPayment:ok' ? '支付成功' : errMsg;
    var msg = { source: 'wechat-sandbox', type: 'requestPayment', prepayId: cfg.prepayId, errMsg: errMsg };
    if (window.opener) window.opener.postMessage(msg, '*');
    if (window.parent && window.parent !== window) window.parent.postMessage(msg, '*');
    if (cfg.returnUrl) location.href = cfg.returnUrl + (cfg.returnUrl.indexOf('?') < 0 ? '?' : '&') + 'errMsg=' + encodeURIComponent(errMsg);
  }
  function decide(action) {
    if (busy) return; busy = true;
    fetch('cashier/' + encodeURIComponent(cfg.prepayId) + '/' + action, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(params) })
      .then(function (r) { return r.json(); })
      .then(function (r) { finish(r.errMsg); })
      .catch(function (e) { finish('requestPayment:fail ' + e.message); })
      .finally(function () { busy = false; });
  }
  var c = document.getElementById('confirm');
  if (c) c.onclick = function () { decide(document.getElementById('fail').checked ? 'fail' : 'confirm'); };
  var x = document.getElementById('cancel');
  if (x) x.onclick = function () { decide('cancel'); };
})();
</script>
</body></html>`
}
