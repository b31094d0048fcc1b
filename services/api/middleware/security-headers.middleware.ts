import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers, with HSTS and CSP `upgrade-insecure-requests` only on requests that came over
 * TLS in a deployment that says it is served over https (`PUBLIC_URL` https; `req.secure` reads
 * X-Forwarded-Proto only from proxies `TRUST_PROXY` trusts). Sent over plain http (development,
 * a LAN host name), they made browsers fetch the page's styles and forms from an https origin
 * that is not there, and remember that for a year.
 */
export function securityHeaders(publicUrlIsHttps: boolean): RequestHandler {
  const overTls = helmet();
  const plain = helmet({
    strictTransportSecurity: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  return (req, res, next) => (publicUrlIsHttps && req.secure ? overTls : plain)(req, res, next);
}

/** `Cache-Control: no-store` unless a route sets its own: answers for one caller stay out of shared and browser caches. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** {@link noStore} for a session that holds a person (signed in) or the address a sign-in link went to. */
export const noStoreWhenSignedIn: RequestHandler = (req, res, next) => {
  if (req.session.personId !== undefined || req.session.sentTo !== undefined)
    res.set('Cache-Control', 'no-store');
  next();
};
