import { z } from 'zod'
import { PageNumber, PageSize, pageOf } from './paging'
import { MediaId } from './auth'
import { Fen } from './money'
import { IsoDateTime } from './time'
import { Id } from './ids'
import { Photo } from './media'
import { LessonEditionKind, LessonMedia } from './lesson-media'
import { SearchTerm, optionalText, requiredText } from './text'
import {
  ACCESS_WORDS,
  COURSE_STATUS_WORDS,
  LESSON_KINDS,
  MAX_LESSON_SECONDS,
  PROGRESS_BATCH_MAX,
  PURCHASE_STATUS_WORDS,
  TOPICS,
  type AccessKey,
  type CourseStatusKey,
  type PurchaseStatusKey,
} from './classroom-rules'

export {
  ACCESS_WORDS,
  COURSE_STATUS_WORDS,
  DEFAULT_PASS_PERCENT,
  DONE_FRACTION,
  EDITION_KINDS,
  EDITION_WORDS,
  LESSON_KINDS,
  LESSON_KIND_WORDS,
  MAX_LESSON_SECONDS,
  MEDIA_STATES,
  MEDIA_STATE_WORDS,
  PROGRESS_BATCH_MAX,
  PURCHASE_STATUS_WORDS,
  TOPICS,
  TOPIC_WORDS,
  coveredSeconds,
  durationWords,
  isLessonDone,
  mergeSegments,
  playedFraction,
  quizPasses,
  sizeWords,
} from './classroom-rules'

/**
 * 田间课堂 — farm lessons. Courses (a topic, a teacher, a cover, free or paid in fen, trial
 * lessons) hold lessons of three kinds: video, audio and 图文. Learners browse, search (pinyin and
 * initials too), enrol in free courses or buy paid ones through the payments module
 * (kind `classroom_course`), play, and sync progress in batches; teachers (the `teacher` role)
 * write courses and lessons and see their learners' progress. Media (uploads, editions, signed
 * URLs) comes from the lesson-media module; a learner gets media URLs only for lessons they may open.
 * Everything is mounted at /api/classroom.
 */

// ---------------------------------------------------------------- shared pieces

/** The one id schema (ids.ts). */
export const ClassroomId = Id
export type ClassroomId = z.infer<typeof ClassroomId>

export const Topic = z.enum(TOPICS, { message: '课程分类只能是 种植、养殖、电商 或 健康' })
export type Topic = z.infer<typeof Topic>

export const LessonKind = z.enum(LESSON_KINDS, { message: '课时类型只能是 视频、音频 或 图文' })
export type LessonKind = z.infer<typeof LessonKind>

export const CourseStatus = z.enum(Object.keys(COURSE_STATUS_WORDS) as [CourseStatusKey, ...CourseStatusKey[]])
export type CourseStatus = z.infer<typeof CourseStatus>

export const PurchaseStatus = z.enum(Object.keys(PURCHASE_STATUS_WORDS) as [PurchaseStatusKey, ...PurchaseStatusKey[]])
export type PurchaseStatus = z.infer<typeof PurchaseStatus>

export const CourseAccess = z.enum(Object.keys(ACCESS_WORDS) as [AccessKey, ...AccessKey[]])
export type CourseAccess = z.infer<typeof CourseAccess>

/** The one photo shape (media.ts `Photo`). */
export const ClassroomPhoto = Photo
export type ClassroomPhoto = z.infer<typeof ClassroomPhoto>

/** A paid course costs at most 999 yuan. */
export const MAX_COURSE_PRICE_FEN = 99_900

export const Teacher = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** Where they work, e.g. 洛川县农业技术推广站. */
  org: z.string(),
  intro: z.string(),
  photo: z.nullable(ClassroomPhoto),
})
export type Teacher = z.infer<typeof Teacher>

// ---------------------------------------------------------------- media (from the lesson-media module)

// A lesson's media — state while transcoding, editions with the bytes of every file, signed URLs
// (only for a viewer who may open the lesson) — is lesson-media.ts's `LessonMedia`, used as it is.

// ---------------------------------------------------------------- 图文 lessons

/** A 图文 lesson's body: paragraphs and photos in reading order. */
export const ArticleBlock = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({ type: z.literal('photo'), photo: ClassroomPhoto, caption: z.string() }),
])
export type ArticleBlock = z.infer<typeof ArticleBlock>

