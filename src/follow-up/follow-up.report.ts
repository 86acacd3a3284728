import { STOCKHOLM } from '../common/calendar';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationKind } from '../common/organisation-kind';
import { SUPPRESSION_THRESHOLD } from './cells';
import { cellRows, CsvRow } from './csv';
import { FollowUpCellType, FollowUpComparisonRowType, FollowUpComparisonType, FollowUpIndicatorDefinitionType, FollowUpReportType } from './follow-up.types';
import { IndicatorDefinition, INDICATORS } from './indicators';
import { GroupDim, indicatorCell, indicatorCells, MetricTable } from './measure';
import { Bucket, ResolvedPeriod } from './period';

/** Turns the metric table into the answers (and CSV rows). Pure. */

const definitionOf = (d: IndicatorDefinition): FollowUpIndicatorDefinitionType => ({
  code: d.code,
  nameSv: d.nameSv,
  nameEn: d.nameEn,
  definition: d.definition,
  unit: d.unit,
  numerator: d.numerator,
  denominator: d.denominator,
});

function cellOf(def: IndicatorDefinition, table: MetricTable, dim: GroupDim, orgId: string | null, bucket: Bucket): FollowUpCellType {
  return { month: bucket.month, from: bucket.from, to: bucket.to, ...indicatorCell(def, table.get(dim, orgId, bucket.key)) };
}

const periodFields = (p: ResolvedPeriod) => ({
  from: p.from,
  to: p.to,
  requestedTo: p.requestedTo,
  asOf: p.asOf,
  timeZone: STOCKHOLM,
  suppressionThreshold: SUPPRESSION_THRESHOLD,
});

export function scopeDescription(municipality: Organisation | null, centre: Organisation | null, team: Organisation | null = null): string {
  if (team) {
    const others = [municipality, centre].filter((o): o is Organisation => !!o).map((o) => o.name);
    return others.length ? `${team.name} med ${others.join(' och ')}: gemensamma patienter i vårdteamet` : `${team.name}: inskrivna patienter i vårdteamet`;
  }
  if (municipality && centre) return `${municipality.name} och ${centre.name}: gemensamma patienter`;
  if (municipality) return `${municipality.name}: alla inskrivna patienter`;
  if (centre) return `${centre.name}: alla inskrivna patienter`;
  return 'Alla inskrivna patienter';
}

export function buildReport(
  period: ResolvedPeriod,
  table: MetricTable,
  municipality: Organisation | null,
  centre: Organisation | null,
  team: Organisation | null = null,
): FollowUpReportType {
  return {
    ...periodFields(period),
    scope: { municipality, primaryCareCentre: centre, team, description: scopeDescription(municipality, centre, team) },
    indicators: INDICATORS.map((d) => {
      const cells = indicatorCells(
        d,
        table.get('SCOPE', null, period.total.key),
        period.months.map((b) => table.get('SCOPE', null, b.key)),
      );
      const at = (b: Bucket) => ({ month: b.month, from: b.from, to: b.to });
      return {
        code: d.code,
        definition: definitionOf(d),
        total: { ...at(period.total), ...cells.total },
        months: period.months.map((b, i) => ({ ...at(b), ...cells.months[i] })),
      };
    }),
  };
}

export function buildComparison(period: ResolvedPeriod, table: MetricTable, organisations: readonly Organisation[]): FollowUpComparisonType {
  const rows = (kind: OrganisationKind, dim: GroupDim): FollowUpComparisonRowType[] =>
    organisations
      .filter((o) => o.kind === kind)
      .sort((a, b) => a.name.localeCompare(b.name, 'sv') || a.id.localeCompare(b.id))
      .map((o) => ({
        organisation: o,
        values: INDICATORS.map((d) => ({ code: d.code, definition: definitionOf(d), cell: cellOf(d, table, dim, o.id, period.total) })),
      }));
  return {
    ...periodFields(period),
    indicators: INDICATORS.map(definitionOf),
    municipalities: rows(OrganisationKind.MUNICIPALITY, 'MUNICIPALITY'),
    primaryCareCentres: rows(OrganisationKind.PRIMARY_CARE, 'PRIMARY_CARE'),
  };
}

const hasDistribution = (code: string) => INDICATORS.find((d) => d.code === code)?.measure.kind === 'MEAN_SCORE';

export function reportCsvRows(r: FollowUpReportType): CsvRow[] {
  const { municipality, primaryCareCentre, team } = r.scope;
  const home = municipality && primaryCareCentre ? 'MUNICIPALITY_AND_PRIMARY_CARE' : municipality ? 'MUNICIPALITY' : primaryCareCentre ? 'PRIMARY_CARE' : null;
  const scopeKind = team ? (home ? `TEAM_AND_${home}` : 'TEAM') : (home ?? 'PRIMARY_CARE');
  return r.indicators.flatMap((i) =>
    [i.total, ...i.months].flatMap((c) =>
      cellRows(
        { scopeKind, scope: r.scope.description, from: c.from, to: c.to, month: c.month, code: i.code, name: i.definition.nameSv, unit: i.definition.unit },
        c,
        hasDistribution(i.code),
      ),
    ),
  );
}

export function comparisonCsvRows(c: FollowUpComparisonType): CsvRow[] {
  const group = (rows: FollowUpComparisonRowType[], scopeKind: string) =>
    rows.flatMap((row) =>
      row.values.flatMap((v) =>
        cellRows(
          {
            scopeKind,
            scope: row.organisation.name,
            from: v.cell.from,
            to: v.cell.to,
            month: null,
            code: v.code,
            name: v.definition.nameSv,
            unit: v.definition.unit,
          },
          v.cell,
          hasDistribution(v.code),
        ),
      ),
    );
  return [...group(c.municipalities, 'MUNICIPALITY'), ...group(c.primaryCareCentres, 'PRIMARY_CARE')];
}
