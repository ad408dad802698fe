import type { Kysely } from 'kysely'
import { SHANGHAI, dayjs, parsePriceTable, shanghaiDate, type NoticeTopic, type OrganisationKind } from '@tianyuan/contracts'
import type { Database } from '../platform/db'
import { newId } from '../platform/ids'
import type { Logger } from '../platform/logging'
import { noticesDb, type NoticesDb } from '../modules/notices/schema'
import { newOpenedSalt } from '../modules/notices/opened'

/**
 * 通知到人 demo data, for development and the browser tests: the organisations of one township
 * (洛川县凤栖镇, where the market's apple grower and the clinic's township centre are), one publisher
 * account each, and a current notice of every topic — dated from the moment the seed runs (Shanghai
 * time), so the preview always shows live notices: a flu-vaccination day, a farmland-subsidy
 * deadline, a cold-wave warning marked urgent, a winter-wheat note, today's wholesale prices with
 * a table, a villagers' meeting and an anti-fraud reminder from the credit co-op.
 *
 * Idempotent and self-renewing: each seeded notice has a fixed id (`seed-<key>`); one still live is
 * left alone (its open count too), one that has expired is re-dated and rewritten. Text only: there
 * is no photograph of these (made-up) events, and no stand-in picture of something else is used.
 *
 * Publisher users: the openid comes from `openidOf(name)` — in development the server passes the
 * in-process sandbox's, so `POST /wechat-sandbox/sandbox/login {"user":"刘建国"}` is the village
 * committee's publisher (DEMO_PUBLISHER). Without it (the seed script) the openid is
 * `seed-notices-publisher-<key>`.
 */

interface SeedOrganisation {
  key: string
  name: string
  kind: OrganisationKind
  /** The member who publishes for it (a sandbox test user by this name in development). */
  publisher: string
}

export const NOTICE_ORGANISATIONS: SeedOrganisation[] = [
  { key: 'guzui-village', name: '凤栖镇谷咀村村委会', kind: '村委会', publisher: '刘建国' },
  { key: 'fengqi-health', name: '洛川县凤栖镇卫生院', kind: '乡镇卫生院', publisher: '王淑芬' },
  { key: 'fengqi-agri', name: '凤栖镇农业技术推广站', kind: '农技站', publisher: '马志强' },
  { key: 'fengqi-credit', name: '洛川县农村信用社凤栖分社', kind: '信用社', publisher: '陈丽娟' },
  { key: 'guzui-coop', name: '谷咀村苹果种植专业合作社', kind: '合作社', publisher: '张保平' },
]

/** The account the preview and the browser tests publish with: the village committee's. */
export const DEMO_PUBLISHER = NOTICE_ORGANISATIONS[0]!

const DAY_MS = 24 * 3600_000
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** Days from today as people write them: 12月8日（周二）. */
function dayWords(day: dayjs.Dayjs): string {
  return `${day.month() + 1}月${day.date()}日（${WEEKDAYS[day.day()]}）`
}

interface SeedNotice {
  key: string
  organisation: string
  topic: NoticeTopic
  urgent: boolean
  /** Published this long before the seed runs. */
  agoMs: number
  /** Expires this long after the seed runs. */
  forMs: number
  title: string
  paragraphs: string[]
  priceCsv?: string
}

