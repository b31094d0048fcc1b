import type { Reason } from '../../scheduling';
import { scoreBelowText } from './score-text';

/** Languages reasons are rendered in (Swedish first). */
export type ReasonLanguage = 'sv' | 'en';

/** Names for the ids a reason carries; an id without a name is shown as it is. */
export interface ReasonNames {
  readonly need: (id: string) => string | undefined;
  readonly startup: (id: string) => string | undefined;
  readonly host: (id: string) => string | undefined;
}

/** A reason as stored and served: the core's code and ids, and its text in both languages. */
export interface RenderedReason extends Reason {
  readonly text: { readonly sv: string; readonly en: string };
}

type Params = Reason['params'];
const num = (params: Params, key: string): number => Number(params[key] ?? 0);
const ids = (params: Params, key: string): readonly string[] => {
  const value = params[key];
  return Array.isArray(value) ? (value as readonly string[]) : [];
};
/** A score with two decimals, "0,62" in Swedish and "0.62" in English. */
const scoreIn = (language: ReasonLanguage) => (value: number) =>
  language === 'sv' ? value.toFixed(2).replace('.', ',') : value.toFixed(2);

/** "a, b och c" / "a, b and c". */
function list(items: readonly string[], language: ReasonLanguage): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${language === 'sv' ? 'och' : 'and'} ${items.at(-1) ?? ''}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Renders a scheduling reason (code and ids) in words with names: one place for the API, the
 * exports, the pages and `npm run demo`. A stored reason from before codes (a sentence) is
 * returned as it is.
 */
