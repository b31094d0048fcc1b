export {
  MAIL_QUEUE,
  MAIL_BACKOFF_MS,
  mailJobSchema,
  mailJobOptions,
  type MailJob,
  type MailRecipient,
} from './mail.queue';
export { namedStillThere, recipientStillThere } from './mail-recipient';
export { createMailProducer, type MailProducer, type MailProducerOptions } from './mail.producer';
