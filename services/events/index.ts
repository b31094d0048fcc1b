export {
  createEvent,
  getEvent,
  listEvents,
  updateEvent,
  deleteEvent,
  enrol,
  unenrol,
  setAvailability,
  clearAvailability,
  forgetParticipant,
} from './event.service';