export function renderReason(reason: Reason | string, names: ReasonNames, language: ReasonLanguage): string {
  if (typeof reason === 'string') return reason;
  const p = reason.params;
  const sv = language === 'sv';
  const score = scoreIn(language);
  const need = (id: string) => `"${names.need(id) ?? id}"`;
  const startup = (id: string) => names.startup(id) ?? id;
  const host = (id: string) => names.host(id) ?? id;
  const startups = (key: string) => list(ids(p, key).map(startup), language);
  const hostOf = () => host(String(p.hostId));
  const pin = (key: string) => {
    const [needId = '', startupId = ''] = key.split('|').map(decodeURIComponent);
    return `${need(needId)} ↔ ${startup(startupId)}`;
  };
  switch (reason.code) {
    case 'too-few-good-fits': {
      const good = num(p, 'good');
      const best =
        p.bestBelow === undefined ? null : scoreBelowText(num(p, 'bestBelow'), num(p, 'floor'), language);
      return sv
        ? `bara ${count(good, 'startup passar', 'startups passar')} behovet väl (poäng minst ${score(num(p, 'floor'))}${best ? `; bästa under golvet har ${best}` : ''}); minimum är ${num(p, 'minimum')}: leta startups (scoutinglistan), sänk behovets golv eller minimum`
        : `only ${count(good, 'startup fits', 'startups fit')} this need well (score at least ${score(num(p, 'floor'))}${best ? `; the best candidate below it scores ${best}` : ''}); the minimum is ${num(p, 'minimum')}: find startups (scouting list), lower the need's floor or its minimum`;
    }
    case 'too-few-candidates': {
      const lowest = p.lowestScore === undefined ? '' : score(num(p, 'lowestScore'));
      const banned = num(p, 'banned');
      return sv
        ? `bara ${count(num(p, 'candidates'), 'kandidat', 'kandidater')}${lowest ? ` (lägsta poäng ${lowest})` : ''}${banned > 0 ? `, ${banned} spärrade` : ''}; minimum är ${num(p, 'minimum')}: lägg till kandidater eller sänk minimum`
        : `only ${count(num(p, 'candidates'), 'candidate', 'candidates')}${lowest ? ` (lowest score ${lowest})` : ''}${banned > 0 ? `, ${banned} banned` : ''}; the minimum is ${num(p, 'minimum')}: add candidates or lower the minimum`;
    }
    case 'host-time-too-short':
      return sv
        ? `${hostOf()} är tillgänglig bara ${count(num(p, 'slots'), 'mötestid', 'mötestider')}; minimum är ${num(p, 'minimum')}: vidga värdens tillgänglighet`
        : `${hostOf()} is available for only ${count(num(p, 'slots'), 'slot', 'slots')}; the minimum is ${num(p, 'minimum')}: widen the host's availability`;
    case 'host-time-taken-by-other-needs': {
      const others = list(ids(p, 'needIds').map(need), language);
      return sv
        ? `av värdens (${hostOf()}) ${count(num(p, 'slots'), 'tillgängliga mötestid', 'tillgängliga mötestider')} återstår ${num(p, 'left')} när värdens andra behov (${others}) har fått sina: vidga tillgängligheten eller flytta ett behov till en annan värd`
        : `the host's (${hostOf()}) ${count(num(p, 'slots'), 'available slot leaves', 'available slots leave')} ${num(p, 'left')} after their other needs (${others}): widen availability or move a need to another host`;
    }
    case 'no-room-open':
      return sv
        ? `inget rum är öppet under någon av de ${num(p, 'slots')} mötestider då värden och ${startups('startupIds')} är lediga: öppna ett rum då`
        : `no room is open in any of the ${count(num(p, 'slots'), 'slot', 'slots')} in which the host and ${startups('startupIds')} are free: open a room then`;
    case 'candidates-share-no-slot':
      return sv
        ? `bara ${num(p, 'sharing')} av ${count(num(p, 'candidates'), 'kandidat', 'kandidater')} har en ledig tid gemensam med ${hostOf()} (${startups('startupIds')} aldrig): vidga tillgängligheten`
        : `only ${num(p, 'sharing')} of the ${count(num(p, 'candidates'), 'candidate', 'candidates')} share a free slot with ${hostOf()} (${startups('startupIds')} never): widen availability`;
    case 'candidates-at-cap': {
      const atCap = ids(p, 'startupIds').length;
      return sv
        ? `${startups('startupIds')} (${atCap} av ${num(p, 'remaining')} återstående kandidater) har redan sitt högsta antal möten: höj startupens maxantal eller lägg till kandidater`
        : `${startups('startupIds')} (${atCap} of the ${num(p, 'remaining')} remaining candidates) ${atCap === 1 ? 'is' : 'are'} at their meeting cap: raise the startups' maxMeetings or add candidates`;
    }
    case 'candidates-booked': {
      const onlyRooms = num(p, 'onlyRooms');
      const booked = ids(p, 'startupIds').length;
      return sv
        ? `${startups('startupIds')} är upptagna varje tid ${hostOf()} är ledig${onlyRooms > 0 ? ` (${onlyRooms} bara för att alla rum är tagna)` : ''}`
        : `${startups('startupIds')} ${booked === 1 ? 'is' : 'are'} booked in every slot ${hostOf()} is free${onlyRooms > 0 ? ` (${onlyRooms} only because every room is taken)` : ''}`;
    }
    case 'outweighed':
      return sv
        ? 'att nå minimum skulle tränga undan möten som är värda mer (fästa par, behov med högre prioritet eller bättre matchningar): sänk minimum eller lägg till kandidater eller tider'
        : 'reaching the minimum would displace meetings worth more (pins, higher-priority needs or better-scored pairs): lower the minimum or add candidates or slots';
    case 'need-not-in-event':
      return sv
        ? `behovet ${need(String(p.needId))} är inte med i evenemanget`
        : `need ${need(String(p.needId))} is not part of the event`;
    case 'startup-not-in-event':
      return sv
        ? `${startup(String(p.startupId))} är inte med i evenemanget`
        : `${startup(String(p.startupId))} is not part of the event`;
    case 'pin-banned':
      return sv
        ? 'paret är också spärrat: ta bort spärren eller fästningen'
        : 'the pair is also banned: remove the ban or the pin';
    case 'pair-cannot-meet':
      return sv ? 'paret kan inte mötas' : 'the pair cannot meet';
    case 'pair-shares-no-slot':
      return sv
        ? `${hostOf()} och startupen har ingen ledig tid gemensam: vidga tillgängligheten`
        : `${hostOf()} and the startup share no free slot: widen availability`;
    case 'need-at-maximum':
      return sv
        ? `behovet ${need(String(p.needId))} har redan sitt högsta antal möten (${num(p, 'maximum')}) med andra fästa eller publicerade möten: höj maxantalet`
        : `need ${need(String(p.needId))} is at its maximum of ${num(p, 'maximum')} meetings with other pins or locked meetings: raise maxMeetings`;
    case 'startup-at-maximum':
      return sv
        ? `${startup(String(p.startupId))} har redan sitt högsta antal möten (${num(p, 'maximum')}) med andra fästa eller publicerade möten: höj maxantalet`
        : `${startup(String(p.startupId))} is at its maximum of ${num(p, 'maximum')} meetings with other pins or locked meetings: raise maxMeetings`;
    case 'slots-held-by-pins': {
      const pins = list(ids(p, 'pins').map(pin), language);
      const slots = num(p, 'slots');
      return sv
        ? `${slots === 1 ? 'den enda gemensamma lediga tiden' : `alla ${slots} gemensamma lediga tider`} tas av ${pins} (eller publicerade möten): ge startupen eller värden mer tid, eller ta bort en fästning`
        : `${slots === 1 ? 'the only shared free slot is' : `all ${slots} shared free slots are`} taken by ${pins} (or locked meetings): give the startup or the host more time, or drop a pin`;
    }
    case 'pins-conflict':
      return sv
        ? `de fästa paren gick inte att placera tillsammans (${num(p, 'slots')} gemensamma tider, ${num(p, 'held')} tagna av andra fästa par): ge startupen eller värden mer tid`
        : `the pins could not all be placed together (${count(num(p, 'slots'), 'shared free slot', 'shared free slots')}, ${num(p, 'held')} held by other pins): give the startup or the host more time`;
    // A published meeting the event no longer allows (it is dropped from the new version).
    case 'locked-need-gone':
      return sv
        ? `behovet ${need(String(p.needId))} är inte längre med i evenemanget`
        : `need ${need(String(p.needId))} is no longer part of the event`;
    case 'locked-startup-gone':
      return sv
        ? `${startup(String(p.startupId))} är inte längre med i evenemanget`
        : `${startup(String(p.startupId))} is no longer part of the event`;
    case 'locked-host-gone':
      return sv
        ? `värden ${hostOf()} är inte längre med i evenemanget`
        : `host ${hostOf()} is no longer part of the event`;
    case 'locked-host-changed':
      return sv
        ? `behovet ${need(String(p.needId))} har nu värden ${hostOf()}, inte ${host(String(p.previousHostId))}`
        : `need ${need(String(p.needId))} is now hosted by ${hostOf()}, not ${host(String(p.previousHostId))}`;
    case 'locked-pair-banned':
      return sv
        ? `paret ${need(String(p.needId))} ↔ ${startup(String(p.startupId))} är spärrat`
        : `the pair ${need(String(p.needId))} ↔ ${startup(String(p.startupId))} is banned`;
    case 'locked-pair-twice':
      return sv
        ? `paret ${need(String(p.needId))} ↔ ${startup(String(p.startupId))} har redan ett publicerat möte`
        : `the pair ${need(String(p.needId))} ↔ ${startup(String(p.startupId))} already has a published meeting`;
    case 'locked-time-malformed':
      return sv ? 'mötets datum eller tid går inte att läsa' : 'the meeting’s date or time cannot be read';
    case 'locked-wrong-length':
      return sv
        ? `mötet varar inte ${num(p, 'minutes')} minuter, som evenemangets möten nu gör`
        : `the meeting does not last ${num(p, 'minutes')} minutes, as the event’s meetings now do`;
    case 'locked-outside-sessions':
      return sv
        ? 'mötet ligger inte längre inom ett pass i evenemanget'
        : 'the meeting is no longer inside a session of the event';
    case 'locked-room-gone':
      return sv
        ? `rummet ${String(p.roomId)} finns inte längre i evenemanget`
        : `room ${String(p.roomId)} is no longer part of the event`;
    case 'locked-room-closed':
      return sv ? `rummet ${String(p.roomId)} är stängt då` : `room ${String(p.roomId)} is closed then`;
    case 'locked-host-unavailable':
      return sv ? `${hostOf()} är inte längre tillgänglig då` : `${hostOf()} is no longer available then`;
    case 'locked-startup-unavailable':
      return sv
        ? `${startup(String(p.startupId))} är inte längre tillgänglig då`
        : `${startup(String(p.startupId))} is no longer available then`;
    case 'locked-overlaps':
      return sv
        ? `mötet krockar med ett annat publicerat möte (${String(p.meetingId)})`
        : `the meeting overlaps another published meeting (${String(p.meetingId)})`;
    case 'locked-need-at-maximum':
      return sv
        ? `behovet ${need(String(p.needId))} har redan sitt högsta antal möten (${num(p, 'maximum')}) med andra publicerade möten`
        : `need ${need(String(p.needId))} already has its maximum of ${num(p, 'maximum')} meetings in other published meetings`;
    case 'locked-startup-at-maximum':
      return sv
        ? `${startup(String(p.startupId))} har redan sitt högsta antal möten (${num(p, 'maximum')}) med andra publicerade möten`
        : `${startup(String(p.startupId))} already has its maximum of ${num(p, 'maximum')} meetings in other published meetings`;
  }
}