/** The notices, written for the day the seed runs (`today` = Shanghai midnight that began it). */
function noticesFor(now: number): SeedNotice[] {
  const today = dayjs.tz(shanghaiDate(now), SHANGHAI)
  // The vaccination day: the coming Saturday, at least two days away.
  let vaccination = today.add(2, 'day')
  while (vaccination.day() !== 6) vaccination = vaccination.add(1, 'day')
  const subsidyDeadline = today.add(12, 'day')
  const meeting = today.add(4, 'day')
  const untilEndOf = (day: dayjs.Dayjs, hour: number) => day.hour(hour).valueOf() - now
  return [
    {
      key: 'flu-vaccine',
      organisation: 'fengqi-health',
      topic: '健康',
      urgent: false,
      agoMs: DAY_MS + 3 * 3600_000,
      forMs: untilEndOf(vaccination, 17),
      title: `${vaccination.month() + 1}月${vaccination.date()}日镇卫生院集中接种流感疫苗`,
      paragraphs: [
        `秋冬季是流感高发季节。镇卫生院定于 ${dayWords(vaccination)} 上午 8:00 到 11:30、下午 2:00 到 5:00，在卫生院一楼预防接种门诊集中接种流感疫苗。`,
        '建议优先接种：60 岁及以上老人、6 个月到 5 岁的孩子、有慢性病（高血压、糖尿病、慢阻肺等）的人、孕妇和家里有小婴儿的人。',
        '请带上身份证、医保卡，孩子带上预防接种证。发烧、正在生病的，请等病好了再来。接种后要在留观区坐满 30 分钟再回家。',
        '费用和免费对象以现场公示为准。行动不便的老人，可以请村医提前登记，卫生院统一安排。咨询电话：卫生院预防接种门诊。',
      ],
    },
    {
      key: 'farmland-subsidy',
      organisation: 'guzui-village',
      topic: '政策',
      urgent: false,
      agoMs: 2 * DAY_MS,
      forMs: untilEndOf(subsidyDeadline, 18),
      title: `耕地地力保护补贴面积核实，${subsidyDeadline.month() + 1}月${subsidyDeadline.date()}日前办理`,
      paragraphs: [
        `明年的耕地地力保护补贴开始核实种植面积，请各户在 ${dayWords(subsidyDeadline)} 下午 6 点前到村委会办公室核对、签字。`,
        '请带上户主身份证、社保卡（补贴打到社保卡里）和土地承包经营权证。土地流转出去的，请带上流转合同，补贴按合同约定发给实际种地的人或承包户。',
        '已经盖房、修路、撂荒或改成鱼塘的地不能领补贴。面积和去年不一样的，请当场说明。',
        '在外打工不能回来的，可以让家里人带上您的身份证复印件代办，或者打村委会电话说明情况。过了时间没有核实的，明年的补贴可能发不下来。',
      ],
    },
    {
      key: 'cold-wave',
      organisation: 'guzui-village',
      topic: '天气预警',
      urgent: true,
      agoMs: 3 * 3600_000,
      forMs: 2 * DAY_MS,
      title: '寒潮蓝色预警：两天内降温 8 到 10 度，有霜冻',
      paragraphs: [
        '县气象台发布寒潮蓝色预警：从今天夜里到后天，我镇气温下降 8 到 10 度，最低气温零下 9 度左右，有霜冻，并伴有 4 到 5 级偏北风。',
        '果园：没有涂白的果树抓紧把树干涂白，幼树用草绳、塑料布把树干包起来。大棚：夜里加盖草帘或保温被，关好风口，有条件的准备好临时加温。',
        '牲畜圈舍要挡风保暖，给牲口喝温水。自来水管、水表用旧棉衣包好，防止冻裂。',
        '老人和孩子少出门，出门穿厚点、防滑。烧煤炉取暖一定要装烟筒、开小窗通风，睡觉前把炉子封好，防止煤气中毒。',
      ],
    },
    {
      key: 'winter-wheat',
      organisation: 'fengqi-agri',
      topic: '农技',
      urgent: false,
      agoMs: 4 * DAY_MS,
      forMs: 20 * DAY_MS,
      title: '小麦冬前管理：浇好越冬水，压麦保墒',
      paragraphs: [
        '浇越冬水：白天化冻、夜里上冻（日平均气温降到 3 到 4 度）的时候浇最合适，浇水要在上大冻以前完成。墒情好、麦苗弱的地块可以不浇。浇水后地皮发白时及时划锄，防止地面裂缝透风。',
        '镇压：旺长的麦田和土壤松软、坷垃多的地块，在晴天中午前后用镇压器压一遍，压实土壤、保墒防冻。有霜冻的早晨和下雨后不要压。',
        '除草：冬前除草效果最好，要在日平均气温 10 度以上的晴天用药；现在气温已经低了，没打药的地块等明年开春返青前再打，不要在降温前打药。',
        '严禁在麦田放羊、放牛啃青，啃过的麦苗越冬容易冻死。有问题可以到镇农技站咨询，或在田间课堂看小麦管理的视频。',
      ],
    },
    {
      key: 'prices-today',
      organisation: 'guzui-coop',
      topic: '价格行情',
      urgent: false,
      agoMs: 2 * 3600_000,
      forMs: untilEndOf(today.add(1, 'day'), 14),
      title: `${today.month() + 1}月${today.date()}日县批发市场价格`,
      paragraphs: [
        '今天下午两点县农产品批发市场的平均批发价，单位是元/公斤，涨跌和昨天比。零售价一般比批发价高一些，卖菜卖粮时供大家参考。',
        '天冷以后大白菜、萝卜出货多，价格稳中有降；鸡蛋、猪肉略有上涨。苹果冷库货价格平稳，合作社收购价另行通知。',
      ],
      priceCsv: [
        '品名,单位,价格(元),涨跌(元)',
        '大白菜,公斤,1.10,-0.04',
        '白萝卜,公斤,1.20,-0.02',
        '土豆,公斤,2.80,0.00',
        '大葱,公斤,3.40,+0.10',
        '西红柿,公斤,5.60,+0.12',
        '富士苹果,公斤,7.20,0.00',
        '鸡蛋,公斤,8.60,+0.14',
        '猪肉(白条),公斤,24.50,+0.30',
      ].join('\n'),
    },
    {
      key: 'villagers-meeting',
      organisation: 'guzui-village',
      topic: '村务',
      urgent: false,
      agoMs: DAY_MS,
      forMs: untilEndOf(meeting, 12),
      title: `${meeting.month() + 1}月${meeting.date()}日召开村民代表会议`,
      paragraphs: [
        `定于 ${dayWords(meeting)} 上午 9 点在村委会二楼会议室召开村民代表会议，请各组村民代表准时参加。`,
        '议题：一、今年村集体收支情况公开（明细已贴在村务公开栏）；二、三组到五组生产路硬化的方案和出工安排；三、冬季清洁取暖（煤改电）报名情况。',
        '代表因事不能参加的，请提前向村委会请假，并委托本组其他村民代表。对议题有意见的村民，可以会前找本组代表或到村委会反映。',
      ],
    },
    {
      key: 'anti-fraud',
      organisation: 'fengqi-credit',
      topic: '政策',
      urgent: false,
      agoMs: 3 * DAY_MS,
      forMs: 30 * DAY_MS,
      title: '年底防诈骗提醒：这几种电话一律挂断',
      paragraphs: [
        '年底领补贴、发工钱的多，骗子也多。信用社提醒大家：自称“社保局”“医保局”说您的卡要升级、要冻结，让您转钱或说出验证码的，一律是诈骗。',
        '贷款只在信用社柜台、客户经理和正规的小程序里办理。先交“保证金”“解冻费”才能放款的，都是骗子；信用社放贷不收任何这类费用。',
        '不要把身份证、银行卡、社保卡借给别人，也不要帮别人收钱、转钱，出了事要担法律责任。',
        '拿不准的，先挂电话，到信用社柜台或打信用社的电话问一问，也可以拨打 96110 反诈专线。',
      ],
    },
  ]
}

