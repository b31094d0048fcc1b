export { layout, csrfField, pathInLanguage, type PageContext } from './layout';
export { errorSummary, textField, radioField, selectField, notice, type FieldError } from './components';
export {
  signInPage,
  checkEmailPage,
  confirmSignInPage,
  refusedLinkPage,
  messagePage,
  accessibilityPage,
} from './sign-in.pages';
export { facilitatorHomePage, developmentHeadHomePage } from './home.pages';
export { invitePage, type InviteForm } from './invite.page';
export {
  signUpPage,
  signUpSentPage,
  signUpPath,
  privacyPage,
  confirmRegistrationPage,
  confirmationRefusedPage,
  profilePage,
  profileFormOf,
  reviewListPage,
  PROFILE_REFERENCE_ROWS,
  type SignUpForm,
  type ProfileForm,
  type ReviewItem,
} from './registration.pages';
export { facilitatorToolPage, keyToolPage } from './facilitator-tool.page';
export {
  startupHomePage,
  matchingNeedsPage,
  startupNeedPage,
  matchingNeedPath,
  HOME_MATCHES,
  MATCHES_PAGE_STEP,
  MATCHES_PATH,
  type StartupHomeView,
} from './startup';
export { myDataPage, confirmErasurePage, erasedPage, type MyDataView } from './privacy';
