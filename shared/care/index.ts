/** Caring for relationships: the pure core (dates, cadence, follow-ups, Reach out, notifications). */
export type { CadenceUnit, CareProfile, CheckInCadence, FollowUp, ImportantDate, ReachOutItem } from './types';
export {
  formatImportantDate,
  nextOccurrence,
  occurrenceIn,
  parseImportantDate,
  upcomingDates,
  type ParsedImportantDate,
} from './importantDates';
export {
  addInterval,
  checkInStatus,
  dueCheckIns,
  lastContactDates,
  snoozeUntil,
  type CheckInStatus,
  type PageMetaLike,
} from './cadence';
export { lastConversationDates, type ConversationPerson } from './lastConversation';
export {
  applyOverrides,
  extractFollowUps,
  followUpIdKey,
  isFollowUpIdKey,
  openFollowUps,
  parseDueDate,
  shortHash,
  type FollowUpOverride,
  type OpenFollowUp,
} from './followUps';
export {
  buildReachOut,
  dueToday,
  lastTalkedPhrase,
  reachOutKey,
  type ReachOut,
  type ReachOutInput,
} from './reachOut';
export {
  parseTimeOfDay,
  planDailyNotification,
  summariseDue,
  type NotificationPlan,
  type NotificationPlanInput,
} from './notifications';
export {
  allTags,
  completeTag,
  normalizeTag,
  sharedInterestPhrase,
  sharedInterestSuggestions,
  suggestIntroductions,
  tagKey,
  type IntroductionSuggestion,
  type SharedInterest,
  type TagCount,
} from './interests';
export * from './careStore';
export { deriveCareFacts, followUpDateText, LISTENING_PROMPTS, type PageCareFacts } from './pageCareFacts';
export { setFollowUpCheckedInDoc, stampFollowUpId } from './checkFollowUp';
