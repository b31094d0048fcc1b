export {
  TOKEN_PREFIX,
  hashTokenSecret,
  issueToken,
  inspectToken,
  redeemToken,
  revokeToken,
  revokeTokensOf,
  type TokenRequest,
  type IssuedToken,
  type TokenRefusal,
  type TokenCheck,
} from './token.service';