export const ArticleBlockInput = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('text'), text: requiredText('段落', 2000, 'multi') }),
    z.strictObject({ type: z.literal('photo'), photoId: MediaId, caption: z.optional(optionalText('图片说明', 100, 'single')) }),
  ],
  { message: '内容块只能是 文字(text) 或 图片(photo)' },
)
export type ArticleBlockInput = z.input<typeof ArticleBlockInput>

const ArticleBlocksInput = z
  .array(ArticleBlockInput, { message: '图文内容应为列表' })
  .min(1, { message: '图文课至少要写一段文字' })
  .max(60, { message: '图文内容最多 60 段' })
  .refine((blocks) => blocks.some((b) => b.type === 'text'), { message: '图文课至少要写一段文字' })
  .refine((blocks) => blocks.filter((b) => b.type === 'photo').length <= 20, { message: '图文课最多 20 张图片' })

// ---------------------------------------------------------------- quizzes

export const QuizQuestionInput = z
  .strictObject({
    prompt: requiredText('题目', 200),
    choices: z.array(requiredText('选项', 100), { message: '选项应为列表' }).min(2, { message: '每题至少 2 个选项' }).max(6, { message: '每题最多 6 个选项' }),
    /** Index of the right choice (0 = the first). */
    answer: z.number({ message: '正确答案应为选项的序号' }).int({ message: '正确答案应为选项的序号' }).min(0, { message: '正确答案应为选项的序号' }),
  })
  .refine((q) => q.answer < q.choices.length, { message: '正确答案不在选项里', path: ['answer'] })
export type QuizQuestionInput = z.input<typeof QuizQuestionInput>

export const QuizInput = z.strictObject({
  /** Share of right answers needed, in percent (default 60). */
  passPercent: z.optional(z.number({ message: '及格线应为 1 到 100 的整数' }).int({ message: '及格线应为 1 到 100 的整数' }).min(1, { message: '及格线应为 1 到 100 的整数' }).max(100, { message: '及格线应为 1 到 100 的整数' })),
  questions: z.array(QuizQuestionInput, { message: '题目应为列表' }).min(1, { message: '测验至少 1 道题' }).max(20, { message: '测验最多 20 道题' }),
})
export type QuizInput = z.input<typeof QuizInput>

/** The quiz as a learner sees it: no answers. */
export const QuizView = z.strictObject({
  passPercent: z.number().int(),
  questions: z.array(z.strictObject({ prompt: z.string(), choices: z.array(z.string()) })),
})
export type QuizView = z.infer<typeof QuizView>

/** The quiz as its teacher wrote it (with answers). */
export const TeacherQuiz = z.strictObject({
  passPercent: z.number().int(),
  questions: z.array(z.strictObject({ prompt: z.string(), choices: z.array(z.string()), answer: z.number().int() })),
})
export type TeacherQuiz = z.infer<typeof TeacherQuiz>

/** `POST /api/classroom/lessons/:id/quiz`: one chosen index per question, in order. */
export const QuizSubmitRequest = z.strictObject({
  answers: z
    .array(z.number({ message: '答案应为选项的序号' }).int({ message: '答案应为选项的序号' }).min(0, { message: '答案应为选项的序号' }).max(5, { message: '答案应为选项的序号' }), { message: '答案应为列表' })
    .min(1, { message: '请先作答' })
    .max(20, { message: '答案最多 20 个' }),
})
export type QuizSubmitRequest = z.input<typeof QuizSubmitRequest>

export const QuizResult = z.strictObject({
  correctCount: z.number().int(),
  total: z.number().int(),
  percent: z.number().int(),
  passPercent: z.number().int(),
  passed: z.boolean(),
  /** Per question: right or not (the right answers themselves are not sent). */
  correct: z.array(z.boolean()),
  submittedAt: IsoDateTime,
})
export type QuizResult = z.infer<typeof QuizResult>

// (QuizSubmitResponse is below, after the progress shapes it carries.)

// ---------------------------------------------------------------- progress

export const LessonProgress = z.strictObject({
  lessonId: z.string(),
  courseId: z.string(),
  /** Where to resume (seconds): the position of the latest event, by the phone's time. */
  positionS: z.number().nonnegative(),
  /** The furthest point reached. */
  furthestS: z.number().nonnegative(),
  /** Seconds of the lesson played, each counted once. */
  coveredS: z.number().nonnegative(),
  durationS: z.nullable(z.number().nonnegative()),
  /** coveredS / durationS, 0 … 1. */
  fraction: z.number().min(0).max(1),
  done: z.boolean(),
  doneAt: z.nullable(IsoDateTime),
  /** watched (≥ 90 % played), read (图文 read to the end), quiz (its quiz passed). */
  doneBy: z.nullable(z.enum(['watched', 'read', 'quiz'])),
  quizPassed: z.boolean(),
  updatedAt: IsoDateTime,
})
export type LessonProgress = z.infer<typeof LessonProgress>

