/** The birthday calendar (.ics) export: important dates and check-ins due, RFC 5545. */
export {
  buildCalendarExport,
  exportCalendar,
  writeCalendar,
  type CalendarExport,
  type ExportCalendarOptions,
} from './exportCalendar';
export { calendarEvents, checkInUid, dateUid, YEARLESS_START_YEAR, type CalendarEvent } from './calendarEvents';
export { CALENDAR_NAME, PRODID } from './icsCalendar';
