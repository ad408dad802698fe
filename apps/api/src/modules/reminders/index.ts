// Reminders through WeChat's service notifications (服务通知): the scheduler jobs other modules
// schedule in their transactions (schedule.ts) and what each does when due (handlers.ts).
// See apps/api/README § Reminders.
export {
  APPOINTMENT_REMINDER_BEFORE_MS,
  INSTALLMENT_REMINDERS,
  REMINDER_JOBS,
  cancelAppointmentReminder,
  scheduleAnsweredReminder,
  scheduleAppointmentReminder,
  scheduleInstallmentReminders,
  scheduleShippedReminder,
  shanghaiAt,
  type ReminderScheduler,
} from './schedule'
export { registerReminderHandlers, type ReminderDeps } from './handlers'
export { startRemindersBackground } from './background'
export { remindersDb, type ReminderTables } from './schema'
