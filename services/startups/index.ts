export {
  createStartup,
  getStartup,
  getStartupVersion,
  listStartups,
  updateStartup,
  deleteStartup,
} from './startup.service';
