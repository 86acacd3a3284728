import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { Connection, ListArgs, PageArgs } from '../common/pagination';
import { IdArg } from '../common/id.pipe';
import {
  AcceptCarePlanProposalInput,
  AnswerMyExperienceQuestionsInput,
  DeclineCarePlanProposalInput,
  EndPatientRepresentativeInput,
  ProposeCarePlanChangeInput,
  RecordPatientRepresentativeInput,
} from './dto/patient-view.input';
import { PatientViewService } from './patient-view.service';
import { ExperienceSurveyType } from '../experience/experience.types';
import { CarePlanProposalType, MyCarePlanMeetingType, MyCareType, MyLogEntryType, MyTaskType, PatientRepresentativeType } from './patient-view.types';
import { RepresentativesService } from './representatives.service';

const MyLogExtractConnection = Connection(MyLogEntryType, 'MyLogExtract', 'A page of your own log extract (loggutdrag), newest first.');

@Resolver()
export class PatientViewResolver {
  constructor(
    private readonly view: PatientViewService,
    private readonly representatives: RepresentativesService,
  ) {}

  @Query(() => MyCareType, {
    description:
      'Patients (and their representatives), signed in through the patients’ identity provider: your own care — your SIP as published, what matters to you, and whom to call now.',
  })
  myCare(@CurrentActor() actor: Actor) {
    return this.view.myCare(actor);
  }

  @Query(() => [MyCarePlanMeetingType], { description: 'Patients: the meetings about your SIP (SIP-möten) from 30 days back, soonest first.' })
  myCarePlanMeetings(@CurrentActor() actor: Actor, @Args() args: ListArgs) {
    return this.view.myMeetings(actor, args.first);
  }

  @Query(() => [MyTaskType], { description: 'Patients: what is still to be done in your SIP, and by whom, soonest due first.' })
  myCareTasks(@CurrentActor() actor: Actor, @Args() args: ListArgs) {
    return this.view.myCareTasks(actor, args.first);
  }

  @Query(() => MyLogExtractConnection, {
    description: 'Patients: your own log extract (loggutdrag): which units read or changed your data and when, newest first; your own reads are listed too.',
  })
  myLogExtract(@CurrentActor() actor: Actor, @Args() args: PageArgs) {
    return this.view.myLogExtract(actor, args);
  }

  @Query(() => [CarePlanProposalType], { description: 'Patients: the changes you proposed to your SIP, newest first, and what became of them.' })
  myCarePlanProposals(@CurrentActor() actor: Actor, @Args() args: ListArgs) {
    return this.view.myProposals(actor, args.first);
  }

  @Mutation(() => CarePlanProposalType, {
    description:
      'Patients: propose new goals for your SIP, or new words for what matters to you, with a message. It goes to the units taking part in your plan, who accept it into the plan or decline it with a reason.',
  })
  proposeCarePlanChange(@CurrentActor() actor: Actor, @Args('input', { description: 'Your proposal and your message.' }) input: ProposeCarePlanChangeInput) {
    return this.view.propose(actor, input);
  }

  @Mutation(() => ExperienceSurveyType, {
    description:
      'Patients: answer the short experience questions (patientenkät) about your care — were you involved in your plan, do you know whom to call, does the plan reflect your goals, is your care coordinated. Recorded as answered by you.',
  })
  answerMyExperienceQuestions(@CurrentActor() actor: Actor, @Args('input', { description: 'Your answers.' }) input: AnswerMyExperienceQuestionsInput) {
    return this.view.answerExperience(actor, input);
  }

  @Query(() => [CarePlanProposalType], { description: 'The changes a patient proposed to their SIP from their own view, newest first.' })
  carePlanProposals(@CurrentActor() actor: Actor, @IdArg('patientId', 'The patient.') patientId: string, @Args() args: ListArgs) {
    return this.view.proposals(actor, patientId, args.first);
  }

  @Mutation(() => CarePlanProposalType, {
    description:
      'Take a patient’s proposal into the SIP: proposed goals are added to the draft (a revision is opened when the plan is published; publish it as usual), what matters to me is recorded by your organisation.',
  })
  acceptCarePlanProposal(@CurrentActor() actor: Actor, @Args('input', { description: 'The proposal.' }) input: AcceptCarePlanProposalInput) {
    return this.view.accept(actor, input);
  }

  @Mutation(() => CarePlanProposalType, { description: 'Decline a patient’s proposal to their SIP, with a reason the patient sees.' })
  declineCarePlanProposal(@CurrentActor() actor: Actor, @Args('input', { description: 'The proposal and the reason.' }) input: DeclineCarePlanProposalInput) {
    return this.view.decline(actor, input);
  }

  @Query(() => [PatientRepresentativeType], { description: 'A patient’s recorded representatives (ombud, god man, förvaltare), newest first.' })
  patientRepresentatives(@CurrentActor() actor: Actor, @IdArg('patientId', 'The patient.') patientId: string, @Args() args: ListArgs) {
    return this.representatives.list(actor, patientId, args.first);
  }

  @Mutation(() => PatientRepresentativeType, {
    description:
      'Record a representative (ombud with fullmakt, god man, förvaltare): while the period holds they sign in with their own personnummer and act for the patient in the patient’s own view.',
  })
  recordPatientRepresentative(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, the representative and their authority.' }) input: RecordPatientRepresentativeInput,
  ) {
    return this.representatives.record(actor, input);
  }

  @Mutation(() => PatientRepresentativeType, { description: 'End a representative’s authority from today.' })
  endPatientRepresentative(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The representation and why it ends.' }) input: EndPatientRepresentativeInput,
  ) {
    return this.representatives.end(actor, input);
  }
}
