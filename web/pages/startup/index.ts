export { startupHomePage, HOME_MATCHES, MATCHES_PATH } from './home.page';
export { matchingNeedsPage, MATCHES_PAGE_STEP } from './matches.page';
export { startupNeedPage } from './need.page';
export { matchingNeedPath } from './match-card';
export { scoreInWords, strengthOf, whyInWords } from './match-words';
export type { MatchingNeedView, MatchingNeedsView, NeedPageView, NeedView, StartupHomeView } from './views';
