/**
 * The printable plan for the patient to keep at home (A4, pdfkit, in Swedish): what we agreed and
 * the goals, what matters to me, who does what, whom to call (the fast vårdkontakt, the contact
 * ladder of the active deterioration plan for daytime and out of hours, or else the SIP's named
 * contacts) and the next agreed time (the next SIP meeting, the next follow-up). Set in PDF's
 * standard Helvetica, whose WinAnsi encoding covers å ä ö (pdfText, as the reserve printout).
 */
import PDFDocument from 'pdfkit';
import { CarePlanMeetingPlace, CarePlanParticipantKind } from '../care-plans/care-plan.enums';
import { inStockholm, stockholmDate } from '../common/calendar';
import { ContactHours, ContactRecord } from '../deterioration-plans/deterioration-plan.entity';
import { formatPersonnummer, pdfText } from '../reserve/reserve-pdf';
import { actionDoer, ExportContent, StaffName, UnitName, versionState } from './plan-export-content';

export interface PrintoutContacts {
  /** Fast vårdkontakt of the active home healthcare enrollment, and their unit. */
  namedNurse: { staff: StaffName; unit: UnitName | null } | null;
  /** Fast läkarkontakt and their primary care centre. */
  namedPhysician: { staff: StaffName; unit: UnitName | null } | null;
  /** The contact ladder of the active, signed deterioration plan the caller may see; null without one. */
  ladder: ContactRecord[] | null;
}

export interface PrintoutNextTime {
  /** The next scheduled SIP meeting of the plan, if any. */
  meeting: { startsAt: Date; place: CarePlanMeetingPlace; placeNote: string | null } | null;
  /** The plan's follow-up date in force. */
  followUpDate: string | null;
}

export interface PrintoutData {
  content: ExportContent;
  contacts: PrintoutContacts;
  next: PrintoutNextTime;
  producedAt: Date;
}

const MARGIN = { top: 60, bottom: 60, left: 56, right: 56 };
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const OBLIQUE = 'Helvetica-Oblique';

const PLACE_SV: Record<CarePlanMeetingPlace, string> = {
  [CarePlanMeetingPlace.HOME]: 'hemma hos dig',
  [CarePlanMeetingPlace.UNIT]: 'på enheten',
  [CarePlanMeetingPlace.VIDEO]: 'via video',
};

const HOURS_SV: Record<ContactHours, string> = {
  [ContactHours.OFFICE_HOURS]: 'Dagtid (vardagar 08–17)',
  [ContactHours.OUT_OF_HOURS]: 'Kvällar, nätter och helger',
  [ContactHours.ALL_HOURS]: 'Alla tider',
};

const WEEKDAYS_SV = ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'];

/** "tisdag 15 december 2026 kl. 10.00" */
export function swedishDateTime(at: Date): string {
  const d = inStockholm(at);
  const months = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
  return `${WEEKDAYS_SV[d.weekday - 1]} ${d.day} ${months[d.month - 1]} ${d.year} kl. ${d.toFormat('HH.mm')}`;
}

/** The file name: "sip-version-2-20261201.pdf". */
export function printoutFileName(c: ExportContent, producedAt: Date): string {
  return `sip-version-${c.version.number}-${stockholmDate(producedAt).replace(/-/g, '')}.pdf`;
}

