import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { notFound } from '../common/errors';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationKind } from '../common/organisation-kind';
import { SetPaymentAgreementInput } from './dto/process.input';
import { MunicipalityPaymentAgreement } from './handover.entity';
import { agreementView, PaymentAgreementType } from './handover.types';

/**
 * Per-municipality payment agreements. Seeded with the demo data; an ADMIN of the municipality sets
 * its own (the agreed terms of the regional agreement). A process takes the terms in force when it
 * opens, so a later change never rewrites what earlier stays cost.
 */
@Injectable()
export class PaymentAgreementService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(municipalityId: string): Promise<PaymentAgreementType> {
    const org = await this.ds.getRepository(Organisation).findOneBy({ id: municipalityId });
    if (!org || org.kind !== OrganisationKind.MUNICIPALITY) throw notFound('Municipality');
    return agreementView(municipalityId, await this.ds.getRepository(MunicipalityPaymentAgreement).findOneBy({ municipalityId }));
  }

  async set(actor: Actor, input: SetPaymentAgreementInput): Promise<PaymentAgreementType> {
    // Only a municipality's staff get here (declared in the policy, refused by the guard).
    return this.ds.transaction(async (m) => {
      await m
        .getRepository(MunicipalityPaymentAgreement)
        .upsert(
          { municipalityId: actor.organisationId, agreedDays: input.agreedDays, dailyAmountSek: input.dailyAmountSek ?? null, updatedByStaffId: actor.staffId },
          ['municipalityId'],
        );
      await this.audit.record(
        actor,
        [
          {
            operation: 'setPaymentAgreement',
            details: { municipalityId: actor.organisationId, agreedDays: input.agreedDays, dailyAmountSek: input.dailyAmountSek ?? null },
          },
        ],
        m,
      );
      return agreementView(actor.organisationId, await m.getRepository(MunicipalityPaymentAgreement).findOneByOrFail({ municipalityId: actor.organisationId }));
    });
  }
}