export const CourseProgress = z.strictObject({
  doneLessons: z.number().int(),
  totalLessons: z.number().int(),
  completed: z.boolean(),
  completedAt: z.nullable(IsoDateTime),
})
export type CourseProgress = z.infer<typeof CourseProgress>

const Seconds = (label: string) =>
  z
    .number({ message: `${label}应为秒数` })
    .min(0, { message: `${label}不能小于 0` })
    .max(MAX_LESSON_SECONDS, { message: `${label}不能超过 ${MAX_LESSON_SECONDS} 秒` })

export const ClientEventId = z.string({ message: '进度编号应为 8 到 64 位字母、数字、- 或 _' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { message: '进度编号应为 8 到 64 位字母、数字、- 或 _' })

/**
 * One progress event, made on the phone (offline too) and sent later in a batch. Replaying it is
 * harmless: an event id is applied once; positions resume at the latest event (by `at`), the
 * furthest point is the maximum, played seconds are the union of the segments.
 */
export const ProgressEvent = z
  .strictObject({
    /** Made on the phone when the event is recorded; the server applies each id once. */
    clientEventId: ClientEventId,
    lessonId: ClassroomId,
    /** When it happened, on the phone's clock. */
    at: IsoDateTime,
    positionS: Seconds('播放位置'),
    /** Seconds played during this event (time spent; without segments, also what counts as played). */
    watchedS: z.optional(Seconds('观看时长')),
    /** The parts played during this event, [startS, endS]. */
    segments: z.optional(
      z
        .array(z.tuple([Seconds('片段开始'), Seconds('片段结束')], { message: '片段应为 [开始秒, 结束秒]' }), { message: '片段应为列表' })
        .max(50, { message: '一次最多 50 个片段' })
        .refine((s) => s.every(([a, b]) => a <= b), { message: '片段的开始不能晚于结束' }),
    ),
    /** 图文: read to the end at this time (ignored for video and audio, which are measured). */
    completedAt: z.optional(IsoDateTime),
  })
export type ProgressEvent = z.input<typeof ProgressEvent>

export const ProgressBatchRequest = z.strictObject({
  events: z.array(ProgressEvent, { message: '进度应为列表' }).min(1, { message: '没有要同步的进度' }).max(PROGRESS_BATCH_MAX, { message: `一次最多同步 ${PROGRESS_BATCH_MAX} 条进度` }),
})
export type ProgressBatchRequest = z.input<typeof ProgressBatchRequest>

export const ProgressEventResult = z.strictObject({
  clientEventId: z.string(),
  /** applied: counted now; duplicate: already counted (a replay); rejected: not counted, `message` says why (drop it from the queue). */
  status: z.enum(['applied', 'duplicate', 'rejected']),
  message: z.nullable(z.string()),
})
export type ProgressEventResult = z.infer<typeof ProgressEventResult>

/** The server's progress of every lesson the batch touched (replace the phone's copy with it). */
export const ProgressBatchResponse = z.strictObject({
  results: z.array(ProgressEventResult),
  lessons: z.array(LessonProgress),
  /** The courses of those lessons. */
  courses: z.array(z.strictObject({ courseId: z.string(), progress: CourseProgress })),
})
export type ProgressBatchResponse = z.infer<typeof ProgressBatchResponse>

/** `POST /api/classroom/lessons/:id/quiz`: the score, and the lesson's and course's progress after it. */
export const QuizSubmitResponse = z.strictObject({ result: QuizResult, progress: LessonProgress, course: CourseProgress })
export type QuizSubmitResponse = z.infer<typeof QuizSubmitResponse>

// ---------------------------------------------------------------- purchases

/** A course bought through the payments module: POST /api/payments `{ kind: 'classroom_course', orderId: purchase.id }`. */
export const Purchase = z.strictObject({
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  status: PurchaseStatus,
  statusWord: z.string(),
  /** The course's price when the purchase was made (the payment's amount). */
  amountFen: Fen,
  /** Unpaid: pay before this time. */
  payBefore: z.nullable(IsoDateTime),
  paidAt: z.nullable(IsoDateTime),
  createdAt: IsoDateTime,
})
export type Purchase = z.infer<typeof Purchase>

export const PurchaseResponse = z.strictObject({ purchase: Purchase })
export type PurchaseResponse = z.infer<typeof PurchaseResponse>

// ---------------------------------------------------------------- courses and lessons (learners)

/** An edition's size (every file of it): what downloading it costs. */
export const EditionSize = z.strictObject({ kind: LessonEditionKind, label: z.string(), bytes: z.number().int().nonnegative() })
export type EditionSize = z.infer<typeof EditionSize>

export const CourseCard = z.strictObject({
  id: z.string(),
  title: z.string(),
  topic: Topic,
  topicWord: z.string(),
  /** A line for the card: the start of the intro. */
  summary: z.string(),
  teacher: z.strictObject({ id: z.string(), name: z.string(), org: z.string() }),
  cover: z.nullable(ClassroomPhoto),
  /** 0 = free. */
  priceFen: Fen,
  free: z.boolean(),
  lessonCount: z.number().int(),
  trialCount: z.number().int(),
  /** Sum of the known lesson durations (seconds). */
  durationS: z.number().nonnegative(),
  learnerCount: z.number().int(),
})
export type CourseCard = z.infer<typeof CourseCard>

export const LessonSummary = z.strictObject({
  id: z.string(),
  courseId: z.string(),
  /** 1, 2, 3 … in the course. */
  position: z.number().int(),
  kind: LessonKind,
  kindWord: z.string(),
  title: z.string(),
  /** Seconds; 图文: the estimated reading time; null while media is processing. */
  durationS: z.nullable(z.number().nonnegative()),
  /** A trial lesson opens without buying. */
  trial: z.boolean(),
  /** True when this viewer may not open it (a paid course not bought, not a trial lesson). */
  locked: z.boolean(),
  /** Editions with their sizes (video and audio, once processed); empty for 图文. */
  editions: z.array(EditionSize),
  /** 图文: bytes of its text (photos load at the size the screen needs). */
  textBytes: z.number().int().nonnegative(),
  hasQuiz: z.boolean(),
  /** The viewer's progress (null: not signed in or not started). */
  progress: z.nullable(LessonProgress),
})
export type LessonSummary = z.infer<typeof LessonSummary>

export const CourseDetail = CourseCard.extend({
  intro: z.string(),
  teacher: Teacher,
  lessons: z.array(LessonSummary),
  access: CourseAccess,
  accessWord: z.string(),
  /** Listed in 我的课程 (enrolled in a free course, or bought). */
  enrolled: z.boolean(),
  /** An unpaid purchase of this course by the viewer (pay it with POST /api/payments). */
  pendingPurchase: z.nullable(Purchase),
  progress: z.nullable(CourseProgress),
})
export type CourseDetail = z.infer<typeof CourseDetail>

export const CourseDetailResponse = z.strictObject({ course: CourseDetail })
export type CourseDetailResponse = z.infer<typeof CourseDetailResponse>

export const LessonDetail = LessonSummary.extend({
  courseTitle: z.string(),
  teacherName: z.string(),
  /** Video and audio: state, editions with sizes; URLs only when not locked. Null for 图文. */
  media: z.nullable(LessonMedia),
  /** 图文: the body (null when locked or not 图文). */
  blocks: z.nullable(z.array(ArticleBlock)),
  /** Null when locked or there is none. */
  quiz: z.nullable(QuizView),
  lastQuizResult: z.nullable(QuizResult),
  previousLessonId: z.nullable(z.string()),
  nextLessonId: z.nullable(z.string()),
})
export type LessonDetail = z.infer<typeof LessonDetail>

export const LessonDetailResponse = z.strictObject({ lesson: LessonDetail })
export type LessonDetailResponse = z.infer<typeof LessonDetailResponse>

export const TopicCount = z.strictObject({ topic: Topic, word: z.string(), courseCount: z.number().int() })
export type TopicCount = z.infer<typeof TopicCount>

export const ContinueItem = z.strictObject({
  course: z.strictObject({ id: z.string(), title: z.string(), cover: z.nullable(ClassroomPhoto) }),
  lesson: z.strictObject({ id: z.string(), title: z.string(), kind: LessonKind, kindWord: z.string(), durationS: z.nullable(z.number().nonnegative()) }),
  positionS: z.number().nonnegative(),
  fraction: z.number().min(0).max(1),
  done: z.boolean(),
  updatedAt: IsoDateTime,
})
export type ContinueItem = z.infer<typeof ContinueItem>

/** `GET /api/classroom/home`: topics with counts, the newest courses, and (signed in) where the viewer stopped. */
export const HomeResponse = z.strictObject({
  topics: z.array(TopicCount),
  courses: z.array(CourseCard),
  continue: z.array(ContinueItem),
})
export type HomeResponse = z.infer<typeof HomeResponse>

export const CourseListQuery = z.strictObject({
  topic: z.optional(Topic),
  page: z.optional(PageNumber),
  size: z.optional(PageSize),
})
export type CourseListQuery = z.input<typeof CourseListQuery>

export const CoursePage = pageOf(CourseCard)
export type CoursePage = z.infer<typeof CoursePage>

/**
 * `GET /api/classroom/search?q=`: every space-separated word must match — Chinese as a substring of
 * titles and texts (two characters too: 玉米), Latin letters as pinyin (`yumi`) or initials (`ymzz`).
 */
export const SearchQuery = z.strictObject({
  q: SearchTerm,
  topic: z.optional(Topic),
})
export type SearchQuery = z.input<typeof SearchQuery>

export const LessonHit = z.strictObject({
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  title: z.string(),
  kind: LessonKind,
  kindWord: z.string(),
  durationS: z.nullable(z.number().nonnegative()),
  trial: z.boolean(),
})
export type LessonHit = z.infer<typeof LessonHit>

export const SearchResponse = z.strictObject({
  q: z.string(),
  /** At most 20 each. */
  courses: z.array(CourseCard),
  lessons: z.array(LessonHit),
})
export type SearchResponse = z.infer<typeof SearchResponse>

export const MyCourse = z.strictObject({ course: CourseCard, access: CourseAccess, progress: CourseProgress, lastActiveAt: z.nullable(IsoDateTime) })
export type MyCourse = z.infer<typeof MyCourse>
/** `GET /api/classroom/my/courses`: enrolled and bought courses, the latest active first. */
export const MyCoursesResponse = z.strictObject({ items: z.array(MyCourse) })
export type MyCoursesResponse = z.infer<typeof MyCoursesResponse>

export const EnrolResponse = z.strictObject({ courseId: z.string(), enrolledAt: IsoDateTime })
export type EnrolResponse = z.infer<typeof EnrolResponse>

// ---------------------------------------------------------------- teachers

export const TeacherMeResponse = z.strictObject({ teacher: Teacher })
export type TeacherMeResponse = z.infer<typeof TeacherMeResponse>

export const TeacherCourse = CourseCard.extend({
  intro: z.string(),
  status: CourseStatus,
  statusWord: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
})
export type TeacherCourse = z.infer<typeof TeacherCourse>

export const TeacherLesson = z.strictObject({
  id: z.string(),
  courseId: z.string(),
  position: z.number().int(),
  kind: LessonKind,
  kindWord: z.string(),
  title: z.string(),
  durationS: z.nullable(z.number().nonnegative()),
  trial: z.boolean(),
  /** Video and audio: the upload it was made from. */
  uploadId: z.nullable(z.string()),
  /** Video and audio: processing state and progress, editions with sizes (URLs signed for the teacher). */
  media: z.nullable(LessonMedia),
  blocks: z.nullable(z.array(ArticleBlock)),
  quiz: z.nullable(TeacherQuiz),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
})
export type TeacherLesson = z.infer<typeof TeacherLesson>

export const TeacherCoursesResponse = z.strictObject({ items: z.array(TeacherCourse) })
export type TeacherCoursesResponse = z.infer<typeof TeacherCoursesResponse>
export const TeacherCourseResponse = z.strictObject({ course: TeacherCourse, lessons: z.array(TeacherLesson) })
export type TeacherCourseResponse = z.infer<typeof TeacherCourseResponse>
export const TeacherLessonResponse = z.strictObject({ lesson: TeacherLesson })
export type TeacherLessonResponse = z.infer<typeof TeacherLessonResponse>

const PriceFen = z
  .number({ message: '价格应为整数（分），免费填 0' })
  .int({ message: '价格应为整数（分），免费填 0' })
  .min(0, { message: '价格不能小于 0' })
  .max(MAX_COURSE_PRICE_FEN, { message: `价格最多 ${MAX_COURSE_PRICE_FEN / 100} 元` })

export const CreateCourseRequest = z.strictObject({
  title: requiredText('课程名称', 30),
  topic: Topic,
  intro: requiredText('课程介绍', 1000, 'multi'),
  /** A photo the teacher uploaded (POST /api/media). */
  coverMediaId: z.optional(MediaId),
  /** 0 = free. */
  priceFen: PriceFen,
})
export type CreateCourseRequest = z.input<typeof CreateCourseRequest>

export const UpdateCourseRequest = z
  .strictObject({
    title: z.optional(requiredText('课程名称', 30)),
    topic: z.optional(Topic),
    intro: z.optional(requiredText('课程介绍', 1000, 'multi')),
    coverMediaId: z.optional(z.nullable(MediaId)),
    priceFen: z.optional(PriceFen),
    /** Publish (learners see it) or take back to a draft. */
    status: z.optional(z.enum(['draft', 'published'], { message: '状态只能是 草稿(draft) 或 已发布(published)' })),
  })
  .refine((b) => Object.keys(b).length > 0, { message: '请至少修改一项' })
export type UpdateCourseRequest = z.input<typeof UpdateCourseRequest>

/** A finished tus upload's id (lesson-media, /api/classroom/uploads). */
export const UploadId = Id
export type UploadId = z.infer<typeof UploadId>

const LessonTitle = requiredText('课时标题', 40)
const Trial = z.boolean({ message: '试看应为 true 或 false' })

export const CreateLessonRequest = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('video'), title: LessonTitle, uploadId: UploadId, trial: z.optional(Trial), quiz: z.optional(QuizInput) }),
    z.strictObject({ kind: z.literal('audio'), title: LessonTitle, uploadId: UploadId, trial: z.optional(Trial), quiz: z.optional(QuizInput) }),
    z.strictObject({ kind: z.literal('article'), title: LessonTitle, blocks: ArticleBlocksInput, trial: z.optional(Trial), quiz: z.optional(QuizInput) }),
  ],
  { message: '课时类型只能是 视频(video)、音频(audio) 或 图文(article)' },
)
export type CreateLessonRequest = z.input<typeof CreateLessonRequest>

