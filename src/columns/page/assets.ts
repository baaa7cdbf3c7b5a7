import { createHash } from 'node:crypto'

/**
 * The reference column page's style and its one small script, inline: the page is one request,
 * with nothing else to fetch before it can be read. Both are constants, so the page's
 * Content-Security-Policy allows exactly them by hash and no other inline code.
 */

/** Colours chosen for WCAG AA contrast (4.5:1 or better) on the backgrounds they are used on. */
export const pageCss = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.75 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",system-ui,sans-serif;color:#1f1f1f;background:#f5f3ef;overflow-wrap:anywhere}
img,video{display:block;max-width:100%;height:auto}
a{color:#9a1b15;text-underline-offset:2px}
a:hover{color:#6e120e}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
.skip{position:absolute;left:-10000px;top:0}
.skip:focus{left:12px;top:12px;z-index:10;background:#fff;color:#1f1f1f;padding:6px 12px}
.wrap{max-width:1160px;margin:0 auto;padding:0 16px}
.masthead{background:#8f1d18;color:#fff}
.masthead .wrap{padding-top:24px;padding-bottom:24px}
.kicker{margin:0;font-size:.95rem;color:#ffe4e0}
h1{margin:.2em 0 .4em;font-size:clamp(1.5rem,4.6vw,2.4rem);line-height:1.3}
.lead{margin:0;max-width:46em}
.owner{margin:.6em 0 0;font-size:.95rem;color:#ffe4e0}
.banner{width:100%;max-height:360px;object-fit:cover;background:#e9e4dc}
.layout{display:grid;gap:24px;padding-top:24px;padding-bottom:8px}
.layout>div>.block:last-child{margin-bottom:0}
.block{background:#fff;border-radius:8px;padding:16px;margin:0 0 24px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.block>h2{margin:0 0 12px;font-size:1.3rem;line-height:1.4;padding-left:10px;border-left:4px solid #a8201a}
.empty{margin:0;color:#595959}
.items{list-style:none;margin:0;padding:0;display:grid;gap:16px}
.item{display:grid;gap:6px;align-content:start;padding-top:14px;border-top:1px solid #e6e1d8}
.items>.item:first-child{padding-top:0;border-top:0}
.item h3{margin:0;font-size:1.08rem;line-height:1.5}
.item p{margin:0}
.item .thumb{width:100%;aspect-ratio:16/9;object-fit:cover;border-radius:4px;background:#e9e4dc}
.item video{width:100%;border-radius:4px;background:#000}
.meta{font-size:.875rem;color:#595959}
.badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:3px;background:#a8201a;color:#fff;font-size:.8rem;vertical-align:1px}
.facts{margin:0;display:grid;grid-template-columns:auto 1fr;gap:4px 12px}
.facts dt{color:#595959}
.facts dd{margin:0}
.links{margin:12px 0 0;padding:0;list-style:none}
.window{border-top:4px solid #a8201a}
.window-grid{display:grid;gap:24px}
.window h3{margin:0 0 8px;font-size:1.1rem}
.said{list-style:none;margin:0;padding:0;display:grid;gap:12px}
.said li{padding:12px;border-radius:6px;background:#f7f5f1}
.said p{margin:0}
.said .images{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.said .images img{width:120px;height:90px;object-fit:cover;border-radius:4px}
.field{display:grid;gap:4px;margin-bottom:12px}
label{font-weight:600}
.optional{font-weight:400;color:#595959}
textarea,input[type=text]{width:100%;font:inherit;color:#1f1f1f;background:#fff;border:1px solid #767676;border-radius:4px;padding:8px 10px}
textarea{min-height:8em;resize:vertical}
.hint{margin:0 0 12px;font-size:.875rem;color:#595959}
button{font:inherit;font-weight:600;color:#fff;background:#a8201a;border:0;border-radius:4px;padding:10px 24px;cursor:pointer;min-height:44px}
button:hover{background:#8f1d18}
button[disabled]{background:#767676;cursor:wait}
.status{margin:0 0 12px}
.status:not(:empty){padding:10px 12px;border-radius:4px;border-left:4px solid #1a5fb4;background:#eef4fc}
.status.ok:not(:empty){border-left-color:#1e6b34;background:#edf7ef}
.status.error:not(:empty){border-left-color:#a8201a;background:#fcefee}
.site-footer{margin-top:16px;background:#2b2b2b;color:#f0f0f0;font-size:.9rem}
.site-footer .wrap{padding-top:20px;padding-bottom:24px}
.site-footer p{margin:0 0 4px}
.site-footer a{color:#ffd9d4}
.notfound{max-width:40em;margin:0 auto;padding:48px 16px}
@media (min-width:960px){
.layout{grid-template-columns:minmax(0,1fr) 300px;align-items:start}
.aside{position:sticky;top:16px}
.block{padding:24px}
.items.cards{grid-template-columns:repeat(2,minmax(0,1fr));gap:24px}
.items.cards>.item{padding-top:0;border-top:0}
.window-grid{grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:32px}
}
`

/**
 * Sends the comment form as JSON and shows the answer in place (a comment shown at once reloads
 * the page, which then lists it). Without it the form posts as a plain form and the server
 * redirects back with `?comment=`; the page is the same either way.
 */
export const pageScript = `(() => {
  const form = document.getElementById('comment-form')
  const status = document.getElementById('comment-status')
  if (!form || !status || !window.fetch || !window.FormData) return
  form.setAttribute('data-enhanced', '')
  const say = (kind, text) => {
    status.className = 'status ' + kind
    status.textContent = text
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const data = {}
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim() !== '') data[name] = value
    }
    data.column = Number(data.column)
    const button = form.querySelector('button[type=submit]')
    if (button) button.disabled = true
    say('', '正在提交… / sending…')
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(data),
        credentials: 'omit',
      })
      const answer = await res.json().catch(() => ({}))
      if (res.ok && answer.state === 'approved') {
        location.assign(location.pathname + '?comment=approved#comment-form')
        return
      }
      if (res.ok) {
        form.reset()
        say('ok', answer.message || '已收到，审核通过后显示 / received: it shows once approved')
        return
      }
      const message = answer.errors && answer.errors[0] && answer.errors[0].message
      say('error', '未能提交：' + (message || '服务器返回 ' + res.status + ' / the server answered ' + res.status))
    } catch {
      say('error', '网络错误，请稍后再试 / network error: try again later')
    } finally {
      if (button) button.disabled = false
    }
  })
})()`

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/**
 * Only this page's own style and script run; images and videos come from wherever the pull
 * document's absolute URLs point (SERVER_URL, or the address the server listens on); the form
 * posts, and the script fetches, to this site only.
 */
export const pageCsp = [
  "default-src 'none'",
  `style-src ${cspHash(pageCss)}`,
  `script-src ${cspHash(pageScript)}`,
  'img-src * data:',
  'media-src *',
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ')
