// @tianyuan/sdk/media: which edition of a lesson to play or download, by link class and the
// user's ceiling. Pure and tiny; an entry of its own so that a page importing it pulls nothing else.
export { pickLessonEdition, describeEdition, EDITION_ORDER, EDITION_FOR_LINK, type EditionChoice, type EditionChoiceInput, type LessonEditionKind } from './media/edition'
