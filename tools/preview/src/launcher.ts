// The launcher at `/`: the host of the preview. Plain HTML and CSS, no build step; the
// tiles open each app in a phone-sized frame (a named iframe, so it works without script).
import type { PreviewApp } from './apps'

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:20px/1.6 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2a1f;background:#f5f5f0}
header{background:#2f7d32;color:#fff;padding:16px 24px}
h1{margin:0;font-size:32px}
header p{margin:4px 0 0}
main{display:flex;flex-wrap:wrap;gap:32px;padding:24px;align-items:flex-start}
.tiles{list-style:none;margin:0;padding:0;display:grid;gap:16px;flex:1 1 320px;max-width:560px}
.tile{background:#fff;border:2px solid #d8e3d3;border-radius:16px;padding:16px 20px}
.tile[aria-current=true]{border-color:#2f7d32}
.tile h2{margin:0;font-size:26px}
.tile p{margin:4px 0}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.actions a{font-size:20px;padding:8px 16px;border-radius:10px;text-decoration:none}
.open{background:#2f7d32;color:#fff}
.full{color:#2f7d32;border:2px solid #2f7d32}
.missing{color:#8a4b00}
code{font-size:17px;background:#f0ede4;padding:2px 6px;border-radius:6px}
.phone{flex:0 0 auto;padding:48px 14px 56px;background:#222;border-radius:44px;box-shadow:0 8px 24px rgba(0,0,0,.25);position:relative}
.phone::before{content:"";position:absolute;top:20px;left:50%;width:64px;height:8px;margin-left:-32px;border-radius:4px;background:#555}
.phone::after{content:"";position:absolute;bottom:14px;left:50%;width:32px;height:32px;margin-left:-16px;border-radius:50%;border:3px solid #555}
.phone iframe{display:block;width:375px;height:667px;border:0;background:#fff;border-radius:4px}
@media (max-width:440px){.phone{padding:0;border-radius:0;background:none;box-shadow:none}.phone::before,.phone::after{display:none}.phone iframe{width:100%}}
`

const PLACEHOLDER = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body style="margin:0;display:flex;height:100vh;align-items:center;justify-content:center;font:20px/1.6 system-ui,sans-serif;color:#555;text-align:center;padding:24px">点左边的“在手机里打开”，应用会显示在这里。</body></html>`

// Marks the chosen tile and brings the phone into view on narrow screens. Not needed to work.
const SCRIPT = `document.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a.open');if(!a)return;document.querySelectorAll('.tile').forEach(function(t){t.setAttribute('aria-current',String(t.contains(a)))});document.querySelector('.phone').scrollIntoView({block:'nearest'})})`

function tile(app: PreviewApp & { built: boolean }): string {
  const name = escapeHtml(app.name)
  const head = `<h2>${escapeHtml(app.title)}</h2><p>${escapeHtml(app.purpose)}</p>`
  if (!app.built) {
    return `<li class="tile" id="tile-${name}" data-app="${name}" data-built="false">${head}<p class="missing">还没有构建。在仓库根目录运行 <code>node scripts/build.mjs h5 ${name}</code> 后刷新本页。</p></li>`
  }
  return `<li class="tile" id="tile-${name}" data-app="${name}" data-built="true">${head}<p class="actions"><a class="open" href="/${name}/" target="phone">在手机里打开</a><a class="full" href="/${name}/">整页打开</a></p></li>`
}

/** The launcher page for these apps (`built` says whether each has an H5 build). */
export function renderLauncher(apps: Array<PreviewApp & { built: boolean }>): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>田园 · 小程序预览</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>田园</h1><p>给乡亲们的四个小程序。点一个，在右边的手机里试用。</p><p><a id="service-notices" href="/wechat-sandbox/sandbox/subscribe/inbox" target="phone">服务通知（每位测试用户在微信里收到的提醒）</a></p></header>
<main>
<ul class="tiles">
${apps.map(tile).join('\n')}
</ul>
<div class="phone"><iframe name="phone" title="手机预览" srcdoc="${escapeHtml(PLACEHOLDER)}"></iframe></div>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`
}

/** A small page for errors and for apps not built yet. `body` is trusted HTML. */
export function renderMessagePage(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}main{display:block}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${body}</p><p><a href="/">回到应用列表</a></p></main></body></html>
`
}
