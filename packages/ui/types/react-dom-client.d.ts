// The one react-dom entry the render tests use (@types/react-dom is not in the catalog, and
// nothing else here needs it).
declare module 'react-dom/client' {
  import type { ReactNode } from 'react'
  export interface Root {
    render(children: ReactNode): void
    unmount(): void
  }
  export function createRoot(container: Element): Root
}
