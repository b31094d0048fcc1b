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
  enrolRegisteredStartup,
} from './event.service';
