import { Inject, Injectable } from '@nestjs/common';
import { PatientGate } from '../access/patient-gate';
import { PatientTx } from '../access/patient-tx';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, FieldError, preconditionFailed } from '../common/errors';
import { ConnectionShape, keyset } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/config';
import { addDays } from '../common/calendar';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { Patient } from '../patients/patient.entity';
import { PatientView } from '../patients/patient.types';
import { ExperienceDueType, ExperienceSurveyType, sortAnswers } from './experience.types';
import { ExperienceAnswerInput, DeclineExperienceSurveyInput, ExperienceDueArgs, RecordExperienceAnswersInput } from './dto/experience.input';
import { ExperienceAnswer, ExperienceSurvey } from './experience.entity';
import { ExperienceOccasion, ExperienceRespondent, ExperienceSurveyStatus } from './experience.enums';
import { dueColumns, LAST_SURVEY_JOIN, nextSurveyDue } from './experience-due';

/** One row of the due list: an active enrollment whose survey is due. */
export interface ExperienceDueRow {
  enrollmentId: string;
  patientId: string;
  dueOn: string;
  lastAnsweredOn: string | null;
  occasion: ExperienceOccasion;
}

/** Due surveys by due date, then enrollment (neither NULL on a row listed). */
const DUE_PAGES = keyset<ExperienceDueRow>([
  { sql: 'd.due_on', type: 'date', of: (r) => r.dueOn },
  { sql: 'd.enrollment_id', type: 'uuid', of: (r) => r.enrollmentId },
]);

/** Who entered a survey: staff of an organisation, or nobody (the patient in their own view). */
type EnteredBy = { staffId: string; organisationId: string } | null;

/**
 * The experience survey (patientenkät) of every enrolled patient: the SIP follow-up's four short
 * questions, due at enrollment and then every EXPERIENCE_INTERVAL_DAYS, answered by the patient
 * (alone, or with staff help) or a next of kin, or declined. Due surveys are computed from the
 * active enrollment and its last survey (experience-due.ts); only answered or declined ones are rows.
 */
