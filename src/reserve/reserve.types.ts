import { ArgsType, Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, Min, MaxLength } from 'class-validator';
import { Organisation } from '../organisations/organisation.entity';
import { RESERVE_SNAPSHOT_FORMAT_VERSION } from './reserve-snapshot';

/** Patients in one file of the reserve snapshot through the API, unless asked for fewer. */
export const RESERVE_PART_DEFAULT = 100;
/** …and never more (the answer carries the whole file; the command and the schedule write every patient in one file). */
export const RESERVE_PART_MAX = 200;

export enum ReserveSnapshotFormat {
  PDF = 'PDF',
  JSON = 'JSON',
}

registerEnumType(ReserveSnapshotFormat, {
  name: 'ReserveSnapshotFormat',
  description: 'The kind of file of a reserve snapshot (reservutskrift).',
  valuesMap: {
    PDF: {
      description:
        'A printable PDF (A4, application/pdf) in Swedish: each patient from a new page, every page headed with the unit, the time it was made (Swedish time), "Reservutskrift — innehåller patientuppgifter" and the page number.',
    },
    JSON: {
      description: `The same content as a machine-readable file (application/json, UTF-8): \`format\` "esther-reserve-snapshot" and \`formatVersion\` ${RESERVE_SNAPSHOT_FORMAT_VERSION}, the unit, the time, and the patients (README.md, "Reserve routine", documents the shape).`,
    },
  },
});

@ArgsType()
export class ReserveSnapshotArgs {
  @Field(() => ReserveSnapshotFormat, { description: 'PDF to print, or JSON for another system to keep.' })
  @IsEnum(ReserveSnapshotFormat)
  format: ReserveSnapshotFormat;

  @Field(() => Int, {
    nullable: true,
    defaultValue: RESERVE_PART_DEFAULT,
    description: `At most this many patients in this file, 1 to ${RESERVE_PART_MAX}, in the caseload’s order (family name, given name). A unit with more gets its snapshot in parts: pass \`nextPart\` as \`after\` for the next file.`,
  })
  @IsInt()
  @Min(1)
  @Max(RESERVE_PART_MAX)
  first: number = RESERVE_PART_DEFAULT;

  @Field(() => String, { nullable: true, description: 'The next part: the `nextPart` of the previous file. Leave out for the first (or only) part.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  after?: string | null;
}

@ObjectType('ReserveSnapshotFile', {
  description:
    'A reserve snapshot (reservutskrift) of your unit as one file, for the reserve routine (reservrutin) when the service cannot be reached: for every patient in the unit’s care (its care relationships, the same patients as its caseload) the name and personnummer (protected identity as in the caseload), address, phone, next of kin, the fast vårdkontakt and fast läkarkontakt, the active physician-signed deterioration plan (handlingsplan vid försämring) with its treatment limitations (behandlingsbegränsningar), steps and the whole contact ladder (kontaktstege), and the actions of the SIP version in force (never a draft). Making it writes one access-log row per patient included (purpose "reserve snapshot").',
})
export class ReserveSnapshotFileType {
  @Field(() => ReserveSnapshotFormat, { description: 'PDF or JSON.' })
  format: ReserveSnapshotFormat;
  @Field({ description: 'The media type: application/pdf or application/json.' })
  mediaType: string;
  @Field({
    description:
      'A file name to save it under, e.g. "reservutskrift-SE2120000530-1001-20261116-0300.pdf" (the unit’s HSA-id and the Swedish time it was made; "-del-2" for a later part).',
  })
  fileName: string;
  @Field({ description: 'The file itself, base64-encoded (RFC 4648, with padding).' })
  contentBase64: string;
  @Field(() => Int, { description: 'The size of the file in bytes (decoded).' })
  byteSize: number;
  @Field({ description: 'SHA-256 of the file (decoded), in lower-case hex, to check a copy against.' })
  sha256: string;
  @Field({ description: 'When the snapshot was read: the content is as it stood then. The file shows it in Swedish time (Europe/Stockholm).' })
  producedAt: Date;
  @Field(() => Organisation, { description: 'The unit the snapshot is for: the organisation you act in.' })
  unit: Organisation;
  @Field(() => Int, { description: 'How many patients this file holds.' })
  patientCount: number;
  @Field(() => Int, { description: '1 for the first file; 2, 3, … for the parts that follow when the unit has more patients than `first`.' })
  part: number;
  @Field(() => String, {
    nullable: true,
    description: 'Null when this file holds the unit’s last patients; otherwise pass it as `after` to get the next part.',
  })
  nextPart: string | null;
  @Field(() => Int, { description: `The version of the JSON file’s shape (\`formatVersion\` in the file): ${RESERVE_SNAPSHOT_FORMAT_VERSION}.` })
  formatVersion: number;
}
