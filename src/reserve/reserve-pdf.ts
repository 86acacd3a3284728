/**
 * The reserve snapshot as a printable PDF (A4, pdfkit): a cover page with the unit and the list of
 * patients, then each patient from a new page under a heading with name and personnummer, their
 * contacts, the signed deterioration plan (treatment limitations, steps, the whole contact ladder)
 * and the SIP's actions in force. Every page carries the unit, the time the snapshot was made
 * (Swedish time), "Reservutskrift — innehåller patientuppgifter" and its page number.
 *
 * The text is set in PDF's standard Helvetica, whose WinAnsi encoding (Windows-1252) covers
 * Swedish (å ä ö Å Ä Ö é ü …) but not every character: what it cannot show is written plainly
 * (≥ as >=) or as "?" (pdfText); the JSON file keeps the text exactly.
 */
import { stockholmDate } from '../common/calendar';
import PDFDocument from 'pdfkit';
import { OrganisationKind } from '../common/organisation-kind';
import {
  ACTION_KIND_LABELS,
  ACTION_STATUS_LABELS,
  HOURS_LABELS,
  PERFORMER_LABELS,
  PersonRef,
  RELATIONSHIP_LABELS,
  ReservePatient,
  ReserveSnapshot,
  UnitRef,
} from './reserve-snapshot';

export const RESERVE_PDF_BANNER = 'Reservutskrift — innehåller patientuppgifter';

const MARGIN = { top: 74, bottom: 58, left: 50, right: 50 };
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const OBLIQUE = 'Helvetica-Oblique';

/** Characters outside Windows-1252 that have a plain equivalent. */
const PLAIN: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '→': '->',
  '←': '<-',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\t': ' ',
};

/** The code points of Windows-1252 above Latin-1's control range (0x80–0x9F) that pdfkit's WinAnsi fonts draw. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text as the standard fonts can draw it: composed (NFC), with line breaks kept, characters with a
 * plain equivalent replaced (≥ → >=) and any other character outside Windows-1252 shown as "?".
 */
export function pdfText(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (PLAIN[ch] !== undefined) out += PLAIN[ch];
    else if (ch === '\n' || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === '\r') continue;
    else out += '?';
  }
  return out;
}

/** 193804122240 → 19380412-2240 */
export function formatPersonnummer(p: string): string {
  return /^\d{12}$/.test(p) ? `${p.slice(0, 8)}-${p.slice(8)}` : p;
}

function unitText(u: UnitRef | null): string {
  return u ? `${u.name} (${u.hsaId})` : 'okänd enhet';
}

function personText(p: PersonRef | null): string {
  return p ? `${p.name}, ${p.professionTitle.toLowerCase()} (${p.hsaId})` : 'okänd person';
}

/** The patient's name as the caseload shows it: withheld under protected identity without a direct relationship. */
export function patientHeading(p: ReservePatient): string {
  const pnr = formatPersonnummer(p.personnummer);
  if (p.identityWithheld) return `Skyddad identitet — ${pnr}`;
  return `${p.familyName ?? ''}, ${p.givenName ?? ''} — ${pnr}`;
}

const UNIT_KINDS: Record<string, string> = {
  [OrganisationKind.MUNICIPALITY]: 'kommunal hemsjukvård',
  [OrganisationKind.PRIMARY_CARE]: 'vårdcentral',
  [OrganisationKind.HOSPITAL]: 'sjukhus',
};

