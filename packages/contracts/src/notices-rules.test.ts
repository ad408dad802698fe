import fc from 'fast-check'
import { changeText, changeWords, paragraphsOf, parsePriceTable, priceTableCsv, yuanText, type PriceRow } from './notices-rules'
import { PublishNoticeRequest } from './notices'

describe('parsePriceTable', () => {
  test('a pasted table: header optional, commas (either width) or tabs, yuan → integer fen, 元/公斤 → 公斤', () => {
    const csv = '品名,单位,价格(元),涨跌(元)\r\n大白菜,元/公斤,1.20,+0.05\n\n土豆，公斤，２.５，－0.1\n猪肉\t公斤\t24.80\t持平\n"鸡蛋","公斤","8.6",""\n牛肉,公斤,70'
    expect(parsePriceTable(csv)).toEqual({
      rows: [
        { product: '大白菜', unit: '公斤', priceFen: 120, changeFen: 5 },
        { product: '土豆', unit: '公斤', priceFen: 250, changeFen: -10 },
        { product: '猪肉', unit: '公斤', priceFen: 2480, changeFen: 0 },
        { product: '鸡蛋', unit: '公斤', priceFen: 860, changeFen: 0 },
        { product: '牛肉', unit: '公斤', priceFen: 7000, changeFen: 0 },
      ],
      problems: [],
    })
    // Without the header the first line is a row.
    expect(parsePriceTable('大白菜,公斤,1.2').rows).toEqual([{ product: '大白菜', unit: '公斤', priceFen: 120, changeFen: 0 }])
  })

  test('every problem names its line, in words a publisher can act on', () => {
    expect(parsePriceTable('品名,单位,价格(元),涨跌(元)\n大白菜,公斤\n土豆,公斤,两块,0\n鸡蛋,公斤,8.655,0\n,公斤,1,0\n猪肉,,24,0\n牛肉,公斤,0,0\n羊肉,公斤,65,涨了').problems).toEqual([
      '第 2 行应有 4 项：品名,单位,价格(元),涨跌(元)，用逗号隔开（现在是 2 项）',
      '第 3 行的价格“两块”不是金额，请写成 2.35 这样（单位：元，最多两位小数）',
      '第 4 行的价格“8.655”不是金额，请写成 2.35 这样（单位：元，最多两位小数）',
      '第 5 行没有写品名',
      '第 6 行没有写单位，比如 公斤',
      '还有 2 处问题，请先改好上面几行',
    ])
    expect(parsePriceTable('').problems).toEqual(['价格表是空的，请至少写一行：品名,单位,价格(元),涨跌(元)'])
    expect(parsePriceTable('品名,单位,价格(元),涨跌(元)\n').problems).toEqual(['价格表是空的，请至少写一行：品名,单位,价格(元),涨跌(元)'])
    expect(parsePriceTable('大白菜,公斤,1.2,0\n土豆\u0000,公斤,1,0').problems).toEqual(['第 2 行里有看不见的特殊字符（第 3 个字），请删掉后重新输入'])
    expect(parsePriceTable(Array.from({ length: 51 }, (_, i) => `菜${i},公斤,1,0`).join('\n')).problems).toEqual(['价格表最多 50 行（现在是 51 行）'])
  })

  test('rows → CSV → the same rows (what a form that edits rows sends)', () => {
    const row = fc.record({
      product: fc.constantFrom('大白菜', '土豆', '猪肉(白条)', '富士苹果'),
      unit: fc.constantFrom('公斤', '斤', '个'),
      priceFen: fc.integer({ min: 1, max: 9_999_999 }),
      changeFen: fc.integer({ min: -9_999_999, max: 9_999_999 }),
    })
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 50 }), (rows: PriceRow[]) => {
        expect(parsePriceTable(priceTableCsv(rows))).toEqual({ rows, problems: [] })
      }),
    )
  })

  test('money words', () => {
    expect([yuanText(120), yuanText(5), yuanText(-10)]).toEqual(['1.20', '0.05', '-0.10'])
    expect([changeText(5), changeText(-10), changeText(0)]).toEqual(['+0.05', '-0.10', '0.00'])
    expect([changeWords(5), changeWords(-130), changeWords(0)]).toEqual(['涨 0.05 元', '跌 1.30 元', '持平'])
  })
})

describe('paragraphsOf', () => {
  test('one paragraph per non-blank line, trimmed', () => {
    expect(paragraphsOf('  第一段 \r\n\n第二段\n   \n第三段')).toEqual(['第一段', '第二段', '第三段'])
  })
})

describe('PublishNoticeRequest', () => {
  const body = { title: '今日批发价', paragraphs: ['县批发市场今天的价格。'], topic: '价格行情', expiresAt: '2026-12-05T14:00:00+08:00' }
  test('a price table only on 价格行情, and one that parses', () => {
    expect(PublishNoticeRequest.safeParse({ ...body, priceTable: '大白菜,公斤,1.10,-0.04' }).success).toBe(true)
    const wrongTopic = PublishNoticeRequest.safeParse({ ...body, topic: '健康', priceTable: '大白菜,公斤,1.10' })
    expect(wrongTopic.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['priceTable', '只有“价格行情”通知可以带价格表']])
    const badLine = PublishNoticeRequest.safeParse({ ...body, priceTable: '大白菜,公斤,一块' })
    expect(badLine.error?.issues[0]?.message).toBe('第 1 行的价格“一块”不是金额，请写成 2.35 这样（单位：元，最多两位小数）')
  })
  test('limits: title, paragraphs, photos, topics', () => {
    const issues = (extra: Record<string, unknown>) => PublishNoticeRequest.safeParse({ ...body, ...extra }).error?.issues.map((i) => i.message)
    expect(issues({ title: '题'.repeat(41) })).toEqual(['标题最多 40 个字'])
    expect(issues({ paragraphs: [] })).toEqual(['请填写正文'])
    expect(issues({ paragraphs: Array.from({ length: 4 }, () => '字'.repeat(1000)) })).toEqual(['正文一共最多 3000 个字，请精简一些'])
    expect(issues({ photoIds: Array.from({ length: 10 }, (_, i) => `photo-${String(i).padStart(16, '0')}`) })).toEqual(['最多 9 张照片'])
    expect(issues({ topic: '娱乐' })).toEqual(['主题只能是 政策、健康、农技、天气预警、价格行情、村务 之一'])
  })
})
