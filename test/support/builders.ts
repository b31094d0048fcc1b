/** Builders of valid API bodies with overrides (realistic Swedish and English sample values). */

/** Body of POST /organisations. */
export function buildOrganisation(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Västerås stad', kind: 'municipality', municipalityCode: '1980', ...overrides };
}

/** Body of POST /needs; `organisationId` must be given. */
export function buildNeed(
  overrides: Record<string, unknown> & { organisationId: string },
): Record<string, unknown> {
  return {
    title: 'Digital tillsyn av livsmedelsverksamheter',
    description:
      'Vi vill effektivisera tillsynen av restauranger och butiker med en digital lösning för inspektörer i fält.',
    department: 'Miljöförvaltningen',
    owner: { name: 'Karin Berg', email: 'karin.berg@vasteras.se' },
    priority: 2,
    budgetSek: { min: 200_000, max: 800_000 },
    timeframe: { start: '2026-01-15', end: '2026-12-31' },
    tags: ['tillsyn', 'mobil'],
    status: 'open',
    meetings: { min: 2, max: 6 },
    ...overrides,
  };
}

/** Body of POST /startups. */
export function buildStartup(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Inspecta AB',
    oneLiner: 'Mobile inspection checklists for public authorities',
    description:
      'Inspecta builds an offline-first mobile app that inspectors use to plan, perform and report inspections.',
    offering: 'SaaS licence per inspector, onboarding in two weeks',
    tags: ['inspection', 'mobile'],
    languages: ['sv', 'en'],
    stage: 'seed',
    teamSize: 12,
    website: 'https://inspecta.example',
    references: [{ customer: 'Uppsala kommun', summary: 'Food inspections for 40 inspectors', year: 2024 }],
    contact: { name: 'Ali Hassan', email: 'ali@inspecta.example' },
    maxMeetings: 6,
    ...overrides,
  };
}

/** Body of POST /events. */
export function buildEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Matchmaking Mälardalen 2026',
    days: [
      {
        date: '2026-03-12',
        sessions: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '16:00' },
        ],
      },
    ],
    rooms: [
      { id: 'room-a', name: 'Sal A' },
      { id: 'room-b', name: 'Sal B' },
    ],
    ...overrides,
  };
}