/** Renders the snapshot; resolves with the PDF file. */
export function renderReservePdf(s: ReserveSnapshot): Promise<Buffer> {
  const producedAt = new Date(s.producedAt);
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    margins: MARGIN,
    info: {
      Title: pdfText(`Reservutskrift ${s.unit.name}`),
      Author: 'Esther',
      Subject: pdfText(`Reservutskrift (reservrutin) för ${s.unit.name}, ${s.unit.hsaId}: innehåller patientuppgifter`),
      CreationDate: producedAt,
      ModDate: producedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const write = (text: string, font = FONT, size = 10, opts: PDFKit.Mixins.TextOptions = {}) =>
    doc
      .font(font)
      .fontSize(size)
      .text(pdfText(text), { width, ...opts });
  const space = (pt: number) => {
    doc.y += pt;
  };
  /** A new page unless `pt` points are left on this one (keeps a heading with what follows). */
  const keep = (pt: number) => {
    if (doc.y + pt > doc.page.height - MARGIN.bottom) doc.addPage();
  };
  const field = (label: string, value: string) => {
    doc
      .font(BOLD)
      .fontSize(10)
      .text(pdfText(`${label}: `), { width, continued: true });
    doc.font(FONT).text(pdfText(value), { width });
  };
  const bullet = (text: string, indent = 12) => {
    doc
      .font(FONT)
      .fontSize(10)
      .text(pdfText(`• ${text}`), MARGIN.left + indent, doc.y, { width: width - indent });
    doc.x = MARGIN.left;
  };
  const section = (title: string) => {
    keep(70);
    space(8);
    write(title, BOLD, 12);
    doc
      .moveTo(MARGIN.left, doc.y + 1)
      .lineTo(MARGIN.left + width, doc.y + 1)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    space(4);
  };

  // ---- the cover page ----
  write('Reservutskrift', BOLD, 22);
  write(s.unit.name, BOLD, 15);
  write(
    `${s.unit.hsaId}${UNIT_KINDS[s.unit.kind] ? `, ${UNIT_KINDS[s.unit.kind]}` : ''}${s.unit.municipalityCode ? `, kommunkod ${s.unit.municipalityCode}` : ''}`,
    FONT,
    10,
  );
  space(8);
  field('Framtagen', `${s.producedAtStockholm} svensk tid (Europe/Stockholm)`);
  field(
    'Patienter i utskriften',
    `${s.patientCount}${s.part > 1 || !s.complete ? ` (del ${s.part}${s.complete ? ', sista delen' : '; fler patienter finns i nästa del'})` : ''}`,
  );
  space(8);
  write(
    'För när tjänsten inte går att nå (reservrutin). Här finns, för varje patient i enhetens vård, kontaktuppgifter, fast vårdkontakt och fast läkarkontakt, den signerade handlingsplanen vid försämring med behandlingsbegränsningar och hela kontaktstegen, och insatserna i gällande SIP. Uppgifterna gäller vid tiden ovan: kontrollera mot tjänsten så snart den går att nå igen.',
    FONT,
    10,
  );
  space(4);
  write('Meddelanden som lämnas per telefon eller på papper under avbrottet förs in i tjänsten i efterhand, med den tid då de faktiskt gavs.', FONT, 10);
  space(4);
  write(
    'Utskriften innehåller patientuppgifter och omfattas av sekretess: förvara den inlåst och förstör den enligt enhetens rutin när en ny utskrift finns.',
    BOLD,
    10,
  );
  section(`Patienter (${s.patientCount})`);
  if (s.patients.length === 0) write('Enheten har inga patienter i sin vård just nu.', OBLIQUE, 10);
  s.patients.forEach((p, i) => write(`${i + 1}. ${patientHeading(p)}`, FONT, 10));

  // ---- one patient from each new page ----
  for (const p of s.patients) {
    doc.addPage();
    writePatient(p);
  }

  function writePatient(p: ReservePatient) {
    write(patientHeading(p), BOLD, 15);
    const relationships = p.careRelationships.map((k) => RELATIONSHIP_LABELS[k] ?? k).join(', ');
    write(`Född ${p.birthDate}${p.coordinationNumber ? ' (samordningsnummer)' : ''} · enhetens vårdrelation: ${relationships}`, FONT, 9);
    if (p.protectedIdentity) {
      space(2);
      write(
        p.identityWithheld
          ? 'Skyddad identitet: namn, adress, telefon och närstående visas bara för enheter som vårdar patienten direkt.'
          : 'Skyddad identitet: lämna inte ut namn, adress, telefon, närstående eller var personen vårdas.',
        BOLD,
        10,
      );
    }
    if (p.hasBlockedInformation) write('Patienten har spärrat uppgifter från en annan vårdgivare; de visas inte här.', OBLIQUE, 9);
    space(4);
    if (!p.identityWithheld) {
      field('Adress', p.address ?? 'saknas');
      field('Telefon', p.phone ?? 'saknas');
    }

    section('Kontakter');
    const e = p.enrollment;
    if (e) {
      field('Fast vårdkontakt', `${personText(e.namedNurse)}, ${unitText(e.municipality)}`);
      field('Fast läkarkontakt', `${personText(e.namedPhysician)}, ${unitText(e.primaryCareCentre)}`);
      field('Inskriven i hemsjukvården sedan', e.startDate);
    } else {
      write('Ingen pågående inskrivning i hemsjukvården: fast vårdkontakt och fast läkarkontakt är inte namngivna här.', OBLIQUE, 10);
    }
    if (p.nextOfKin) {
      if (p.nextOfKin.length === 0) field('Närstående', 'inga registrerade');
      else {
        write('Närstående:', BOLD, 10);
        for (const k of p.nextOfKin) bullet(`${k.name} (${k.relation})${k.phone ? `, tel ${k.phone}` : ''}${k.isRepresentative ? ', företrädare' : ''}`);
      }
    }

    section('Handlingsplan vid försämring');
    const d = p.deteriorationPlan;
    if (!d) {
      write('Ingen aktiv, signerad handlingsplan som enheten får se.', OBLIQUE, 10);
    } else {
      const signed = d.signedAt ? stockholmDate(new Date(d.signedAt)) : 'okänt datum';
      field('Version', `${d.planVersion}, signerad ${signed} av ${personText(d.signedBy)}, ${unitText(d.signedByUnit)}`);
      field('Omprövas', d.reviewDate ?? 'inget datum');
      if (d.dueForReview) write('OBS: omprövningsdatum har passerat. Planen gäller tills en ny signeras, men ska omprövas.', BOLD, 10);
      field('Tillstånd', d.conditions.join('; ') || 'inga angivna');
      keep(40);
      write('Behandlingsbegränsningar:', BOLD, 10);
      if (d.treatmentLimitations.length === 0) bullet('Inga beslutade behandlingsbegränsningar.');
      for (const l of d.treatmentLimitations) {
        const who = [l.patientTookPart ? 'patienten deltog' : 'patienten deltog inte', l.nextOfKinTookPart ? 'närstående deltog' : null]
          .filter(Boolean)
          .join(', ');
        bullet(`${l.label}${l.details ? `: ${l.details}` : ''} (beslutat ${l.decidedOn} av ${l.decidedBy}; ${who})`);
      }
      keep(40);
      write('Steg: när något av detta inträffar', BOLD, 10);
      for (const step of d.steps) {
        keep(30);
        write(`${step.order}. ${step.trigger.text}`, BOLD, 10, { indent: 12 });
        for (const a of step.actions)
          bullet(`${PERFORMER_LABELS[a.performer] ?? a.performer}: ${a.description}${a.asNeededMedication ? ` (vid behov: ${a.asNeededMedication})` : ''}`, 24);
      }
      keep(40);
      write('Kontaktstege (alla tider, i planens ordning):', BOLD, 10);
      if (d.contactLadder.length === 0) bullet('Ingen kontakt angiven.');
      d.contactLadder.forEach((c, i) => bullet(`${i + 1}. ${HOURS_LABELS[c.hours] ?? c.hours}: tel ${c.phone}, ${c.role}, ${c.name}`));
    }

    section('SIP (samordnad individuell plan): insatser i gällande version');
    const sip = p.carePlan;
    if (!sip) {
      write('Ingen gällande SIP som enheten får se.', OBLIQUE, 10);
    } else {
      field('Version', `${sip.versionNumber}, publicerad ${stockholmDate(new Date(sip.publishedAt))}`);
      field('Huvudansvar', unitText(sip.overallResponsibleUnit));
      field('Samordnare', sip.coordinator ? personText(sip.coordinator) : 'ingen angiven');
      field('Nästa uppföljning', sip.nextFollowUpDate ?? 'inget datum');
      keep(30);
      write('Vem gör vad:', BOLD, 10);
      if (sip.actions.length === 0) bullet('Inga insatser.');
      for (const a of sip.actions) {
        const who =
          a.performedBy ??
          [a.responsibleUnit ? unitText(a.responsibleUnit) : null, a.responsibleStaff ? personText(a.responsibleStaff) : null].filter(Boolean).join(', ');
        const when = `från ${a.startDate}${a.endDate ? ` till ${a.endDate}` : ''}`;
        bullet(
          `${a.description} (${ACTION_KIND_LABELS[a.kind] ?? a.kind}, ${ACTION_STATUS_LABELS[a.status] ?? a.status}, ${when}). Ansvarig: ${who || 'ingen angiven'}`,
        );
      }
    }
  }

  // ---- the header and footer of every page ----
  const range = doc.bufferedPageRange();
  const partNote = s.part > 1 || !s.complete ? ` · del ${s.part}` : '';
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the margins must not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const pageNo = `Sida ${i - range.start + 1} av ${range.count}`;
    doc
      .font(BOLD)
      .fontSize(9)
      .fillColor('#000000')
      .text(pdfText(RESERVE_PDF_BANNER), MARGIN.left, 28, { width: width - 90, lineBreak: false });
    doc
      .font(FONT)
      .fontSize(9)
      .text(pageNo, MARGIN.left + width - 90, 28, { width: 90, align: 'right', lineBreak: false });
    doc
      .font(FONT)
      .fontSize(8)
      .text(pdfText(`${s.unit.name} (${s.unit.hsaId}) · framtagen ${s.producedAtStockholm} svensk tid${partNote}`), MARGIN.left, 41, {
        width,
        lineBreak: false,
      });
    doc
      .moveTo(MARGIN.left, 54)
      .lineTo(MARGIN.left + width, 54)
      .lineWidth(0.5)
      .strokeColor('#000000')
      .stroke();
    doc
      .font(FONT)
      .fontSize(7)
      .text(
        pdfText('Innehåller patientuppgifter: förvara inlåst, förstör enligt enhetens rutin. Kontrollera mot tjänsten när den går att nå igen.'),
        MARGIN.left,
        doc.page.height - 36,
        {
          width,
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
