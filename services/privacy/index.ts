export {
  exportPersonalData,
  erasePersonalData,
  personalDataRequestSchema,
  ERASED_NAME,
  type ErasureReport,
  type QueuedMailWithdrawal,
} from './personal-data.service';
export { renameHostAddress, type HostAddressRenamed } from './host-address';
