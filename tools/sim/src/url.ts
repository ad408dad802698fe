/** A page address as WeChat's router sees it: a route without leading slash, and the raw query. */
export interface PageUrl {
  /** e.g. 'pkg/pages/about/index' */
  route: string
  /**
   * The query as onLoad receives it. WeChat hands over the values still percent-encoded,
   * exactly as written in the url, so this does not decode them either.
   */
  query: Record<string, string>
}

/**
 * Parses the `url` given to navigateTo & co. An absolute url ('/pages/a/index?x=1') is taken
 * from the package root; a relative one ('../b/index') from the folder of `fromRoute`, the
 * page that navigates, as WeChat does.
 */
export function parsePageUrl(url: string, fromRoute = ''): PageUrl {
  const queryStart = url.indexOf('?')
  const pathPart = queryStart < 0 ? url : url.slice(0, queryStart)
  const queryPart = queryStart < 0 ? '' : url.slice(queryStart + 1)
  const route = pathPart.startsWith('/') ? normalizeRoute(pathPart) : normalizeRoute(`${dirname(fromRoute)}/${pathPart}`)
  const query: Record<string, string> = {}
  for (const pair of queryPart.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    if (eq < 0) query[pair] = ''
    else query[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return { route, query }
}

/** Joins a query back onto a route, for logs and error messages. */
export function formatPageUrl({ route, query }: PageUrl): string {
  const pairs = Object.entries(query).map(([key, value]) => `${key}=${value}`)
  return pairs.length ? `${route}?${pairs.join('&')}` : route
}

function dirname(route: string): string {
  const slash = route.lastIndexOf('/')
  return slash < 0 ? '' : route.slice(0, slash)
}

/** Resolves '.' and '..' segments and drops empty ones: '/a/./b/../c' → 'a/c'. */
function normalizeRoute(path: string): string {
  const out: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') out.pop()
    else out.push(segment)
  }
  return out.join('/')
}
