import { CarePlanExperienceQuestion, EXPERIENCE_QUESTION_TEXT } from '../care-plans/care-plan.enums';

/**
 * The joint follow-up's indicators (gemensam uppföljning), as data: what each one counts, in words a
 * unit manager can check against the numbers, and how its cell is computed from the metrics the SQL
 * families return (measure.ts interprets `measure`). The definition text is returned with every
 * answer, so change it together with the SQL (sql/*.sql.ts).
 */

export enum FollowUpIndicatorCode {
  ENROLLED = 'ENROLLED',
  ACTIVE_SIP = 'ACTIVE_SIP',
  SIP_FOLLOW_UP_ON_TIME = 'SIP_FOLLOW_UP_ON_TIME',
  DETERIORATION_PLAN_ACTIVE = 'DETERIORATION_PLAN_ACTIVE',
  DETERIORATION_PLAN_REVIEW_OVERDUE = 'DETERIORATION_PLAN_REVIEW_OVERDUE',
  NAMED_GP = 'NAMED_GP',
  NAMED_CONTACT_CHANGES = 'NAMED_CONTACT_CHANGES',
  JOINT_HOME_VISIT_AT_ENROLLMENT = 'JOINT_HOME_VISIT_AT_ENROLLMENT',
  ADMISSION_NOTICE_24H = 'ADMISSION_NOTICE_24H',
  SIP_INVITATION_3_DAYS = 'SIP_INVITATION_3_DAYS',
  READY_TO_DISCHARGE_DAYS = 'READY_TO_DISCHARGE_DAYS',
  PAYMENT_DAYS = 'PAYMENT_DAYS',
  READMISSION_30_DAYS = 'READMISSION_30_DAYS',
  MEDICATION_RECONCILIATION_24H = 'MEDICATION_RECONCILIATION_24H',
  DISCHARGE_MESSAGES_ENTERED_AFTERWARDS = 'DISCHARGE_MESSAGES_ENTERED_AFTERWARDS',
  ROUNDS_HELD = 'ROUNDS_HELD',
  TASKS_ON_TIME = 'TASKS_ON_TIME',
  HANDOVER_ANSWERED_IN_TIME = 'HANDOVER_ANSWERED_IN_TIME',
  HANDOVER_ENTERED_AFTERWARDS = 'HANDOVER_ENTERED_AFTERWARDS',
  DETERIORATION_HANDLED_AT_HOME = 'DETERIORATION_HANDLED_AT_HOME',
  EXPERIENCE_INVOLVED_IN_PLAN = 'EXPERIENCE_INVOLVED_IN_PLAN',
  EXPERIENCE_KNOWS_WHO_TO_CALL = 'EXPERIENCE_KNOWS_WHO_TO_CALL',
  EXPERIENCE_PLAN_REFLECTS_MY_GOALS = 'EXPERIENCE_PLAN_REFLECTS_MY_GOALS',
  EXPERIENCE_CARE_IS_COORDINATED = 'EXPERIENCE_CARE_IS_COORDINATED',
}

/**
 * How a cell is computed from the metrics of one (scope, period or month). Metric names are the
 * column aliases of the SQL families (sql/*.sql.ts).
 * - COUNT: value = the count; no rate. Suppressed when the count (of patients) is 1–4.
 * - SHARE: value = numerator, denominator = denominator, rate = value per 100 of the denominator.
 *   Suppressed when the patients behind the denominator are 1–4.
 * - PER_ENROLLED: value = a count, denominator = enrolled patients, rate = per 100 enrolled.
 *   Suppressed when the patients behind the count, or the enrolled, are 1–4.
 * - MEDIAN: value = the median of a list of values, denominator = how many values.
 * - MEAN_SCORE: value = mean of 1–5 answers, denominator = answers, distribution = answers per score.
 */
