import { registerEnumType } from '@nestjs/graphql';

/** Where one hospital stay stands in the discharge process (lag 2017:612). */
export enum DischargeStatus {
  ADMITTED = 'ADMITTED',
  PLANNING = 'PLANNING',
  READY_FOR_DISCHARGE = 'READY_FOR_DISCHARGE',
  DISCHARGED = 'DISCHARGED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

/** The statuses in which the patient is still in hospital (at most one such process per patient). */
export const IN_HOSPITAL: readonly DischargeStatus[] = [DischargeStatus.ADMITTED, DischargeStatus.PLANNING, DischargeStatus.READY_FOR_DISCHARGE];
/** Ended processes: no care relationship, not in any inbox. */
export const ENDED: readonly DischargeStatus[] = [DischargeStatus.CLOSED, DischargeStatus.CANCELLED];

export enum DischargeMessageKind {
  STATUS_MESSAGE = 'STATUS_MESSAGE',
  ADMISSION_NOTICE = 'ADMISSION_NOTICE',
  CARE_CONTACT_APPOINTED = 'CARE_CONTACT_APPOINTED',
  PLANNED_DISCHARGE_DATE = 'PLANNED_DISCHARGE_DATE',
  READY_FOR_DISCHARGE = 'READY_FOR_DISCHARGE',
  READY_FOR_DISCHARGE_WITHDRAWN = 'READY_FOR_DISCHARGE_WITHDRAWN',
  DISCHARGE_NOTICE = 'DISCHARGE_NOTICE',
  SIP_INVITATION = 'SIP_INVITATION',
}

/** The three parties of a discharge process; PRIMARY_CARE is the open-care receiver (primary care, SSIH or a regional mobile team). */
export enum DischargeParty {
  HOSPITAL = 'HOSPITAL',
  MUNICIPALITY = 'MUNICIPALITY',
  PRIMARY_CARE = 'PRIMARY_CARE',
}

export enum CancellationReason {
  DIED = 'DIED',
  REMAINS_IN_HOSPITAL = 'REMAINS_IN_HOSPITAL',
  TRANSFERRED = 'TRANSFERRED',
  NO_EFFORTS_NEEDED = 'NO_EFFORTS_NEEDED',
  OTHER = 'OTHER',
}

export enum DeadlineKind {
  ADMISSION_NOTICE = 'ADMISSION_NOTICE',
  SIP_INVITATION = 'SIP_INVITATION',
  ACKNOWLEDGEMENT = 'ACKNOWLEDGEMENT',
  MEDICATION_RECONCILIATION = 'MEDICATION_RECONCILIATION',
}

/** Mirrors `DeadlineState` of deadlines.ts as a GraphQL enum. */
export enum DeadlineStateEnum {
  MET = 'MET',
  OPEN = 'OPEN',
  OVERDUE = 'OVERDUE',
  MISSED = 'MISSED',
}

export enum RiskArea {
  FALLS = 'FALLS',
  PRESSURE_ULCERS = 'PRESSURE_ULCERS',
  NUTRITION = 'NUTRITION',
}

export enum RiskLevel {
  NO_RISK = 'NO_RISK',
  RISK = 'RISK',
  HIGH_RISK = 'HIGH_RISK',
  NOT_ASSESSED = 'NOT_ASSESSED',
}

export enum HandoverOccasion {
  ENROLLMENT = 'ENROLLMENT',
  END_OF_ENROLLMENT = 'END_OF_ENROLLMENT',
  AFTER_DISCHARGE = 'AFTER_DISCHARGE',
  CHANGE_IN_CONDITION = 'CHANGE_IN_CONDITION',
  OTHER = 'OTHER',
}

/** How soon the sender of a handover needs an answer (brådskandegrad): akut, idag, rutin. */
export enum HandoverUrgency {
  ACUTE = 'ACUTE',
  TODAY = 'TODAY',
  ROUTINE = 'ROUTINE',
}

/** What the sender of a handover asks the receiver for. */
export enum HandoverRequestedResponse {
  PHONE_ASSESSMENT = 'PHONE_ASSESSMENT',
  HOME_VISIT = 'HOME_VISIT',
  MEDICATION_REVIEW = 'MEDICATION_REVIEW',
  INFORMATION_ONLY = 'INFORMATION_ONLY',
}

/** How the receiving organisation answered a handover's request. */
export enum HandoverAnswerOutcome {
  ADVICE_GIVEN = 'ADVICE_GIVEN',
  ASSESSED_BY_PHONE = 'ASSESSED_BY_PHONE',
  VISIT_PLANNED = 'VISIT_PLANNED',
  DECLINED = 'DECLINED',
}

registerEnumType(DischargeStatus, {
  name: 'DischargeStatus',
  description: 'Where a hospital stay stands in the discharge process (utskrivning, lag 2017:612).',
  valuesMap: {
    ADMITTED: { description: 'Inskriven: the patient is admitted; the admission notice is due within 24 hours.' },
    PLANNING: { description: 'The admission notice is sent; needs are assessed and the discharge planned (vårdplanering).' },
    READY_FOR_DISCHARGE: { description: 'Utskrivningsklar: the treating physician judges the patient ready; the municipality’s payment days may run.' },
    DISCHARGED: {
      description:
        'Utskriven: the patient has left hospital with the discharge notice (utskrivningsinformation); follow-up such as the SIP invitation remains.',
    },
    CLOSED: { description: 'Closed after discharge; the hospital’s care relationship through the process ends.' },
    CANCELLED: { description: 'Cancelled before discharge, e.g. the patient died or stays in hospital.' },
  },
});

registerEnumType(DischargeMessageKind, {
  name: 'DischargeMessageKind',
  description: 'The kinds of message exchanged in a discharge process. Every message goes to the other parties, who acknowledge it (kvittering).',
  valuesMap: {
    STATUS_MESSAGE: { description: 'Statusmeddelande (inmeddelande) from the municipality: what the hospital needs to know about its patient.' },
    ADMISSION_NOTICE: { description: 'Inskrivningsmeddelande from the hospital, due within 24 hours of admission.' },
    CARE_CONTACT_APPOINTED: { description: 'The open-care receiver (primary care centre, SSIH or regional mobile team) names the patient’s fast vårdkontakt.' },
    PLANNED_DISCHARGE_DATE: { description: 'Planerat utskrivningsdatum shared by the hospital.' },
    READY_FOR_DISCHARGE: {
      description: 'Underrättelse om utskrivningsklar, issued by the treating physician; starts the 3-day SIP window and the payment clock.',
    },
    READY_FOR_DISCHARGE_WITHDRAWN: { description: 'The ready-for-discharge notice is withdrawn (the patient got worse); the payment clock stops.' },
    DISCHARGE_NOTICE: { description: 'Utskrivningsmeddelande with the handover (utskrivningsinformation): the patient has left hospital.' },
    SIP_INVITATION: { description: 'Kallelse till SIP from the fast vårdkontakt, due no later than 3 days after the ready-for-discharge notice.' },
  },
});

registerEnumType(DischargeParty, {
  name: 'DischargeParty',
  description:
    'A party of a discharge process: the hospital ward (slutenvård), the receiving municipality or the open-care receiver (öppenvården: primary care centre, SSIH or regional mobile team).',
  valuesMap: {
    HOSPITAL: {
      description:
        'The hospital ward where the patient is admitted (slutenvården): opens the process, sends the admission notice, planned date, ready-for-discharge notice and discharge notice.',
    },
    MUNICIPALITY: {
      description:
        'The receiving municipality (kommunal hemsjukvård): sends the status message; pays for days past the agreed ones once the patient is utskrivningsklar (betalningsansvar).',
    },
    PRIMARY_CARE: {
      description:
        'The open-care receiver (öppenvården: primary care centre, SSIH or regional mobile team): a primary care centre (vårdcentral), specialised palliative home care (SSIH) or a mobile team run by the region; names the fast vårdkontakt and sends the SIP invitation. The value keeps its earlier name.',
    },
  },
});

registerEnumType(CancellationReason, {
  name: 'DischargeCancellationReason',
  description: 'Why a discharge process ended without a discharge.',
  valuesMap: {
    DIED: { description: 'The patient died in hospital.' },
    REMAINS_IN_HOSPITAL: { description: 'The patient stays in hospital care; no discharge is planned.' },
    TRANSFERRED: { description: 'Transferred to another hospital or ward, which opens its own process.' },
    NO_EFFORTS_NEEDED: { description: 'No efforts from the municipality or primary care are needed after discharge.' },
    OTHER: { description: 'Another reason, stated in the note.' },
  },
});

registerEnumType(DeadlineKind, {
  name: 'DischargeDeadlineKind',
  description: 'The deadlines of the discharge process that are followed up.',
  valuesMap: {
    ADMISSION_NOTICE: { description: 'The hospital sends the admission notice within 24 hours of admission.' },
    SIP_INVITATION: {
      description:
        'The fast vårdkontakt sends the SIP invitation no later than the third calendar day after the ready-for-discharge notice (Europe/Stockholm).',
    },
    ACKNOWLEDGEMENT: { description: 'A receiving organisation acknowledges (kvitterar) a message within the configured number of hours.' },
    MEDICATION_RECONCILIATION: {
      description:
        'The receiving municipality records the medication reconciliation (läkemedelsavstämning) within 24 elapsed hours of the discharge (the process’s `dischargedAt`). Only for discharges notified since reconciliations are recorded in this service.',
    },
  },
});

registerEnumType(DeadlineStateEnum, {
  name: 'DeadlineState',
  description: 'How a deadline stands now.',
  valuesMap: {
    MET: { description: 'Done at or before the due time.' },
    OPEN: { description: 'Not done yet, and there is still time.' },
    OVERDUE: { description: 'Not done, and the due time has passed.' },
    MISSED: { description: 'Done, but after the due time.' },
  },
});

registerEnumType(RiskArea, {
  name: 'RiskArea',
  description: 'Areas of the risk assessments in the discharge handover.',
  valuesMap: {
    FALLS: { description: 'Fallrisk.' },
    PRESSURE_ULCERS: { description: 'Risk för trycksår.' },
    NUTRITION: { description: 'Nutrition (risk för undernäring).' },
  },
});

registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  description: 'The outcome of one risk assessment.',
  valuesMap: {
    NO_RISK: { description: 'Assessed: no risk found (ingen risk).' },
    RISK: { description: 'Assessed: at risk (risk); say in the note which measures are planned.' },
    HIGH_RISK: { description: 'Assessed: at high risk (hög risk); say in the note which measures are planned.' },
    NOT_ASSESSED: { description: 'Not assessed during the stay (ej bedömd); the receiving units may need to assess it.' },
  },
});

