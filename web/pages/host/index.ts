export {
  needsListPage,
  needPage,
  needFormPage,
  needFormOf,
  unsavedAnswers,
  NEED_FORM_FIELDS,
  NEED_STATUSES,
  NEW_HOST,
  type HostChoice,
  type NeedForm,
  type NeedFormMode,
  type NeedMatchesView,
  type RankedStartup,
  type UnsavedAnswers,
} from './needs.pages';
export {
  availabilityEventsPage,
  availabilityFormPage,
  availabilityFormOf,
  availabilityPath,
  windowsOfForm,
  type AvailabilityForm,
  type AvailabilityWindow,
  type EventTakingPart,
  type Participant,
} from './availability.pages';
export { matchReasons, scoreInWords } from './match-reasons';
