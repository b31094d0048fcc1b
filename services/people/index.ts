export {
  SIGN_IN_LINK_TTL_MS,
  invitationSchema,
  invitePerson,
  addPerson,
  withdrawInvitation,
  issueSignInLink,
  personOfSignInLink,
  redeemSignInLink,
  type InvitationInput,
  type SignInLink,
  type SignInCheck,
} from './person.service';
export {
  DEFAULT_SIGN_IN_LINKS_PER_HOUR,
  createSignInLinkLimit,
  type SignInLinkLimit,
  type SignInLinkLimitOptions,
} from './sign-in-link-limit';
