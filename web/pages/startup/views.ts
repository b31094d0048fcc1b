import type { StartupStatus } from '../../../models';

/** What the startup pages show of a need (never its owner: see {@link NeedPageView.contact}). */
export interface NeedView {
  id: string;
  title: string;
  description: string;
  language: 'sv' | 'en';
  budgetSek: { min: number; max: number };
  timeframe: { start: string; end: string };
}

/** One of a startup's matching needs. */
export interface MatchingNeedView {
  match: { score: number; explanation: unknown };
  need: NeedView;
  organisationName: string;
}

/** A page of a startup's matching needs, best first. */
export interface MatchingNeedsView {
  total: number;
  stale: boolean;
  items: readonly MatchingNeedView[];
}

/** A startup's start page: its profile's review status and its best matches. */
export interface StartupHomeView {
  startupName: string;
  status: StartupStatus;
  rejectionReason?: string | undefined;
  matches: MatchingNeedsView;
  /** Pages of other areas the start page links to, when they exist. */
  links: readonly { href: string; label: string; hint: string }[];
}

/** One need's page for a startup. */
export interface NeedPageView {
  need: NeedView;
  organisationName: string;
  match?: { score: number; explanation: unknown };
  /** The host's contact as the contact rule lets the startup see it (e-mail and phone only after a published meeting). */
  contact: { name?: string; email?: string; phone?: string };
}
