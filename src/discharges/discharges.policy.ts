import { byPersonnummer, definePolicy, noPatientData, onPatient, onRecord, patientList } from '../access/policy';
import { DISCHARGE_MESSAGE_RECORD, DISCHARGE_MESSAGE_SENT_RECORD, DISCHARGE_PROCESS_RECORD, HANDOVER_RECORD } from './discharges.records';
import { ALL_ROLES, Role } from '../common/roles';
import { OrganisationKind } from '../common/organisation-kind';

const { NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER, ADMIN } = Role;

/** Roles that take part in discharge planning and so may read processes, messages and handovers. */
export const DISCHARGE_READ_ROLES = [NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER] as const;
/**
 * Who sends and answers handovers outside a hospital stay: municipal home healthcare, the primary
 * care centre, and the teams that visit at home (a mobile team, specialised palliative home care).
 * A handover goes to a unit of another of these kinds.
 */
export const HANDOVER_PARTIES: readonly OrganisationKind[] = [
  OrganisationKind.MUNICIPALITY,
  OrganisationKind.PRIMARY_CARE,
  OrganisationKind.MOBILE_TEAM,
  OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE,
];
const HOSPITAL_SENDERS = [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR] as const;
const REL = 'care relationship with the patient (or emergency access)';
const CONTENT = 'clinical content recorded by another organisation only with consent or emergency access, and not when blocked';