registerEnumType(HandoverOccasion, {
  name: 'HandoverOccasion',
  description: 'Why responsibility moves between municipal home healthcare and the primary care centre (överrapportering).',
  valuesMap: {
    ENROLLMENT: { description: 'Enrollment in home healthcare.' },
    END_OF_ENROLLMENT: { description: 'End of the home-healthcare enrollment.' },
    AFTER_DISCHARGE: { description: 'Medical responsibility after a hospital discharge.' },
    CHANGE_IN_CONDITION: { description: 'The patient’s condition changed.' },
    OTHER: { description: 'Another occasion.' },
  },
});

/** Administrationssätt: how a medicine is given. */
export enum MedicationRoute {
  ORAL = 'ORAL',
  SUBLINGUAL = 'SUBLINGUAL',
  SUBCUTANEOUS = 'SUBCUTANEOUS',
  INTRAMUSCULAR = 'INTRAMUSCULAR',
  INTRAVENOUS = 'INTRAVENOUS',
  TRANSDERMAL = 'TRANSDERMAL',
  CUTANEOUS = 'CUTANEOUS',
  INHALATION = 'INHALATION',
  RECTAL = 'RECTAL',
  OTHER = 'OTHER',
}

/** What happened to a medication line: ny, ändrad, utsatt, oförändrad. */
export enum MedicationLineStatus {
  NEW = 'NEW',
  CHANGED = 'CHANGED',
  STOPPED = 'STOPPED',
  UNCHANGED = 'UNCHANGED',
}