/** Names nobody gave: every id shown as it is. */
export const NO_NAMES: ReasonNames = {
  need: () => undefined,
  startup: () => undefined,
  host: () => undefined,
};

/**
 * The text of a reason as stored: its rendered text in `language`, a sentence stored before
 * codes as it is, or else rendered now with `names`.
 */
export function reasonText(
  reason: Reason | RenderedReason | string,
  language: ReasonLanguage,
  names: ReasonNames = NO_NAMES,
): string {
  if (typeof reason === 'string') return reason;
  return 'text' in reason ? reason.text[language] : renderReason(reason, names, language);
}

/** Both languages of a reason, kept with its code and ids. */
export function renderedReason(reason: Reason, names: ReasonNames): RenderedReason {
  return {
    ...reason,
    text: { sv: renderReason(reason, names, 'sv'), en: renderReason(reason, names, 'en') },
  };
}

/** Names from an instance (need titles, startup names, host names), as services build instances. */
export function namesOfInstance(instance: {
  readonly needs: readonly { readonly id: string; readonly title?: string }[];
  readonly startups: readonly { readonly id: string; readonly name?: string }[];
  readonly hosts: readonly { readonly id: string; readonly name?: string }[];
}): ReasonNames {
  const needs = new Map(instance.needs.map((n) => [n.id, n.title]));
  const startups = new Map(instance.startups.map((s) => [s.id, s.name]));
  const hosts = new Map(instance.hosts.map((h) => [h.id, h.name]));
  return { need: (id) => needs.get(id), startup: (id) => startups.get(id), host: (id) => hosts.get(id) };
}