@Injectable()
export class ExperienceService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get intervalDays(): number {
    return this.config.experienceIntervalDays;
  }

  /** Staff enter the answers given by the patient (alone or with their help) or by a next of kin. */
  async record(actor: Actor, input: RecordExperienceAnswersInput): Promise<ExperienceSurveyType> {
    const answeredOn = input.answeredOn ?? this.clock.today();
    this.check(input.answers, answeredOn, 'input.answers', 'input.answeredOn');
    return this.gate.patient(actor, input.patientId, { operation: 'recordExperienceAnswers', details: { respondent: input.respondent } }, ({ tx }) =>
      this.write(tx, ExperienceSurveyStatus.ANSWERED, input.respondent, input.answers, answeredOn, 'input.answeredOn', {
        staffId: actor.staffId,
        organisationId: actor.organisationId,
      }),
    );
  }

  /** The patient (or next of kin) declined this time: the survey is closed and the next one is due after the interval. */
  async decline(actor: Actor, input: DeclineExperienceSurveyInput): Promise<ExperienceSurveyType> {
    const declinedOn = input.declinedOn ?? this.clock.today();
    this.check(null, declinedOn, 'input.answers', 'input.declinedOn');
    return this.gate.patient(actor, input.patientId, { operation: 'declineExperienceSurvey' }, ({ tx }) =>
      this.write(tx, ExperienceSurveyStatus.DECLINED, null, [], declinedOn, 'input.declinedOn', {
        staffId: actor.staffId,
        organisationId: actor.organisationId,
      }),
    );
  }

  /**
   * For the patient's own view: the patient answers for themselves (respondent PATIENT, entered by
   * nobody on staff). The caller opens the patient's scope (`tx`, bound to the patient, with its own
   * audit row for the patient as actor); this method only applies the survey's rules and writes.
   * Field errors name `answers` and `answeredOn`.
   */
  async recordForPatient(tx: PatientTx, answers: ExperienceAnswerInput[], answeredOn?: string | null): Promise<ExperienceSurveyType> {
    const day = answeredOn ?? this.clock.today();
    this.check(answers, day, 'answers', 'answeredOn');
    return this.write(tx, ExperienceSurveyStatus.ANSWERED, ExperienceRespondent.PATIENT, answers, day, 'answeredOn', null);
  }

  /**
   * Patients of your organisation's active enrollments (as the enrolling municipality or the primary
   * care centre) whose survey is due today or within `withinDays`, by due date.
   */
  async due(actor: Actor, args: ExperienceDueArgs): Promise<ConnectionShape<ExperienceDueType>> {
    const first = args.first ?? 20;
    const until = addDays(this.clock.today(), args.withinDays ?? 0);
    const params: unknown[] = [until, actor.organisationId, this.intervalDays];
    const next = DUE_PAGES.where(args.after, params);
    let more = false;
    const { read, allowed, patients } = await this.gate.list(
      actor,
      { operation: 'experienceDue' },
      async (q) => {
        const rows = await q.query<{ enrollment_id: string; patient_id: string; due_on: string; last_answered_on: string | null }>(
          `SELECT d.enrollment_id, d.patient_id, d.due_on::text AS due_on, d.last_answered_on::text AS last_answered_on FROM (
             SELECT e.id AS enrollment_id, e.patient_id, ${dueColumns('$3')}
               FROM home_healthcare_enrollment e
               ${LAST_SURVEY_JOIN}
              WHERE e.status = 'ACTIVE' AND (e.municipality_id = $2::uuid OR e.primary_care_id = $2::uuid)) d
            WHERE d.due_on <= $1::date ${next ? `AND ${next}` : ''}
            ORDER BY ${DUE_PAGES.orderBy} LIMIT ${first + 1}`,
          params,
        );
        more = rows.length > first;
        return rows.slice(0, first).map((r): ExperienceDueRow => ({
          enrollmentId: r.enrollment_id,
          patientId: r.patient_id,
          dueOn: r.due_on,
          lastAnsweredOn: r.last_answered_on,
          occasion: r.last_answered_on === null ? ExperienceOccasion.ENROLLMENT : ExperienceOccasion.REPEAT,
        }));
      },
      (r) => r.patientId,
    );
    const byId = await patients(Patient);
    return DUE_PAGES.pageOf(
      read,
      more,
      allowed.map(({ row, grant }) => ({ row, node: { ...row, patient: new PatientView(byId.get(row.patientId)!, grant) } })),
    );
  }

  /** Rules that need no patient: the answers (each question once) and the day (not in the future). */
  private check(answers: ExperienceAnswerInput[] | null, day: string, answersField: string, dayField: string): void {
    const fields: FieldError[] = [];
    if (answers) {
      if (answers.length === 0) fields.push({ field: answersField, message: 'must hold at least one answer' });
      const seen = new Set<string>();
      answers.forEach((a, i) => {
        if (seen.has(a.question)) fields.push({ field: `${answersField}.${i}.question`, message: 'is answered twice' });
        seen.add(a.question);
      });
    }
    if (day > this.clock.today()) fields.push({ field: dayField, message: 'cannot be in the future' });
    if (fields.length) throw badInput(fields);
  }

  private async write(
    tx: PatientTx,
    status: ExperienceSurveyStatus,
    respondent: ExperienceRespondent | null,
    answers: ExperienceAnswerInput[],
    day: string,
    dayField: string,
    by: EnteredBy,
  ): Promise<ExperienceSurveyType> {
    await tx.lockSeries('experience_survey');
    const enrollment = await tx.repo(Enrollment).findOneBy({ status: EnrollmentStatus.ACTIVE });
    if (!enrollment)
      throw preconditionFailed('The patient has no active home healthcare enrollment (inskrivning): experience surveys are for enrolled patients');
    if (day < enrollment.startDate) throw badInput(dayField, 'cannot be before the enrollment’s start date');
    const last = await tx.repo(ExperienceSurvey).findOne({ where: { enrollmentId: enrollment.id }, order: { answeredOn: 'DESC', recordedAt: 'DESC' } });
    if (last && day < last.answeredOn) throw badInput(dayField, 'cannot be before the last survey of the enrollment');
    const due = nextSurveyDue(enrollment.startDate, last?.answeredOn ?? null, this.intervalDays);
    const repo = tx.repo(ExperienceSurvey);
    const survey = await repo.save(
      repo.create({
        enrollmentId: enrollment.id,
        occasion: due.occasion,
        dueOn: due.dueOn,
        status,
        answeredOn: day,
        respondent,
        recordedByStaffId: by?.staffId ?? null,
        recordedByOrganisationId: by?.organisationId ?? null,
        recordedAt: this.clock.now(),
      }),
    );
    if (answers.length) {
      await tx
        .children(ExperienceAnswer, 'surveyId', survey.id)
        .insert(answers.map((a) => ({ surveyId: survey.id, question: a.question, score: a.score, answeredOn: day })));
    }
    return { ...survey, answers: sortAnswers(answers.map((a) => ({ question: a.question, score: a.score }))) };
  }
}
