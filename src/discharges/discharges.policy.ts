import { definePolicy } from '../access/policy';
import { ALL_ROLES, Role } from '../access/roles';

const { NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER, ADMIN } = Role;

/** Roles that take part in discharge planning and so may read processes, messages and handovers. */
export const DISCHARGE_READ_ROLES = [NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER] as const;
const HOSPITAL_SENDERS = [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR] as const;
const REL = 'care relationship with the patient (or emergency access)';
const CONTENT = 'clinical content recorded by another organisation only with consent or emergency access, and not when blocked';

export const dischargesPolicy = definePolicy('Hospital discharge and handovers', {
  dischargeProcess: { roles: DISCHARGE_READ_ROLES, does: 'Read a discharge process with its messages, deadlines and payment days', scope: `${REL}; ${CONTENT}` },
  dischargeProcesses: { roles: DISCHARGE_READ_ROLES, does: 'A patient’s discharge processes, newest admission first', scope: `${REL}; ${CONTENT}` },
  dischargeInbox: { roles: DISCHARGE_READ_ROLES, does: 'Open discharge processes of your organisation, what awaits you first', scope: 'your organisation is a party; one audit row per patient returned' },
  openDischargeProcess: { roles: HOSPITAL_SENDERS, does: 'Open a discharge process for a patient admitted to your ward (by exact personnummer); gives the ward and the receivers a care relationship', scope: 'hospital ward only; admission within the last 30 days' },
  sendStatusMessage: { roles: [NURSE, CARE_COORDINATOR, DISCHARGE_COORDINATOR], does: 'Send the status message (statusmeddelande) to the hospital', scope: 'the receiving municipality' },
  sendAdmissionNotice: { roles: HOSPITAL_SENDERS, does: 'Send the admission notice (inskrivningsmeddelande); planning starts', scope: 'the hospital ward; status ADMITTED' },
  appointCareContact: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR], does: 'Name the fast vårdkontakt', scope: 'the receiving primary care centre; a member of its staff' },
  sharePlannedDischargeDate: { roles: HOSPITAL_SENDERS, does: 'Share the planned discharge date', scope: 'the hospital ward; status PLANNING or READY_FOR_DISCHARGE' },
  issueReadyForDischarge: { roles: [PHYSICIAN], does: 'Notify that the patient is ready for discharge (utskrivningsklar), the treating physician’s judgement', scope: 'the hospital ward; status PLANNING' },
  withdrawReadyForDischarge: { roles: [PHYSICIAN], does: 'Withdraw the ready-for-discharge notice (the patient got worse); stops the payment clock', scope: 'the hospital ward; status READY_FOR_DISCHARGE' },
  sendDischargeNotice: { roles: HOSPITAL_SENDERS, does: 'Discharge with the handover (utskrivningsinformation)', scope: 'the hospital ward; status READY_FOR_DISCHARGE' },
  sendSipInvitation: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR], does: 'Send the SIP invitation (kallelse till SIP)', scope: 'the receiving primary care centre; after the ready-for-discharge notice' },
  acknowledgeDischargeMessage: { roles: [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR, CARE_COORDINATOR], does: 'Acknowledge (kvittera) a message for your organisation', scope: 'a receiving organisation of the message' },
  closeDischargeProcess: { roles: [NURSE, DISCHARGE_COORDINATOR, CARE_COORDINATOR], does: 'Close a process after discharge; the hospital’s care relationship through it ends', scope: 'a party of the process; status DISCHARGED' },
  cancelDischargeProcess: { roles: [PHYSICIAN, DISCHARGE_COORDINATOR], does: 'Cancel a process before discharge (the patient died or stays)', scope: 'the hospital ward' },
  sendHandover: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR], does: 'Send a handover (överrapportering, SBAR) between municipality and primary care', scope: `${REL}; the receiver must have one too` },
  acknowledgeHandover: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR], does: 'Acknowledge a handover', scope: 'the receiving organisation' },
  handover: { roles: DISCHARGE_READ_ROLES, does: 'Read one handover', scope: `sender or receiver organisation; ${CONTENT}` },
  handovers: { roles: DISCHARGE_READ_ROLES, does: 'A patient’s handovers sent or received by your organisation', scope: REL },
  handoverInbox: { roles: DISCHARGE_READ_ROLES, does: 'Handovers to your organisation, unacknowledged first, by due time', scope: 'one audit row per patient returned' },
  paymentAgreement: { roles: ALL_ROLES, does: 'Read a municipality’s payment agreement (agreed days, daily amount)' },
  setPaymentAgreement: { roles: [ADMIN], does: 'Set your municipality’s payment agreement; applies to processes opened afterwards', scope: 'own municipality only' },
});
