import { Module } from '@nestjs/common';
import { CarePlansModule } from '../care-plans/care-plans.module';
import { DischargeDeadlineResolver, DischargeInboxItemResolver, DischargeProcessResolver, PaymentResponsibilityResolver } from './discharges.resolver';
import { DischargeLoaders } from './discharges.loader';
import { HandoversResolver, PaymentAgreementResolver } from './handovers.resolver';
import { HandoversService } from './handovers.service';
import { DischargeInboxService } from './inbox.service';
import { DischargeMessageRetractionResolver, DischargeMessagesResolver, DischargeReceiverResolver } from './messages.resolver';
import { DischargeMessagesService } from './messages.service';
import { PaymentAgreementService } from './payment-agreement.service';
import { TasksModule } from '../tasks/tasks.module';
import {
  DischargeProcessReconciliationResolver,
  MedicationDiscrepancyResolver,
  MedicationReconciliationResolver,
  TaskMedicationDiscrepancyResolver,
} from './medication-reconciliation.resolver';
import { MedicationReconciliationService } from './medication-reconciliation.service';
import { DischargeProcessService } from './process.service';

/**
 * Hospital discharge (lag 2017:612): processes, messages, deadlines, payment days; handovers. The SIP
 * invitation starts or links a SIP (care-plans); a medication reconciliation's discrepancies become
 * tasks (tasks).
 */
@Module({
  imports: [CarePlansModule, TasksModule],
  providers: [
    DischargeProcessService,
    DischargeMessagesService,
    DischargeInboxService,
    HandoversService,
    PaymentAgreementService,
    DischargeLoaders,
    DischargeProcessResolver,
    DischargeInboxItemResolver,
    DischargeDeadlineResolver,
    PaymentResponsibilityResolver,
    DischargeMessagesResolver,
    DischargeReceiverResolver,
    DischargeMessageRetractionResolver,
    HandoversResolver,
    PaymentAgreementResolver,
    MedicationReconciliationService,
    MedicationReconciliationResolver,
    DischargeProcessReconciliationResolver,
    MedicationDiscrepancyResolver,
    TaskMedicationDiscrepancyResolver,
  ],
})
export class DischargesModule {}
