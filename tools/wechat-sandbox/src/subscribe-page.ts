// The preview's pages for subscribe messages: the wx.requestSubscribeMessage sheet (允许 / 取消, a
// switch per template, as WeChat shows it) and a user's 服务通知 inbox. zh-CN, large text.
import type { InboxMessage, SubscribeTemplate } from './subscribe'

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:20px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f2f2;color:#111}
main{max-width:560px;margin:0 auto;padding:20px 16px}h1{font-size:24px;margin:0 0 16px}
.card{background:#fff;border-radius:12px;padding:20px;margin:0 0 16px}
.card h2{font-size:22px;margin:0 0 8px}.meta{font-size:17px;color:#555}
dl{margin:8px 0 0;display:grid;grid-template-columns:max-content 1fr;gap:6px 16px}dt{color:#555}dd{margin:0;word-break:break-all}
.open{display:inline-block;margin-top:12px;font-size:18px;color:#576b95}
button{display:block;width:100%;min-height:56px;margin:16px 0 0;border:0;border-radius:8px;font-size:22px}
#allow{background:#07c160;color:#fff}#deny{background:#e5e5e5;color:#111}
label.tpl{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:14px 0;border-bottom:1px solid #eee;font-size:21px}
input[type=checkbox]{width:32px;height:32px}#result{margin-top:16px;font-size:20px;min-height:1.5em}
.note{font-size:16px;color:#666;margin-top:20px}a{color:#576b95}ul.users{padding:0;list-style:none}ul.users li{margin:10px 0}
ul.users a{display:block;background:#fff;border-radius:8px;padding:14px 16px;font-size:22px;text-decoration:none}`

const page = (title: string, body: string, script = '') => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main>${script}</body></html>`

const time = (ms: number) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(ms)

/**
 * The sheet wx.requestSubscribeMessage shows: the templates asked for, each with its switch, then
 * 允许 / 取消. It answers through POST <base>/sandbox/subscribe/request and posts
 * `{source: 'wechat-sandbox', type: 'requestSubscribeMessage', result}` to its parent.
 */
export function renderSubscribeSheet(user: string, templates: SubscribeTemplate[], missing: string[], appName: string): string {
  const ids = templates.map((t) => t.templateId)
  const body = missing.length
    ? `<h1>订阅消息</h1><div class="card">模板不存在：${escapeHtml(missing.join('、'))}</div>`
    : `<h1>「${escapeHtml(appName)}」想给你发送以下消息</h1>
<div class="card" role="group" aria-label="要订阅的消息">
${templates
  .map(
    (t, i) =>
      `<label class="tpl"><span>${escapeHtml(t.title)}</span><input type="checkbox" id="t${i}" data-id="${escapeHtml(t.templateId)}" checked aria-label="${escapeHtml(t.title)}"></label>`,
  )
  .join('\n')}
</div>
<p class="meta">以 ${escapeHtml(user)} 的身份作答。每次允许，小程序可以给你发一条这类通知。</p>
<button id="allow" type="button">允许</button>
<button id="deny" type="button">取消</button>
<div id="result" role="status" aria-live="polite"></div>`
  const cfg = JSON.stringify({ user, ids, missing: missing.length > 0 }).replace(/</g, '\\u003c')
  const script = `<script>
(function () {
  var cfg = ${cfg};
  var busy = false;
  function post(result) {
    if (window.parent !== window) window.parent.postMessage({ source: 'wechat-sandbox', type: 'requestSubscribeMessage', errMsg: result.errMsg, result: result }, '*');
  }
  // WeChat answers an unknown template id with a failure, without showing the sheet.
  if (cfg.missing) { post({ errMsg: 'requestSubscribeMessage:fail No template data return, verify the template id exist', errCode: 20001 }); return; }
  function answer(allow) {
    if (busy) return; busy = true;
    var answers = {};
    cfg.ids.forEach(function (id, i) { answers[id] = allow && document.getElementById('t' + i).checked ? 'accept' : 'reject'; });
    fetch('request', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: cfg.user, tmplIds: cfg.ids, answers: answers }) })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        document.getElementById('result').textContent = allow ? '已允许' : '已取消';
        post(result);
      })
      .catch(function () { busy = false; document.getElementById('result').textContent = '网络出错了，请再点一次'; });
  }
  var allow = document.getElementById('allow'); if (allow) allow.onclick = function () { answer(true); };
  var deny = document.getElementById('deny'); if (deny) deny.onclick = function () { answer(false); };
})();
</script>`
  return page('订阅消息（沙箱）', `${body}<p class="note">这是本地沙箱的订阅弹窗，和微信里的一样：点「允许」后，小程序以后可以给你发一条对应的服务通知。</p>`, script)
}

/** A user's 服务通知: newest first, each card with its title, fields and the page it opens. */
export function renderInbox(user: string, messages: InboxMessage[], grants: Record<string, number>, titles: Map<string, string>): string {
  const cards = messages.length
    ? messages
        .map(
          (m) => `<article class="card" aria-label="${escapeHtml(m.title)}">
<h2>${escapeHtml(m.title)}</h2>
<div class="meta">${escapeHtml(time(m.sentAt))}</div>
<dl>${m.lines.map((l) => `<dt>${escapeHtml(l.label)}</dt><dd>${escapeHtml(l.value)}</dd>`).join('')}</dl>
${m.page ? `<div class="open">进入小程序查看 ›<span class="meta">（${escapeHtml(m.page)}）</span></div>` : ''}
</article>`,
        )
        .join('\n')
    : '<div class="card">还没有服务通知。</div>'
  const left = Object.entries(grants)
  const grantText = left.length
    ? left.map(([id, n]) => `${escapeHtml(titles.get(id) ?? id)} ${n} 次`).join('，')
    : '没有'
  return page(
    `${user} 的服务通知（沙箱）`,
    `<p><a href="inbox">← 所有用户</a></p>
<h1>${escapeHtml(user)} 的服务通知</h1>
<p class="meta">还能收到的一次性通知：${grantText}</p>
${cards}
<p class="note">这是本地沙箱：小程序通过订阅消息接口发给这位用户的通知，在微信里会出现在「服务通知」中。</p>`,
  )
}

/** The list of sandbox users who have a 服务通知 inbox or a subscription. */
export function renderInboxIndex(users: string[]): string {
  const list = users.length
    ? `<ul class="users">${users.map((u) => `<li><a href="inbox?user=${encodeURIComponent(u)}">${escapeHtml(u)}</a></li>`).join('')}</ul>`
    : '<div class="card">还没有用户订阅或收到通知。在预览里预约、下单或借款时点「允许」，这里就会出现。</div>'
  return page('服务通知（沙箱）', `<h1>服务通知</h1>${list}`)
}
