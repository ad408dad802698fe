// The courses the classroom's simulator suites start with, written as a teacher writes them: real
// teaching text (玉米合理密植, 生猪常见病预防), made through the teacher's endpoints by serve-api.ts.
import type { CreateLessonRequest, Topic } from '@tianyuan/contracts/types'

/** The sandbox user who is the fixture's teacher (a 农技站 agronomist). */
export const TEACHER_USER = '李农艺师'

interface CourseSpec {
  title: string
  topic: Topic
  intro: string
  priceFen: number
  lessons: CreateLessonRequest[]
}

const article = (title: string, paragraphs: string[], extra: Partial<Extract<CreateLessonRequest, { kind: 'article' }>> = {}): CreateLessonRequest => ({
  kind: 'article',
  title,
  blocks: paragraphs.map((text) => ({ type: 'text' as const, text })),
  ...extra,
})

export const FIXTURE = {
  /** Free, with a quiz on its first lesson (answers: 1, 0 — pass mark 50 %). */
  free: {
    title: '玉米种植技术',
    topic: 'planting',
    intro: '讲清楚玉米为什么要合理密植、每亩留多少株、密了以后怎么管。',
    priceFen: 0,
    lessons: [
      article(
        '玉米合理密植',
        [
          '紧凑型品种（如郑单958）每亩留苗 4500 到 5000 株，平展型品种每亩 3500 到 4000 株。',
          '肥地、水浇地取上限，旱薄地取下限；行距 60 厘米，株距按密度算。',
          '过密会倒伏、空秆多，过稀产量上不去：按品种说明书和地力定密度。',
        ],
        {
          quiz: {
            passPercent: 50,
            questions: [
              { prompt: '紧凑型玉米每亩大约留多少株？', choices: ['2000 株', '4500 到 5000 株', '8000 株'], answer: 1 },
              { prompt: '旱薄地的密度应该取？', choices: ['下限', '上限'], answer: 0 },
            ],
          },
        },
      ),
      article('密植玉米的田间管理', ['拔节期追施氮肥，每亩尿素 15 到 20 公斤，开沟深施后盖土。', '大喇叭口期防玉米螟，可用辛硫磷颗粒剂丢心。']),
    ],
  },
  /** Paid (¥19.90); the first lesson is a trial, the other two are locked until bought. */
  paid: {
    title: '生猪常见病预防',
    topic: 'livestock',
    intro: '猪场的防疫程序、消毒和常见病的早期识别，少用药、少死猪。',
    priceFen: 1990,
    lessons: [
      article('猪场消毒怎么做', ['进场人员换鞋换衣，车辆轮胎消毒。', '空栏后先清粪冲洗，干燥后再用消毒药喷洒，空栏 7 天再进猪。'], { trial: true }),
      article('仔猪腹泻的识别', ['仔猪拉黄白色稀粪、消瘦、被毛粗乱，要及时隔离。', '注意保温，产房温度保持在 25 度以上，仔猪保温箱 32 度左右。']),
      article('防疫程序', ['按当地兽医站的程序接种猪瘟、口蹄疫等疫苗，做好记录。']),
    ],
  },
} satisfies Record<string, CourseSpec>

export interface FixtureCourse {
  id: string
  title: string
  lessons: Array<{ id: string; title: string }>
}

/** What serve-api.ts announces when the API is ready. */
export interface ClassroomApiReady {
  /** http://127.0.0.1:<port> */
  url: string
  courses: Record<keyof typeof FIXTURE, FixtureCourse>
}
