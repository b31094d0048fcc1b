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
export type { QueuedMailReaddress } from './host-address-change';