/** What a receiving nurse found to differ between the medication list and what the patient has at home. */
export enum MedicationDiscrepancyKind {
  MISSING_AT_HOME = 'MISSING_AT_HOME',
  STOPPED_BUT_AT_HOME = 'STOPPED_BUT_AT_HOME',
  DOSE_DIFFERS = 'DOSE_DIFFERS',
  STRENGTH_DIFFERS = 'STRENGTH_DIFFERS',
  PRODUCT_DIFFERS = 'PRODUCT_DIFFERS',
  NOT_ON_LIST = 'NOT_ON_LIST',
  OTHER = 'OTHER',
}

registerEnumType(MedicationRoute, {
  name: 'MedicationRoute',
  description: 'Administrationssätt: how the medicine is given.',
  valuesMap: {
    ORAL: { description: 'Oral (peroral): swallowed, e.g. tablets, capsules, mixtures.' },
    SUBLINGUAL: { description: 'Sublingual or buccal: under the tongue or against the cheek.' },
    SUBCUTANEOUS: { description: 'Subcutaneous (subkutan) injection or infusion, e.g. insulin, low-molecular-weight heparin, palliative pump.' },
    INTRAMUSCULAR: { description: 'Intramuscular injection (intramuskulär).' },
    INTRAVENOUS: { description: 'Intravenous (intravenös) injection or infusion.' },
    TRANSDERMAL: { description: 'Transdermal patch (depåplåster), e.g. fentanyl, buprenorphine.' },
    CUTANEOUS: { description: 'On the skin (kutan): creams, ointments, solutions.' },
    INHALATION: { description: 'Inhaled (inhalation): inhalers, nebulised solutions.' },
    RECTAL: { description: 'Rectal (rektal): suppositories, enemas.' },
    OTHER: { description: 'Another route (eyes, ears, nose, vaginal …); say which in the dose.' },
  },
});

