export { MAIL_QUEUE, MAIL_BACKOFF_MS, mailJobSchema, mailJobOptions, type MailJob } from './mail.queue';
export { createMailProducer, type MailProducer, type MailProducerOptions } from './mail.producer';
