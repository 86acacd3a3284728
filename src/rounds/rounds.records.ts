import { recordKind } from '../access/record-kind';
import { AgendaItem } from './agenda-item.entity';

/** A patient on a round's agenda; the round's own rule (organiser or participant) is checked with the round inside the scope. */
export const AGENDA_ITEM_RECORD = recordKind<AgendaItem>({ entity: AgendaItem, table: 'round_agenda_item', label: 'Agenda item', detail: 'itemId' });
