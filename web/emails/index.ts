export { renderSignInEmail, type RenderedEmail, type SignInEmailInput } from './sign-in.email';
