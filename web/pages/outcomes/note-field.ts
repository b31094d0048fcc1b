import type { SafeHtml } from '../../html';
import type { Translate } from '../../i18n';
import { textAreaField } from '../components';

/**
 * The note of an outcome answer, as a side answers through its link and as the facilitator
 * records the meeting: the same label, hint and error beside the text.
 */
export function outcomeNoteField(
  t: Translate,
  note: string | undefined,
  error: string | undefined,
): SafeHtml {
  return textAreaField({
    id: 'note',
    label: t('outcomes.record.note'),
    hint: t('outcomes.record.noteHint'),
    value: note,
    error,
    rows: 4,
  });
}
