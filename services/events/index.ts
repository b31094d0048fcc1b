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
} from './event.service';
