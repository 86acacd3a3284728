import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { LoaderFactory } from '../common/loaders';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ExperienceAnswer, ExperienceSurvey } from './experience.entity';
import { dueColumns, LAST_SURVEY_JOIN } from './experience-due';
import { ExperienceSurveyType, sortAnswers } from './experience.types';

export interface ExperienceLoaderSet {
  /** A patient's surveys with their answers, newest first. */
  surveys: DataLoader<string, ExperienceSurveyType[]>;
  /** The due date of the patient's next survey in their active enrollment; null when not enrolled. */
  dueOn: DataLoader<string, string | null>;
}

/** Per-request loaders for the experience surveys of patients the request already opened: two queries for the surveys, one for the due dates. */
@Injectable()
export class ExperienceLoaders implements LoaderFactory<ExperienceLoaderSet> {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  create(): ExperienceLoaderSet {
    return {
      surveys: new DataLoader(async (ids) => {
        const surveys = await this.ds
          .getRepository(ExperienceSurvey)
          .find({ where: { patientId: In([...ids]) }, order: { answeredOn: 'DESC', recordedAt: 'DESC' } });
        const answers = surveys.length ? await this.ds.getRepository(ExperienceAnswer).find({ where: { surveyId: In(surveys.map((s) => s.id)) } }) : [];
        const bySurvey = new Map<string, ExperienceAnswer[]>();
        for (const a of answers) bySurvey.set(a.surveyId, [...(bySurvey.get(a.surveyId) ?? []), a]);
        const byPatient = new Map<string, ExperienceSurveyType[]>(ids.map((id) => [id, []]));
        for (const s of surveys) {
          const list = (bySurvey.get(s.id) ?? []).map((a) => ({ question: a.question, score: a.score }));
          byPatient.get(s.patientId)?.push({ ...s, answers: sortAnswers(list) });
        }
        return ids.map((id) => byPatient.get(id)!);
      }),
      dueOn: new DataLoader(async (ids) => {
        const rows: Array<{ patient_id: string; due_on: string }> = await this.ds.query(
          `SELECT e.patient_id, d.due_on::text AS due_on FROM home_healthcare_enrollment e
             ${LAST_SURVEY_JOIN}
             CROSS JOIN LATERAL (SELECT ${dueColumns('$2')}) d
            WHERE e.status = 'ACTIVE' AND e.patient_id = ANY($1::uuid[])`,
          [[...ids], this.config.experienceIntervalDays],
        );
        const m = new Map(rows.map((r) => [r.patient_id, r.due_on]));
        return ids.map((id) => m.get(id) ?? null);
      }),
    };
  }
}
