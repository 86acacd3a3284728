import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { canSeeRecordedBy } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { GqlContext } from '../common/graphql-context';
import { checkedArgs, Connection, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { LocalDateScalar } from '../common/scalars';
import { PatientType, PatientView } from '../patients/patient.types';
import { DeclineExperienceSurveyInput, ExperienceDueArgs, RecordExperienceAnswersInput } from './dto/experience.input';
import { ExperienceLoaders } from './experience.loader';
import { ExperienceService } from './experience.service';
import { ExperienceDueType, ExperienceSurveyType } from './experience.types';

const ExperienceDueConnection = Connection(ExperienceDueType, 'ExperienceDue', 'A page of enrolled patients whose experience survey is due.');

@Resolver(() => ExperienceSurveyType)
export class ExperienceResolver {
  constructor(private readonly experience: ExperienceService) {}

  @Mutation(() => ExperienceSurveyType, {
    description:
      'Enter the answers to the experience questions (patientens upplevelse: the same four as at a SIP follow-up, 1–5) of an enrolled patient, given by the patient alone, by the patient with your help, or by a next of kin (närstående). Answers the survey that is due (at enrollment, or the interval after the last); the next is due EXPERIENCE_INTERVAL_DAYS later. Counted by the follow-up indicators EXPERIENCE_*, split by respondent. PRECONDITION_FAILED when the patient has no active enrollment; BAD_USER_INPUT naming the field for a score outside 1–5, a question answered twice, no answers, or a day in the future, before the enrollment or before the last survey.',
  })
  recordExperienceAnswers(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, who answered, the answers and the day.' }) input: RecordExperienceAnswersInput,
  ) {
    return this.experience.record(actor, input);
  }

  @Mutation(() => ExperienceSurveyType, {
    description:
      'Record that the patient (or next of kin) declined the experience survey that is due: it leaves the due list, and the next is due EXPERIENCE_INTERVAL_DAYS later. PRECONDITION_FAILED when the patient has no active enrollment.',
  })
  declineExperienceSurvey(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient and the day they declined.' }) input: DeclineExperienceSurveyInput,
  ) {
    return this.experience.decline(actor, input);
  }

  @Query(() => ExperienceDueConnection, {
    description:
      'Patients of your organisation’s active enrollments (as the enrolling municipality or the primary care centre) whose experience survey is due — at enrollment, or EXPERIENCE_INTERVAL_DAYS after the last one answered or declined — by due date. One audit row per patient listed.',
  })
  experienceDue(@CurrentActor() actor: Actor, @Args() args: ExperienceDueArgs) {
    return this.experience.due(actor, args);
  }
}

@Resolver(() => PatientType)
export class PatientExperienceResolver {
  @ResolveField(() => LocalDateScalar, {
    nullable: true,
    description:
      'When the patient’s next experience survey (patientenkät) is due in the active enrollment: its start date, or EXPERIENCE_INTERVAL_DAYS after the last survey answered or declined (today or earlier: due now). Null when not enrolled.',
  })
  experienceSurveyDueOn(v: PatientView, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(ExperienceLoaders).dueOn.load(v.entity.id);
  }

  @ResolveField(() => [ExperienceSurveyType], {
    description:
      'The patient’s experience surveys, answered or declined, newest first: the first `first` of them. Those entered by another organisation only with consent and without a block; those the patient answered in their own view are shown to everyone who may see the patient.',
  })
  async experienceSurveys(v: PatientView, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const rows = await ctx.loaders.get(ExperienceLoaders).surveys.load(v.entity.id);
    return firstOf(
      rows.filter((s) => canSeeRecordedBy(v.grant, s.recordedByOrganisationId)),
      first,
    );
  }
}