export function renderPrintoutPdf(d: PrintoutData): Promise<Buffer> {
  const c = d.content;
  const s = c.version.snapshot;
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    margins: MARGIN,
    info: {
      Title: pdfText('Min plan – samordnad individuell plan (SIP)'),
      Author: 'Esther',
      Subject: pdfText(`SIP version ${c.version.number}: innehåller personuppgifter`),
      CreationDate: d.producedAt,
      ModDate: d.producedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const write = (text: string, font = FONT, size = 11, opts: PDFKit.Mixins.TextOptions = {}) =>
    doc
      .font(font)
      .fontSize(size)
      .text(pdfText(text), { width, ...opts });
  const space = (pt: number) => {
    doc.y += pt;
  };
  const keep = (pt: number) => {
    if (doc.y + pt > doc.page.height - MARGIN.bottom) doc.addPage();
  };
  const bullet = (text: string) => {
    doc
      .font(FONT)
      .fontSize(11)
      .text(pdfText(`• ${text}`), MARGIN.left + 12, doc.y, { width: width - 12 });
    doc.x = MARGIN.left;
  };
  const section = (title: string) => {
    keep(70);
    space(10);
    write(title, BOLD, 14);
    space(3);
  };
  const unit = (id: string | null | undefined) => (id ? c.units.get(id) : undefined);

  // ---- heading ----
  write('Min plan', BOLD, 24);
  write('Samordnad individuell plan (SIP)', BOLD, 14);
  const p = c.patient;
  const who = p.identityVisible && (p.givenName || p.familyName) ? `${p.givenName ?? ''} ${p.familyName ?? ''}`.trim() : 'Skyddad identitet';
  write(`${who}, ${formatPersonnummer(p.personnummer)}`, FONT, 11);
  write(
    `Version ${c.version.number}, beslutad ${stockholmDate(c.version.publishedAt)}${versionState(c) === 'superseded' ? ' – obs: en senare version har ersatt den här' : ''}. Utskriven ${stockholmDate(d.producedAt)}.`,
    FONT,
    10,
  );

  section('Det här har vi kommit överens om');
  write(s.reason);
  section('Mina mål');
  if (!(s.goals ?? []).length) write('Inga mål är skrivna ännu.', OBLIQUE);
  for (const g of s.goals ?? []) bullet(g.text);

  section('Det här är viktigt för mig');
  write(p.whatMattersToMe ?? 'Inte antecknat i planen.', p.whatMattersToMe ? FONT : OBLIQUE);

  section('Vem gör vad');
  if (!(s.actions ?? []).length) write('Inga insatser är planerade.', OBLIQUE);
  for (const a of s.actions ?? []) bullet(`${a.description} – ${actionDoer(a, c)} (från ${a.startDate}${a.endDate ? ` till ${a.endDate}` : ''})`);

  section('Vem ringer jag?');
  write('Vid akut fara för liv och hälsa: ring 112.', BOLD);
  space(4);
  const named = (label: string, n: PrintoutContacts['namedNurse']) => {
    if (!n) return;
    const phone = n.staff.phone ? `, telefon ${n.staff.phone}` : '';
    bullet(`${label}: ${n.staff.name}, ${n.staff.professionTitle.toLowerCase()}${n.unit ? `, ${n.unit.name}` : ''}${phone}`);
  };
  named('Fast vårdkontakt', d.contacts.namedNurse);
  named('Fast läkarkontakt', d.contacts.namedPhysician);
  const ladder = d.contacts.ladder;
  if (ladder && ladder.length) {
    space(4);
    write('Om du blir sämre, ring i den här ordningen:', BOLD);
    for (const hours of [ContactHours.OFFICE_HOURS, ContactHours.OUT_OF_HOURS, ContactHours.ALL_HOURS]) {
      const rungs = ladder.filter((r) => r.hours === hours);
      if (!rungs.length) continue;
      keep(30);
      write(HOURS_SV[hours], BOLD, 11);
      rungs.forEach((r, i) => bullet(`${i + 1}. ${r.name} (${r.role}), telefon ${r.phone}`));
    }
  } else {
    // No deterioration plan: the SIP's own contacts (the coordinator and the named staff, with their work phone).
    const people: StaffName[] = [];
    const add = (id: string | null | undefined) => {
      const st = id ? c.staff.get(id) : undefined;
      if (st && !people.some((x) => x.id === st.id)) people.push(st);
    };
    add(s.coordinatorStaffId);
    for (const part of s.participants ?? []) if (part.kind === CarePlanParticipantKind.STAFF) add(part.staffId);
    if (people.length) {
      space(4);
      write('Kontaktpersoner i planen:', BOLD);
      for (const st of people) bullet(`${st.name}, ${st.professionTitle.toLowerCase()}${st.phone ? `, telefon ${st.phone}` : ''}`);
    }
    if (!people.length && !d.contacts.namedNurse) write('Ingen kontaktperson är angiven i planen.', OBLIQUE);
  }
  const overall = unit(s.overallResponsibleOrganisationId);
  if (overall) {
    space(4);
    write(`Huvudansvar för planen: ${overall.name}.`);
  }

  section('Nästa gång vi ses');
  const m = d.next.meeting;
  if (m) write(`SIP-möte ${swedishDateTime(m.startsAt)}, ${PLACE_SV[m.place] ?? ''}${m.placeNote ? ` (${m.placeNote})` : ''}.`);
  if (d.next.followUpDate) write(`Planen följs upp senast ${d.next.followUpDate}.`);
  if (!m && !d.next.followUpDate) write('Ingen tid är bokad ännu.', OBLIQUE);

  // ---- page numbers ----
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor('#000000')
      .text(pdfText(`Min plan (SIP) · version ${c.version.number} · sida ${i - range.start + 1} av ${range.count}`), MARGIN.left, doc.page.height - 36, {
        width,
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