registerEnumType(MedicationLineStatus, {
  name: 'MedicationLineStatus',
  description: 'What happened to a line of the medication list (läkemedelslista) compared with before: ny, ändrad, utsatt or oförändrad.',
  valuesMap: {
    NEW: { description: 'Ny (insatt): started during the stay, or since the last list.' },
    CHANGED: { description: 'Ändrad: the dose, strength or product changed; `reason` says why.' },
    STOPPED: {
      description:
        'Utsatt: stopped, must no longer be given; `reason` says why. The line shows the medicine as it was, so that it can be recognised and removed at home.',
    },
    UNCHANGED: { description: 'Oförändrad: continues as before.' },
  },
});

registerEnumType(MedicationDiscrepancyKind, {
  name: 'MedicationDiscrepancyKind',
  description:
    'What differs between the medication list and what the patient has (or takes) at home, found at the medication reconciliation (läkemedelsavstämning).',
  valuesMap: {
    MISSING_AT_HOME: { description: 'A line of the list (not utsatt) whose medicine the patient does not have at home, or is not given.' },
    STOPPED_BUT_AT_HOME: { description: 'A line that is utsatt (STOPPED) whose medicine is still at home, in the dosett or still taken.' },
    DOSE_DIFFERS: { description: 'The dose (dosering) at home differs from the line.' },
    STRENGTH_DIFFERS: { description: 'The strength (styrka) at home differs from the line.' },
    PRODUCT_DIFFERS: { description: 'Another product or substance is at home than the line names (e.g. an unclear generic substitution).' },
    NOT_ON_LIST: { description: 'A medicine the patient has or takes at home that is not on the list at all; named in `medicine`.' },
    OTHER: { description: 'Anything else (route, form, timing …), about a line or, named in `medicine`, a medicine not on the list.' },
  },
});

registerEnumType(HandoverUrgency, {
  name: 'HandoverUrgency',
  description: 'How soon the sender needs an answer (brådskandegrad); with the time the handover was given it sets `respondBy` (see `Handover.respondBy`).',
  valuesMap: {
    ACUTE: { description: 'Akut: an answer within 1 hour of the time the handover was given.' },
    TODAY: {
      description:
        'Idag: an answer by 21:00 Stockholm time the same day, and never less than 4 hours after the handover was given (so one given after 17:00 is due 4 hours later).',
    },
    ROUTINE: {
      description: 'Rutin: an answer by the end (23:59:59 Stockholm time) of the next weekday (Monday–Friday) after the day the handover was given.',
    },
  },
});

registerEnumType(HandoverRequestedResponse, {
  name: 'HandoverRequestedResponse',
  description: 'What the sender asks the receiving organisation for; every kind but INFORMATION_ONLY needs an answer (answerHandover) by `respondBy`.',
  valuesMap: {
    PHONE_ASSESSMENT: { description: 'Telefonbedömning: an assessment by phone (e.g. the GP calls the nurse or the patient).' },
    HOME_VISIT: { description: 'Hembesök: a visit to the patient at home.' },
    MEDICATION_REVIEW: { description: 'Läkemedelsgenomgång: a review of the patient’s medicines.' },
    INFORMATION_ONLY: { description: 'För kännedom: information only; it needs acknowledgement (kvittering), not an answer.' },
  },
});

registerEnumType(HandoverAnswerOutcome, {
  name: 'HandoverAnswerOutcome',
  description: 'How the receiving organisation answered a handover’s request (svar på överrapportering).',
  valuesMap: {
    ADVICE_GIVEN: { description: 'Råd givet: advice given; `text` holds the advice.' },
    ASSESSED_BY_PHONE: { description: 'Bedömd per telefon: assessed by phone; `text` holds the assessment and what follows from it.' },
    VISIT_PLANNED: { description: 'Besök planerat: a visit is planned at `plannedVisitAt`; `text` says who comes and what is done meanwhile.' },
    DECLINED: {
      description: 'Avböjt: the request is declined; `text` holds the reason (e.g. another unit is responsible, or the request is answered elsewhere).',
    },
  },
});
