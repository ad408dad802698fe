export { describeShanghaiDay, formatShanghaiClock, formatShanghaiTime, shanghaiToday } from './format'
