import { registerEnumType } from '@nestjs/graphql';
import { ExperienceRespondent } from '../experience/experience.enums';
import { Housing } from '../patients/continuity.entity';

/**
 * Filters on the patients counted (the population) of every indicator family: housing (boendeform)
 * and age band. Both are read as they stood on the period's last day (`:to`, already cut to today),
 * so the period and its months describe the same patients. A patient with no housing recorded on or
 * before that day is in no housing filter. Left out (null), a filter keeps everyone.
 */
export enum AgeBand {
  UNDER_65 = 'UNDER_65',
  AGE_65_74 = 'AGE_65_74',
  AGE_75_84 = 'AGE_75_84',
  AGE_85_PLUS = 'AGE_85_PLUS',
}

registerEnumType(AgeBand, {
  name: 'AgeBand',
  description: 'An age band of the joint follow-up: the patient’s age in whole years on the period’s last day, from the date of birth in the personnummer.',
  valuesMap: {
    UNDER_65: { description: 'Younger than 65.' },
    AGE_65_74: { description: '65 to 74 years.' },
    AGE_75_84: { description: '75 to 84 years.' },
    AGE_85_PLUS: { description: '85 years or older.' },
  },
});

export interface PopulationFilter {
  housing: Housing[] | null;
  ageBands: AgeBand[] | null;
  /**
   * Not a filter on the patients but on the answers: only the experience indicators (EXPERIENCE_*)
   * count only answers given by these respondents. Left out (null): every answer.
   */
  respondents?: ExperienceRespondent[] | null;
}

/** The age band of a patient row's birth date (`birth`) on the period's last day, as an AgeBand name. */
const ageBandSql = (
  birth: string,
) => `(SELECT CASE WHEN y.age < 65 THEN 'UNDER_65' WHEN y.age < 75 THEN 'AGE_65_74' WHEN y.age < 85 THEN 'AGE_75_84' ELSE 'AGE_85_PLUS' END
                 FROM (SELECT date_part('year', age(:to::date, ${birth})) AS age) y)`;

/**
 * A condition on the patient whose id is `patient`: in the asked housing and age bands (each true when
 * not asked; PostgreSQL plans the statement with the values, so an unused filter costs nothing).
 */
export const inPopulation = (patient: string) =>
  `(:housing::text[] IS NULL OR (SELECT h.housing::text FROM patient_housing h WHERE h.patient_id = ${patient} AND h.from_date <= :to::date
                                  ORDER BY h.from_date DESC, h.recorded_at DESC LIMIT 1) = ANY (:housing::text[]))
       AND (:ages::text[] IS NULL OR (SELECT ${ageBandSql('pp.birth_date')} FROM patient pp WHERE pp.id = ${patient}) = ANY (:ages::text[]))`;

/** In words, for the audit row and the docs. */
export const POPULATION_TEXT =
  'Filtered by housing and age band, each as it stood on the period’s last day: the housing recorded with the latest from-date on or before that day (a patient with none is in no housing filter), and the age in whole years on that day from the date of birth.';
