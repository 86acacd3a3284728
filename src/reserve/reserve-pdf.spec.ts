import { Comparator, ObservationKind } from '../deterioration-plans/triggers';
import { formatPersonnummer, pdfText } from './reserve-pdf';
import { triggerText } from './reserve-snapshot';

describe('text for the PDF’s standard fonts (Windows-1252)', () => {
  it('keeps Swedish and the typographic marks the fonts have', () => {
    expect(pdfText('Åsa Ängström-Öberg, Lärkgatan 4 — “citat” ’ … • € é ü ß °C')).toBe('Åsa Ängström-Öberg, Lärkgatan 4 — “citat” ’ … • € é ü ß °C');
  });

  it('writes what the fonts lack plainly, or as "?", never as something else', () => {
    expect(pdfText('NEWS2 ≥ 5, SpO₂ ≤ 90 → ring')).toBe('NEWS2 >= 5, SpO? <= 90 -> ring');
    expect(pdfText('Mohammad محمد 🙂 漢')).toBe('Mohammad ???? ? ?');
    expect(pdfText('rad ett\r\nrad\ttvå')).toBe('rad ett\nrad två');
    // Decomposed å (a + ring) is composed first.
    expect(pdfText('Ha\u030akan')).toBe('Håkan');
  });

  it('shows a personnummer with its hyphen', () => {
    expect(formatPersonnummer('193804122244')).toBe('19380412-2244');
    expect(formatPersonnummer('x')).toBe('x');
  });
});

describe('a plan step’s trigger in Swedish words', () => {
  it.each([
    [
      { kind: 'MEASURED' as const, observation: ObservationKind.WEIGHT_CHANGE, comparator: Comparator.GTE, threshold: 2, overDays: 3 },
      'Viktförändring minst 2 kg på 3 dagar',
    ],
    [
      { kind: 'MEASURED' as const, observation: ObservationKind.WEIGHT_CHANGE, comparator: Comparator.LTE, threshold: -2.5, overDays: 1 },
      'Viktförändring högst -2,5 kg på 1 dag',
    ],
    [{ kind: 'MEASURED' as const, observation: ObservationKind.RESPIRATORY_RATE, comparator: Comparator.GT, threshold: 25 }, 'Andningsfrekvens över 25 /min'],
    [{ kind: 'MEASURED' as const, observation: ObservationKind.OXYGEN_SATURATION, comparator: Comparator.LT, threshold: 90 }, 'Syremättnad under 90 %'],
    [{ kind: 'MEASURED' as const, observation: ObservationKind.NEWS2, comparator: Comparator.GTE, threshold: 5 }, 'NEWS2 minst 5'],
    [{ kind: 'MEASURED' as const, observation: ObservationKind.TEMPERATURE, comparator: Comparator.GTE, threshold: 38.5 }, 'Temperatur minst 38,5 °C'],
    [{ kind: 'SIGN' as const, sign: '  Nytillkommen förvirring ' }, 'Nytillkommen förvirring'],
  ])('%j reads "%s"', (trigger, text) => {
    expect(triggerText(trigger)).toBe(text);
  });
});