export type Measure =
  | { kind: 'COUNT'; value: string }
  | { kind: 'SHARE'; numerator: string; denominator: string; patients: string }
  | { kind: 'PER_ENROLLED'; value: string; patients: string | null }
  | { kind: 'MEDIAN'; values: string; patients: string }
  | { kind: 'MEAN_SCORE'; question: CarePlanExperienceQuestion };

export interface IndicatorDefinition {
  code: FollowUpIndicatorCode;
  nameSv: string;
  nameEn: string;
  definition: string;
  /** What `value` counts or measures. */
  unit: string;
  /** What the value counts (SHARE: the numerator). */
  numerator: string;
  /** What the denominator / rate base is; null when the indicator has none. */
  denominator: string | null;
  measure: Measure;
  /**
   * The month cells add up to the period cell (each fact falls on one day), so a lone suppressed month
   * could be recovered by subtraction: a second month is then suppressed too (cells.ts).
   */
  additive: boolean;
}

/** The enrolled patients of a scope: the base of the rates and the "shares of enrolled". */
export const ENROLLED_TEXT =
  'patients with a home-healthcare enrollment (inskrivning i hälso- och sjukvård i hemmet) of the scope that was active on at least one day of the period or month (start date on or before its last day, end date — the last enrolled day — empty or on or after its first day)';

const WHILE_ENROLLED = 'on at least one day on which the patient was enrolled in the scope within the period or month';
const DAY_RULE = 'Instants count on their calendar day in Europe/Stockholm.';
const DECIDED = 'Deadlines not yet passed and not yet met are left out until they are decided.';

