export {
  CALENDAR_LINK_TTL_MS,
  activeCalendarLink,
  calendarUrls,
  issueCalendarLink,
  personOfCalendarLink,
  revokeCalendarLinks,
} from './calendar-link.service';
export { renderCalendarFeed, FEED_REFRESH_MINUTES } from './calendar-feed.service';