export interface SeedNoticesDeps {
  db: Kysely<Database>
  now: () => number
  logger?: Logger
  /** The openid a publisher's user gets (the sandbox's, so a sandbox login by the name is that publisher). */
  openidOf?: (name: string) => string
}

export async function seedNotices(deps: SeedNoticesDeps): Promise<{ organisations: number; notices: number }> {
  const db = noticesDb(deps.db)
  const now = deps.now()
  let organisations = 0
  const publisherOf = new Map<string, { organisationId: string; userId: string }>()
  for (const o of NOTICE_ORGANISATIONS) {
    const id = `org-${o.key}`
    const inserted = await db
      .insertInto('notice_organisations')
      .values({ id, name: o.name, kind: o.kind, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (inserted) organisations++
    const openid = deps.openidOf ? deps.openidOf(o.publisher) : `seed-notices-publisher-${o.key}`
    const userId = await ensureUser(db, openid, o.publisher, now)
    await db
      .insertInto('notice_publishers')
      .values({ user_id: userId, organisation_id: id, created_at: now })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute()
    publisherOf.set(o.key, { organisationId: id, userId })
  }
  let notices = 0
  for (const n of noticesFor(now)) {
    const id = `seed-${n.key}`
    const existing = await db.selectFrom('notices').select(['expires_at', 'withdrawn_at']).where('id', '=', id).executeTakeFirst()
    if (existing && existing.withdrawn_at === null && Number(existing.expires_at) > now) continue
    const publisher = publisherOf.get(n.organisation)!
    const priceRows = n.priceCsv === undefined ? [] : parsePriceTable(n.priceCsv).rows
    const fields = {
      organisation_id: publisher.organisationId,
      author_id: publisher.userId,
      title: n.title,
      paragraphs: JSON.stringify(n.paragraphs),
      photo_ids: '[]',
      topic: n.topic,
      urgent: n.urgent ? 1 : 0,
      created_at: now - n.agoMs,
      expires_at: now + n.forMs,
      withdrawn_at: null,
      opened_salt: newOpenedSalt(),
    }
    await db.transaction().execute(async (tx) => {
      if (existing) {
        // Expired (or withdrawn in the preview): re-dated and rewritten for today; the old count and marks go.
        await tx.deleteFrom('notice_open_marks').where('notice_id', '=', id).execute()
        await tx.deleteFrom('notice_price_rows').where('notice_id', '=', id).execute()
        await tx.updateTable('notices').set({ ...fields, opened_count: 0 }).where('id', '=', id).execute()
      } else {
        await tx.insertInto('notices').values({ id, ...fields }).onConflict((oc) => oc.column('id').doNothing()).execute()
      }
      if (priceRows.length > 0) {
        await tx
          .insertInto('notice_price_rows')
          .values(priceRows.map((r, position) => ({ notice_id: id, position, product: r.product, unit: r.unit, price_fen: r.priceFen, change_fen: r.changeFen })))
          .onConflict((oc) => oc.columns(['notice_id', 'position']).doNothing())
          .execute()
      }
    })
    notices++
  }
  if (organisations || notices) deps.logger?.info({ organisations, notices }, 'notices demo data seeded')
  return { organisations, notices }
}

async function ensureUser(db: NoticesDb, openid: string, nickname: string, now: number): Promise<string> {
  await db
    .insertInto('users')
    .values({ id: newId(), openid, unionid: null, nickname, avatar_media_id: null, phone: null, phone_country_code: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('openid').doNothing())
    .execute()
  return (await db.selectFrom('users').select('id').where('openid', '=', openid).executeTakeFirstOrThrow()).id
}