const experience = (code: FollowUpIndicatorCode, question: CarePlanExperienceQuestion, nameSv: string, nameEn: string): IndicatorDefinition => ({
  code,
  nameSv,
  nameEn,
  definition: `The answer to ${EXPERIENCE_QUESTION_TEXT[question]} on a scale of 1 (not at all) to 5 (completely), from every enrolled patient, with or without a SIP: the experience survey asked at enrollment and then every EXPERIENCE_INTERVAL_DAYS (recordExperienceAnswers; answered by the patient alone, the patient with staff help, or a next of kin), and the answers given at SIP follow-ups (counted as the patient with staff help). The mean of the answers given in the period or month by patients enrolled in the scope on the day of the answer, and how many answered each score. Each answer counts once; a patient who answered twice counts twice. With experienceRespondent, only the answers of those respondents.`,
  unit: 'mean score 1–5',
  numerator: 'sum of the scores',
  denominator: 'answers given',
  measure: { kind: 'MEAN_SCORE', question },
  additive: true,
});

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: FollowUpIndicatorCode.ENROLLED,
    nameSv: 'Inskrivna patienter',
    nameEn: 'Enrolled patients',
    definition: `The number of ${ENROLLED_TEXT}. A patient enrolled twice in the same month counts once.`,
    unit: 'patients',
    numerator: 'enrolled patients',
    denominator: null,
    measure: { kind: 'COUNT', value: 'enrolled' },
    additive: false,
  },
  {
    code: FollowUpIndicatorCode.ACTIVE_SIP,
    nameSv: 'Andel med aktiv SIP',
    nameEn: 'Share with an active SIP',
    definition: `Enrolled patients who had a coordinated individual plan (SIP) in force — published and not closed — ${WHILE_ENROLLED}, per 100 enrolled. A SIP is in force from the instant its first version was published until it was closed. A patient agreement (patientkontrakt) is not a SIP and does not count. ${DAY_RULE}`,
    unit: 'patients',
    numerator: 'enrolled patients with a SIP in force while enrolled',
    denominator: 'enrolled patients',
    measure: { kind: 'SHARE', numerator: 'with_sip', denominator: 'enrolled', patients: 'enrolled' },
    additive: false,
  },
  {
    code: FollowUpIndicatorCode.SIP_FOLLOW_UP_ON_TIME,
    nameSv: 'SIP-uppföljningar i tid',
    nameEn: 'SIP follow-ups done by their date',
    definition:
      'SIP follow-up dates that fell in the period or month for patients enrolled in the scope on that date: those followed up on or before the date, per 100 follow-ups due. Due follow-ups are the dates answered by a recorded follow-up (on time or late) and the dates still outstanding: a published SIP whose follow-up date has passed (before today) without a follow-up, while it was in force. A date replaced by publishing a revised SIP before it came is not counted. Counted in the month of the due date.',
    unit: 'follow-ups',
    numerator: 'follow-ups done on or before their date',
    denominator: 'follow-ups due',
    measure: { kind: 'SHARE', numerator: 'fu_on_time', denominator: 'fu_due', patients: 'fu_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.DETERIORATION_PLAN_ACTIVE,
    nameSv: 'Andel med signerad handlingsplan vid försämring',
    nameEn: 'Share with an active signed deterioration plan',
    definition: `Enrolled patients who had a physician-signed deterioration action plan (handlingsplan vid försämring) in force ${WHILE_ENROLLED}, per 100 enrolled. A plan is in force from its signing until it is superseded by a newer signed version or withdrawn. ${DAY_RULE}`,
    unit: 'patients',
    numerator: 'enrolled patients with a signed plan in force while enrolled',
    denominator: 'enrolled patients',
    measure: { kind: 'SHARE', numerator: 'with_plan', denominator: 'enrolled', patients: 'enrolled' },
    additive: false,
  },
  {
    code: FollowUpIndicatorCode.DETERIORATION_PLAN_REVIEW_OVERDUE,
    nameSv: 'Andel med handlingsplan förbi omprövningsdatum',
    nameEn: 'Share with a deterioration plan past its review date',
    definition: `Enrolled patients whose signed deterioration plan in force had passed its review date — the plan was in force on a day after the review date — ${WHILE_ENROLLED}, per 100 enrolled. ${DAY_RULE}`,
    unit: 'patients',
    numerator: 'enrolled patients with a plan in force past its review date',
    denominator: 'enrolled patients',
    measure: { kind: 'SHARE', numerator: 'plan_review_overdue', denominator: 'enrolled', patients: 'enrolled' },
    additive: false,
  },
  {
    code: FollowUpIndicatorCode.NAMED_GP,
    nameSv: 'Andel med fast läkarkontakt',
    nameEn: 'Share with a named GP (fast läkarkontakt)',
    definition: `Enrolled patients whose enrollment names a fast läkarkontakt who held a physician assignment at the enrollment’s primary care centre ${WHILE_ENROLLED}, per 100 enrolled. Every enrollment names a GP; this shows where the named GP has left the centre and no new one was named. ${DAY_RULE}`,
    unit: 'patients',
    numerator: 'enrolled patients whose named GP works at the centre',
    denominator: 'enrolled patients',
    measure: { kind: 'SHARE', numerator: 'with_gp', denominator: 'enrolled', patients: 'enrolled' },
    additive: false,
  },
  {
    code: FollowUpIndicatorCode.NAMED_CONTACT_CHANGES,
    nameSv: 'Byten av fast vårdkontakt och fast läkarkontakt per 100 inskrivna',
    nameEn: 'Named-contact changes per 100 enrolled',
    definition: `Changes of an enrollment’s fast vårdkontakt or fast läkarkontakt (changeNamedContact) whose first day as named falls in the period or month, for patients enrolled in the scope on that day; per 100 ${ENROLLED_TEXT}. Each change counts once; a patient whose GP and nurse both changed counts twice. Fewer changes mean more continuity.`,
    unit: 'changes',
    numerator: 'named-contact changes',
    denominator: 'enrolled patients (rate per 100 enrolled)',
    measure: { kind: 'PER_ENROLLED', value: 'ncc_changes', patients: 'ncc_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.JOINT_HOME_VISIT_AT_ENROLLMENT,
    nameSv: 'Gemensamt hembesök vid inskrivning',
    nameEn: 'Joint home visit at enrollment',
    definition: `Enrollments of the scope whose start date falls in the period or month: those with a joint home visit (gemensamt hembesök, recorded with recordJointHomeVisit with staff of both the municipality and the primary care centre) held on a day from the start date to 14 days after it, per 100 enrollments. An enrollment still within its 14 days without a visit is left out until it is decided. Counted in the month of the start date. A visit date given at enrollment (jointHomeVisitDate, which may be only planned) does not count.`,
    unit: 'enrollments',
    numerator: 'enrollments with a joint home visit within 14 days of the start',
    denominator: 'enrollments started, with a decided 14 days',
    measure: { kind: 'SHARE', numerator: 'jhv_done', denominator: 'jhv_due', patients: 'jhv_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.ADMISSION_NOTICE_24H,
    nameSv: 'Inskrivningsmeddelanden inom 24 timmar',
    nameEn: 'Admission notices sent within 24 hours',
    definition: `Hospital admissions (discharge processes whose receiving municipality or primary care centre is in the scope) on a day of the period or month: those whose admission notice (inskrivningsmeddelande) was sent within 24 elapsed hours of admission, per 100 admissions. ${DECIDED} An admission cancelled before the deadline without a notice is left out. ${DAY_RULE}`,
    unit: 'admissions',
    numerator: 'admission notices sent within 24 hours',
    denominator: 'admissions with a decided deadline',
    measure: { kind: 'SHARE', numerator: 'adm_on_time', denominator: 'adm_due', patients: 'adm_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.SIP_INVITATION_3_DAYS,
    nameSv: 'SIP-kallelser inom 3 dagar',
    nameEn: 'SIP invitations within 3 days of ready-for-discharge',
    definition: `Ready-for-discharge notices (underrättelse om utskrivningsklar) of stays in the scope, on a day of the period or month: those followed by a SIP invitation no later than the third calendar day after the notice, per 100 notices. When a notice was withdrawn and re-issued, the notice standing when the invitation was sent counts. ${DECIDED} ${DAY_RULE}`,
    unit: 'ready-for-discharge notices',
    numerator: 'SIP invitations sent in time',
    denominator: 'notices with a decided deadline',
    measure: { kind: 'SHARE', numerator: 'sip_on_time', denominator: 'sip_due', patients: 'sip_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.READY_TO_DISCHARGE_DAYS,
    nameSv: 'Dagar från utskrivningsklar till utskrivning (median)',
    nameEn: 'Days from ready-for-discharge to discharge (median)',
    definition: `Discharges of stays in the scope on a day of the period or month: the median number of calendar days from the ready-for-discharge notice standing at discharge to the discharge (same day = 0). ${DAY_RULE}`,
    unit: 'days (median)',
    numerator: 'median days',
    denominator: 'discharges',
    measure: { kind: 'MEDIAN', values: 'ready_days', patients: 'ready_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.PAYMENT_DAYS,
    nameSv: 'Betalningsansvarsdagar',
    nameEn: 'Municipal payment days',
    definition: `Days of the period or month for which the municipality is liable to pay (betalningsansvar) for patients ready for discharge but still in hospital, for stays in the scope, as computed for each stay by the law’s rule with the locally agreed number of free days in force when the stay began; per 100 ${ENROLLED_TEXT}.`,
    unit: 'days',
    numerator: 'payable days',
    denominator: 'enrolled patients (rate per 100 enrolled)',
    measure: { kind: 'PER_ENROLLED', value: 'pay_days', patients: 'pay_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.READMISSION_30_DAYS,
    nameSv: 'Återinskrivning inom 30 dagar',
    nameEn: 'Readmissions within 30 days of discharge',
    definition: `Discharges of stays in the scope on a day of the period or month: those after which the patient was admitted to hospital again within 30 calendar days (a new admission on or before the discharge date + 30), per 100 discharges. Discharges in the last 30 days before today are provisional. ${DAY_RULE}`,
    unit: 'discharges',
    numerator: 'discharges followed by a readmission within 30 days',
    denominator: 'discharges',
    measure: { kind: 'SHARE', numerator: 'readmitted', denominator: 'discharges', patients: 'dis_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.MEDICATION_RECONCILIATION_24H,
    nameSv: 'Läkemedelsavstämning inom 24 timmar efter utskrivning',
    nameEn: 'Discharges with medication reconciliation within 24 hours',
    definition: `Discharges to home healthcare — stays whose receiving municipality or primary care centre is in the scope — on a day of the period or month: those whose medication reconciliation (läkemedelsavstämning) was recorded by the receiving municipality within 24 elapsed hours of the discharge, per 100 discharges. ${DECIDED} Discharges notified before reconciliations were recorded in this service expect none and are left out. ${DAY_RULE}`,
    unit: 'discharges',
    numerator: 'discharges reconciled within 24 hours',
    denominator: 'discharges with a decided reconciliation deadline',
    measure: { kind: 'SHARE', numerator: 'med_on_time', denominator: 'med_due', patients: 'med_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.DISCHARGE_MESSAGES_ENTERED_AFTERWARDS,
    nameSv: 'Meddelanden vid utskrivning registrerade i efterhand (reservrutin)',
    nameEn: 'Discharge messages entered afterwards (paper routine)',
    definition: `Messages of hospital stays in the scope (discharge processes whose receiving municipality or primary care centre is in the scope: admission notices, status messages, planned dates, ready-for-discharge notices and their withdrawals, fast vårdkontakt appointments, SIP invitations, discharge notices), given on a day of the period or month and not retracted: those given by phone or on paper during downtime (reservrutin) and entered into the service afterwards, per 100 messages given. A message counts on the day it was given, not the day it was entered; a message entered at the time it was given is not counted as entered afterwards. Acknowledgements are not messages and are not counted. ${DAY_RULE}`,
    unit: 'messages',
    numerator: 'messages entered afterwards',
    denominator: 'messages given',
    measure: { kind: 'SHARE', numerator: 'msg_entered_afterwards', denominator: 'msg_given', patients: 'msg_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.ROUNDS_HELD,
    nameSv: 'Genomförda ronder',
    nameEn: 'Rounds held',
    definition: `Rounds (ronder) completed, starting on a day of the period or month, that the scope’s organisations organised or took part in (for a municipality and a primary care centre together: rounds both took part in); per 100 ${ENROLLED_TEXT}. ${DAY_RULE}`,
    unit: 'rounds',
    numerator: 'completed rounds',
    denominator: 'enrolled patients (rate per 100 enrolled)',
    measure: { kind: 'PER_ENROLLED', value: 'rounds_held', patients: null },
    additive: false, // rounds are not about patients; the enrolled behind the rate are not additive
  },
  {
    code: FollowUpIndicatorCode.TASKS_ON_TIME,
    nameSv: 'Uppgifter klara i tid',
    nameEn: 'Tasks done on time',
    definition: `Tasks (e.g. decided at a round) due on a day of the period or month, about patients enrolled in the scope on that day, not cancelled: those completed on or before the due date, per 100 tasks due. Open tasks whose due date is today or later are left out until decided. ${DAY_RULE}`,
    unit: 'tasks',
    numerator: 'tasks completed by their due date',
    denominator: 'tasks due',
    measure: { kind: 'SHARE', numerator: 'task_on_time', denominator: 'task_due', patients: 'task_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.HANDOVER_ANSWERED_IN_TIME,
    nameSv: 'Överrapporteringar besvarade i tid',
    nameEn: 'Requested assessments answered in time',
    definition: `Handovers (överrapportering) that asked the receiver for a response — a phone assessment, a home visit or a medication review, not information only — whose respond-by time fell on a day of the period or month, about patients enrolled in the scope on that day: those answered (advice, phone assessment, planned visit or declined) at or before the respond-by time, per 100 handovers due. The respond-by time follows from the urgency and the time the handover was given: ACUTE 1 hour; TODAY 21:00 the same day, at least 4 hours; ROUTINE the end of the next weekday. An answer entered afterwards (paper routine) counts at the time it was given. Handovers not yet answered whose respond-by time has not passed are left out until decided. ${DAY_RULE}`,
    unit: 'handovers',
    numerator: 'handovers answered by their respond-by time',
    denominator: 'handovers with an answer due and decided',
    measure: { kind: 'SHARE', numerator: 'ho_on_time', denominator: 'ho_due', patients: 'ho_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.HANDOVER_ENTERED_AFTERWARDS,
    nameSv: 'Överrapporteringar införda i efterhand (reservrutin)',
    nameEn: 'Handovers entered afterwards (paper routine)',
    definition: `Handovers (överrapportering) given on a day of the period or month, about patients enrolled in the scope on that day: those whose sending, acknowledgement or answer was given by phone or on paper and entered afterwards with the time it was given (reservrutin), per 100 handovers given. Shows how much the paper routine was used, e.g. during an outage. ${DAY_RULE}`,
    unit: 'handovers',
    numerator: 'handovers with a step entered afterwards',
    denominator: 'handovers given',
    measure: { kind: 'SHARE', numerator: 'ho_after', denominator: 'ho_given', patients: 'ho_given_patients' },
    additive: true,
  },
  {
    code: FollowUpIndicatorCode.DETERIORATION_HANDLED_AT_HOME,
    nameSv: 'Försämringsepisoder hanterade i hemmet per 100 inskrivna',
    nameEn: 'Deterioration episodes handled at home per 100 enrolled',
    definition: `Deterioration episodes (försämringsepisoder) recorded with the outcome stayed at home (stannade hemma: no doctor's visit, ambulance or admission), that happened on a day of the period or month on which the patient was enrolled in the scope; per 100 ${ENROLLED_TEXT}. Each episode counts once; a patient may have several. Episodes are counted on the day they happened, and may be recorded up to 7 days later, so the last week is provisional. ${DAY_RULE}`,
    unit: 'episodes',
    numerator: 'episodes handled at home',
    denominator: 'enrolled patients (rate per 100 enrolled)',
    measure: { kind: 'PER_ENROLLED', value: 'epi_home', patients: 'epi_home_patients' },
    additive: true,
  },
  experience(
    FollowUpIndicatorCode.EXPERIENCE_INVOLVED_IN_PLAN,
    CarePlanExperienceQuestion.INVOLVED_IN_PLAN,
    'Patientens svar: delaktig i planen',
    'Patient’s answer: involved in the plan',
  ),
  experience(
    FollowUpIndicatorCode.EXPERIENCE_KNOWS_WHO_TO_CALL,
    CarePlanExperienceQuestion.KNOWS_WHO_TO_CALL,
    'Patientens svar: vet vem jag ska ringa',
    'Patient’s answer: knows who to call',
  ),
  experience(
    FollowUpIndicatorCode.EXPERIENCE_PLAN_REFLECTS_MY_GOALS,
    CarePlanExperienceQuestion.PLAN_REFLECTS_MY_GOALS,
    'Patientens svar: planen handlar om det viktiga för mig',
    'Patient’s answer: the plan reflects my goals',
  ),
  experience(
    FollowUpIndicatorCode.EXPERIENCE_CARE_IS_COORDINATED,
    CarePlanExperienceQuestion.CARE_IS_COORDINATED,
    'Patientens svar: de som hjälper mig samarbetar',
    'Patient’s answer: care is coordinated',
  ),
];

export const INDICATOR_BY_CODE: ReadonlyMap<FollowUpIndicatorCode, IndicatorDefinition> = new Map(INDICATORS.map((d) => [d.code, d]));
