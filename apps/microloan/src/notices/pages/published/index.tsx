import { PublishedNoticesPage } from '@tianyuan/ui/notices'

/** For publishers: their notices, how many people opened each, 撤回. */
export default function MicroloanPublishedNotices() {
  return <PublishedNoticesPage />
}
