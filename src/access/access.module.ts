import { Global, Module } from '@nestjs/common';
import { PatientGate } from './patient-gate';

@Global()
@Module({ providers: [PatientGate], exports: [PatientGate] })
export class AccessModule {}
