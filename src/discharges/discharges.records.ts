import { recordKind } from '../access/record-kind';
import { DischargeMessage, DischargeProcess } from './discharge-process.entity';
import { Handover } from './handover.entity';

export const DISCHARGE_PROCESS_RECORD = recordKind<DischargeProcess>({
  entity: DischargeProcess,
  table: 'discharge_process',
  label: 'Discharge process',
  detail: 'processId',
});
export const DISCHARGE_MESSAGE_RECORD = recordKind<DischargeMessage>({
  entity: DischargeMessage,
  table: 'discharge_message',
  label: 'Discharge message',
  detail: 'messageId',
});

/**
 * A discharge message as its sender addresses it (retractDischargeMessage): only the sending
 * organisation sees it; to anyone else, the receivers included, it answers as a missing one.
 */
export const DISCHARGE_MESSAGE_SENT_RECORD = recordKind<DischargeMessage>({
  entity: DischargeMessage,
  table: 'discharge_message',
  label: 'Discharge message',
  detail: 'messageId',
  visible: (g, m) => m.senderOrganisationId === g.actorOrganisationId,
  hiddenReason: () => 'not-sender',
});

/** A handover is seen by its sender and its receiver organisation only. */
export const HANDOVER_RECORD = recordKind<Handover>({
  entity: Handover,
  table: 'handover',
  label: 'Handover',
  visible: (g, h) => h.senderOrganisationId === g.actorOrganisationId || h.receiverOrganisationId === g.actorOrganisationId,
  hiddenReason: () => 'not-sender-or-receiver',
});
