export {
  createHost,
  getHost,
  listHosts,
  updateHost,
  deleteHost,
  resolveNeedHost,
  assertMaySpeakForHost,
  maySpeakFor,
} from './host.service';
