// The stand-in for WeChat's "confirm to receive" page (wx.requestMerchantTransfer), for the preview's
// browser: like the cashier, a small zh-CN page that answers with WeChat's errMsg.
import { formatYuan, safeReturnUrl } from './cashier'
import type { TransferView } from './transfer'

export { safeReturnUrl }

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:20px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f2f2;color:#111}
main{max-width:480px;margin:0 auto;padding:24px 20px}h1{font-size:22px;text-align:center;margin:0 0 16px}
.card{background:#fff;border-radius:12px;padding:24px;text-align:center}
.merchant{font-size:20px;color:#555}.remark{font-size:22px;margin:8px 0}.amount{font-size:44px;font-weight:600;margin:12px 0}
button{display:block;width:100%;min-height:56px;margin:16px 0 0;border:0;border-radius:8px;font-size:22px}
#confirm{background:#07c160;color:#fff}#cancel{background:#e5e5e5;color:#111}
label{display:flex;align-items:center;gap:12px;margin-top:20px;font-size:18px;color:#555}
input[type=checkbox]{width:28px;height:28px}#result{margin-top:20px;font-size:22px;text-align:center;min-height:1.5em}
.note{font-size:16px;color:#666;margin-top:24px;text-align:center}`

const STATE_WORDS: Record<TransferView['state'], string> = {
  WAIT_USER_CONFIRM: '',
  SUCCESS: '已收款，钱已到微信零钱',
  FAIL: '这笔转账没有成功',
  CANCELING: '这笔转账已撤销',
  CANCELLED: '这笔转账已撤销或已过期',
}

export function renderTransferPage(packageInfo: string, input: { mchId: string; appId: string }, view: TransferView | null, returnUrl: string | null): string {
  const body = view
    ? `<div class="card">
  <div class="merchant">${escapeHtml(view.merchantName)}</div>
  <div class="remark">${escapeHtml(view.perception ?? view.remark)}</div>
  <div class="amount" id="amount">${formatYuan(view.amount)}</div>
  <div class="merchant">${escapeHtml(view.remark)}</div>
</div>
${
        view.state === 'WAIT_USER_CONFIRM'
          ? `<button id="confirm" type="button">确认收款</button>
<button id="cancel" type="button">暂不收款</button>
<label><input id="fail" type="checkbox">测试：让这笔收款失败</label>`
          : `<div class="remark">${STATE_WORDS[view.state]}</div>`
      }
<div id="result" role="status" aria-live="polite"></div>`
    : `<div class="card"><div class="remark">转账不存在或已失效</div></div>`
  const config = JSON.stringify({ package: packageInfo, mchId: input.mchId, appId: input.appId, returnUrl }).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>确认收款（沙箱）</title><style>${STYLE}</style></head>
<body><main>
<h1>确认收款</h1>
${body}
<p class="note">这是本地沙箱的收款页，不会产生真实转账。</p>
</main>
<script>
(function () {
  var cfg = ${config};
  var busy = false;
  function finish(errMsg) {
    document.getElementById('result').textContent = errMsg === 'requestMerchantTransfer:ok' ? '收款成功' : errMsg;
    var msg = { source: 'wechat-sandbox', type: 'requestMerchantTransfer', package: cfg.package, errMsg: errMsg };
    if (window.opener) window.opener.postMessage(msg, '*');
    if (window.parent && window.parent !== window) window.parent.postMessage(msg, '*');
    if (cfg.returnUrl) location.href = cfg.returnUrl + (cfg.returnUrl.indexOf('?') < 0 ? '?' : '&') + 'errMsg=' + encodeURIComponent(errMsg);
  }
  function decide(action) {
    if (busy) return; busy = true;
    fetch('transfer/' + action, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mchId: cfg.mchId, appId: cfg.appId, package: cfg.package }) })
      .then(function (r) { return r.json(); })
      .then(function (r) { finish(r.errMsg); })
      .catch(function (e) { finish('requestMerchantTransfer:fail ' + e.message); })
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
