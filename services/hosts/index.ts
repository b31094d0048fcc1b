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
export {
  finishAddressChanges,
  startAddressChangeSweep,
  type AddressChangeSweep,
  type QueuedMailReaddress,
} from './host-address-change';