export const dischargesPolicy = definePolicy('Hospital discharge and handovers', {
  dischargeProcess: {
    roles: DISCHARGE_READ_ROLES,
    does: 'Read a discharge process with its messages, deadlines and payment days',
    scope: `${REL}; ${CONTENT}`,
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'id', 'read'),
  },
  dischargeProcesses: {
    roles: DISCHARGE_READ_ROLES,
    does: 'A patient’s discharge processes, newest admission first',
    scope: `${REL}; ${CONTENT}`,
    access: onPatient('patientId', 'read'),
  },
  dischargeInbox: {
    roles: DISCHARGE_READ_ROLES,
    does: 'Open discharge processes of your organisation, what awaits you first',
    scope: 'your organisation is a party; one audit row per patient returned',
    access: patientList('open processes the organisation is a party of'),
  },
  openDischargeProcess: {
    roles: HOSPITAL_SENDERS,
    does: 'Open a discharge process for a patient admitted to your ward (by exact personnummer); gives the ward and the receivers a care relationship',
    scope: 'admission within the last 30 days; the open-care receiver is a primary care centre, SSIH or a mobile team run by the region',
    organisations: { kinds: ['HOSPITAL'], refusal: 'Only a hospital ward opens a discharge process' },
    access: byPersonnummer(
      'input.personnummer',
      'establish',
      'the ward, the receiving municipality and the open-care receiver (primary care centre, SSIH or regional mobile team) get a direct relationship until the process is closed or cancelled',
    ),
  },
  sendStatusMessage: {
    roles: [NURSE, CARE_COORDINATOR, DISCHARGE_COORDINATOR],
    does: 'Send the status message (statusmeddelande) to the hospital',
    scope: 'the receiving municipality',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  sendAdmissionNotice: {
    roles: HOSPITAL_SENDERS,
    does: 'Send the admission notice (inskrivningsmeddelande); planning starts',
    scope: 'the hospital ward; status ADMITTED',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  appointCareContact: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR],
    does: 'Name the fast vårdkontakt',
    scope: 'the open-care receiver (primary care centre, SSIH or regional mobile team); a member of its staff',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  sharePlannedDischargeDate: {
    roles: HOSPITAL_SENDERS,
    does: 'Share the planned discharge date',
    scope: 'the hospital ward; status PLANNING or READY_FOR_DISCHARGE',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  issueReadyForDischarge: {
    roles: [PHYSICIAN],
    does: 'Notify that the patient is ready for discharge (utskrivningsklar), the treating physician’s judgement',
    scope: 'the hospital ward; status PLANNING',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  withdrawReadyForDischarge: {
    roles: [PHYSICIAN],
    does: 'Withdraw the ready-for-discharge notice (the patient got worse); stops the payment clock',
    scope: 'the hospital ward; status READY_FOR_DISCHARGE',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  sendDischargeNotice: {
    roles: HOSPITAL_SENDERS,
    does: 'Discharge with the handover (utskrivningsinformation)',
    scope: 'the hospital ward; status READY_FOR_DISCHARGE',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  sendSipInvitation: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR],
    does: 'Send the SIP invitation (kallelse till SIP)',
    scope: 'the open-care receiver (primary care centre, SSIH or regional mobile team); after the ready-for-discharge notice',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  acknowledgeDischargeMessage: {
    roles: [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR, CARE_COORDINATOR],
    does: 'Acknowledge (kvittera) a message for your organisation',
    scope: 'a receiving organisation of the message',
    access: onRecord(DISCHARGE_MESSAGE_RECORD, 'messageId', 'write'),
  },
  retractDischargeMessage: {
    roles: [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR, CARE_COORDINATOR],
    does: 'Retract (makulera) a discharge message your organisation sent, with a reason; the message stays, marked, and no longer counts for the process',
    scope:
      'the sending organisation only (to others the message is absent); the roles that send its kind; the latest standing message of its kind, nothing later depending on it, the process open',
    access: onRecord(DISCHARGE_MESSAGE_SENT_RECORD, 'input.messageId', 'write'),
  },
  closeDischargeProcess: {
    roles: [NURSE, DISCHARGE_COORDINATOR, CARE_COORDINATOR],
    does: 'Close a process after discharge; the hospital’s care relationship through it ends',
    scope: 'a party of the process; status DISCHARGED',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'processId', 'write'),
  },
  recordMedicationReconciliation: {
    roles: [NURSE],
    does: 'Record the medication reconciliation (läkemedelsavstämning) after a discharge: everything at home matches the list, or the discrepancies, each a task for the patient’s GP',
    scope:
      'the receiving municipality of the process; after discharge (DISCHARGED or CLOSED); once per discharge; the discharge list must be visible to the municipality (consent)',
    organisations: { kinds: ['MUNICIPALITY'], refusal: 'Only the receiving municipality records the medication reconciliation' },
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  cancelDischargeProcess: {
    roles: [PHYSICIAN, DISCHARGE_COORDINATOR],
    does: 'Cancel a process before discharge (the patient died or stays)',
    scope: 'the hospital ward',
    access: onRecord(DISCHARGE_PROCESS_RECORD, 'input.processId', 'write'),
  },
  sendHandover: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR],
    does: 'Send a handover (överrapportering, SBAR) with an urgency and a requested response between organisations of the care team: municipal home healthcare, primary care, a mobile team and specialised palliative home care; may be entered afterwards with the time given (paper routine)',
    scope: `${REL}; the receiver is another organisation of these kinds and must have one too`,
    organisations: {
      kinds: HANDOVER_PARTIES,
      refusal: 'Handovers go between a municipality, a primary care centre, a mobile team and specialised palliative home care (SSIH)',
    },
    access: onPatient('input.patientId', 'write'),
  },
  acknowledgeHandover: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR],
    does: 'Acknowledge a handover; may be entered afterwards with the time given (paper routine)',
    scope: 'the receiving organisation',
    access: onRecord(HANDOVER_RECORD, 'handoverId', 'write'),
  },
  answerHandover: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR],
    does: 'Answer a handover’s request (advice, phone assessment, planned visit, declined), once; acknowledges it too; may be entered afterwards with the time given (paper routine)',
    scope: 'the receiving organisation; not for information-only handovers',
    access: onRecord(HANDOVER_RECORD, 'input.handoverId', 'write'),
  },
  handover: {
    roles: DISCHARGE_READ_ROLES,
    does: 'Read one handover',
    scope: `sender or receiver organisation; ${CONTENT}`,
    access: onRecord(HANDOVER_RECORD, 'id', 'read'),
  },
  handovers: {
    roles: DISCHARGE_READ_ROLES,
    does: 'A patient’s handovers sent or received by your organisation',
    scope: REL,
    access: onPatient('patientId', 'read'),
  },
  handoverInbox: {
    roles: DISCHARGE_READ_ROLES,
    does: 'Handovers to your organisation: awaiting your answer first (by respond-by time), then unacknowledged, by due time',
    scope: 'one audit row per patient returned',
    access: patientList('handovers to the organisation'),
  },
  paymentAgreement: {
    roles: ALL_ROLES,
    does: 'Read a municipality’s payment agreement (agreed days, daily amount)',
    access: noPatientData('a municipality’s agreed days and daily amount'),
  },
  setPaymentAgreement: {
    roles: [ADMIN],
    does: 'Set your municipality’s payment agreement; applies to processes opened afterwards',
    scope: 'own municipality only',
    organisations: { kinds: ['MUNICIPALITY'], refusal: 'Only a municipality sets its payment agreement' },
    access: noPatientData('a municipality’s agreed days and daily amount'),
  },
});
