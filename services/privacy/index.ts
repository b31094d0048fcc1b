export {
  exportPersonalData,
  erasePersonalData,
  erasedAddress,
  personalDataRequestSchema,
  ERASED_NAME,
  type ErasureReport,
} from './personal-data.service';
