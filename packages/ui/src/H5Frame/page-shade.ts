/**
 * Keeps the page on top of the stack on screen, against a race in Taro's H5 router (4.2.1).
 *
 * On navigateTo the router hides the page it leaves with a timer: `taro_page_shade` (display:
 * none) lands on it 350 ms later (the slide-in's duration and delay), so it stays visible under
 * the sliding page. Nothing cancels that timer when the user comes back sooner: 返回 shows the
 * old page again at once (a tab page such as home: any 返回 within 350 ms) or after the 300 ms
 * slide-out (any other page: a 返回 within 50 ms), and then the timer shades it: a blank page
 * with only the title bar, until a reload
 * (NervJS/taro#13365, #14656, open). A quick 返回 is what an older user does after tapping the
 * wrong button; on a slow phone the window is longer.
 *
 * The router's handler is private to it, so the timer cannot be cancelled from outside; the
 * shade is taken off instead, in the same task it was put on (a MutationObserver runs before the
 * next paint), and only from the page the router's own stack says is on top — a page it hides
 * for real (the one left behind, a tab switched away from) is never on top by then.
 */

/** Taro's class for a page that is in the stack but not on screen. */
export const PAGE_SHADE_CLASS = 'taro_page_shade'

/**
 * Watches `root` (the document: Taro's pages live under `.taro_router`) and takes the shade
 * off the page whose container id is `topPageId()` (Taro gives a page's container its path,
 * `/<base>/pages/x/index?stamp=…`, as id). Returns a function that stops watching.
 */
export function keepTopPageUnshaded(root: Node, topPageId: () => string | undefined): () => void {
  const observer = new MutationObserver((records) => {
    let top: string | undefined
    for (const record of records) {
      const el = record.target as Element
      if (!el.classList?.contains(PAGE_SHADE_CLASS)) continue
      // Asked once per batch, and only when a shade was put on: the stack as it is now.
      top ??= topPageId() ?? ''
      if (top && el.id === top) el.classList.remove(PAGE_SHADE_CLASS)
    }
  })
  observer.observe(root, { subtree: true, attributes: true, attributeFilter: ['class'] })
  return () => observer.disconnect()
}
