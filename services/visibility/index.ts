export {
  CONTACT_RULE,
  NO_TIES,
  hostRelation,
  publishedTiesOf,
  readerOf,
  startupRelation,
  visibleHostContact,
  visibleStartupContact,
  type ContactField,
  type ContactRuleRow,
  type PublishedTies,
  type Reader,
  type Relation,
  type VisibleContact,
} from './contact-rule';
export {
  availabilityHostEmails,
  eventAsSeenBy,
  needAsSeenBy,
  startupAsSeenBy,
  type NeedAsSeen,
} from './records';
export { FIELD_RULE, accessOf, type FieldAccess, type FieldRuleRow, type RecordKind } from './field-rule';
