export { createStartup, getStartup, listStartups, updateStartup, deleteStartup } from './startup.service';
