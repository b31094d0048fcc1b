export { renderSignInEmail, type RenderedEmail, type SignInEmailInput } from './sign-in.email';
export {
  renderRegistrationEmail,
  renderReviewEmail,
  type RegistrationEmailInput,
  type ReviewEmailInput,
} from './registration.email';
