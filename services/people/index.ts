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