export const UpdateLessonRequest = z
  .strictObject({
    title: z.optional(LessonTitle),
    trial: z.optional(Trial),
    /** Move it to this place in the course (1 = first). */
    position: z.optional(z.number({ message: '顺序应为正整数' }).int({ message: '顺序应为正整数' }).min(1, { message: '顺序应为正整数' }).max(500, { message: '顺序应为正整数' })),
    /** 图文 only. */
    blocks: z.optional(ArticleBlocksInput),
    /** Video and audio only: replace the media with another finished upload. */
    uploadId: z.optional(UploadId),
    /** null removes the quiz. */
    quiz: z.optional(z.nullable(QuizInput)),
  })
  .refine((b) => Object.keys(b).length > 0, { message: '请至少修改一项' })
export type UpdateLessonRequest = z.input<typeof UpdateLessonRequest>

export const LearnersQuery = z.strictObject({ page: z.optional(PageNumber), size: z.optional(PageSize) })
export type LearnersQuery = z.input<typeof LearnersQuery>

/** One learner of a course as the teacher sees them: a name to call them by and their progress — nothing else about them. */
export const LearnerRow = z.strictObject({
  /** The learner's nickname, or 学员 + a short code when they have none. */
  name: z.string(),
  access: CourseAccess,
  doneLessons: z.number().int(),
  totalLessons: z.number().int(),
  fraction: z.number().min(0).max(1),
  lastActiveAt: z.nullable(IsoDateTime),
  completedAt: z.nullable(IsoDateTime),
})
export type LearnerRow = z.infer<typeof LearnerRow>

/** `GET /api/classroom/teacher/courses/:id/learners`: counts, per-lesson counts, and one page of learners (the latest active first). */
export const LearnersResponse = z.strictObject({
  courseId: z.string(),
  counts: z.strictObject({ learners: z.number().int(), purchased: z.number().int(), completed: z.number().int() }),
  lessons: z.array(z.strictObject({ lessonId: z.string(), title: z.string(), started: z.number().int(), done: z.number().int() })),
  items: z.array(LearnerRow),
  page: z.number().int(),
  size: z.number().int(),
  hasMore: z.boolean(),
})
export type LearnersResponse = z.infer<typeof LearnersResponse>
