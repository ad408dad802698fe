// @tianyuan/ui/notices: the notice pages (list, detail with 听, publish, my notices), an entry of
// its own so that only the apps' `notices` subpackage carries them. The home page's NoticeStrip is
// in the main entry (@tianyuan/ui).
export { NoticeListPage, type NoticeListPageProps } from './Notices/NoticeListPage'
export { NoticeDetailPage, type NoticeDetailPageProps } from './Notices/NoticeDetailPage'
export { PublishNoticePage, bodyProblem, isNotPublisher } from './Notices/PublishNoticePage'
export { PublishedNoticesPage, openedCountText } from './Notices/PublishedNoticesPage'
export { PriceTable, type PriceTableProps } from './Notices/PriceTable'
export { ReadAloud, type ReadAloudProps } from './Notices/ReadAloud'
export { noticeSpeechText, priceRowWords } from './Notices/shared/speech-text'
export { recordOpening } from './Notices/shared/opened'
export { EXPIRY_CHOICES, expiryAt } from './Notices/shared/expiry'
export { NOTICE_PAGES, NOTICES_PATH, PUBLISHED_NOTICES_PATH, noticePath } from './Notices/shared/api'
