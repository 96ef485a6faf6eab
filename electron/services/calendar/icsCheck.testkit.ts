/**
 * A checker for the RFC 5545 rules ical.js does not enforce (measured: it accepts LF-only line
 * ends, missing UID/DTSTAMP/PRODID/VERSION, "2024-02-30" dates and unescaped commas). Written
 * for the tests, strict on purpose: it returns every problem found, with its line number.
 */

export interface IcsLine {
  name: string;
  params: Record<string, string>;
  value: string;
  /** First physical line (1-based). */
  at: number;
}

const TEXT_PROPS = new Set(['SUMMARY', 'UID', 'PRODID', 'DESCRIPTION', 'LOCATION', 'X-WR-CALNAME', 'CATEGORIES']);
const RRULES = new Set(['FREQ=YEARLY', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1']);

/** Splits into physical lines, checking CRLF and octet lengths; then unfolds into content lines. */
export function checkIcs(bytes: Uint8Array | string): { problems: string[]; lines: IcsLine[] } {
  const raw = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const problems: string[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { problems: ['not valid UTF-8'], lines: [] };
  }
  if (text.charCodeAt(0) === 0xfeff) problems.push('starts with a byte order mark');
  if (!text.endsWith('\r\n')) problems.push('does not end with CRLF');
  // Every LF must follow a CR and every CR precede an LF.
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' && text[i - 1] !== '\r') problems.push(`bare LF at offset ${i}`);
    if (text[i] === '\r' && text[i + 1] !== '\n') problems.push(`bare CR at offset ${i}`);
  }
  const physical = text.split('\r\n');
  if (physical[physical.length - 1] === '') physical.pop();
  const enc = new TextEncoder();
  const logical: { text: string; at: number }[] = [];
  physical.forEach((line, i) => {
    const octets = enc.encode(line).length;
    if (octets > 75) problems.push(`line ${i + 1} is ${octets} octets (more than 75)`);
    if (line === '') problems.push(`line ${i + 1} is empty`);
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (logical.length === 0) problems.push(`line ${i + 1} continues nothing`);
      else logical[logical.length - 1]!.text += line.slice(1);
    } else logical.push({ text: line, at: i + 1 });
  });
  const lines: IcsLine[] = [];
  for (const { text: l, at } of logical) {
    const m = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^;:,"]*))*):(.*)$/s.exec(l);
    if (!m) {
      problems.push(`line ${at} is not NAME[;PARAM=V]:VALUE`);
      continue;
    }
    const params: Record<string, string> = {};
    for (const p of (m[2] ?? '').split(';').slice(1)) {
      const eq = p.indexOf('=');
      params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1);
    }
    lines.push({ name: m[1]!.toUpperCase(), params, value: m[3] ?? '', at });
  }
  problems.push(...checkStructure(lines));
  return { problems, lines };
}

function checkStructure(lines: IcsLine[]): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let calendars = 0;
  let calendarProps: IcsLine[] = [];
  let event: IcsLine[] | null = null;
  const uids = new Set<string>();
  for (const line of lines) {
    if (TEXT_PROPS.has(line.name)) problems.push(...checkText(line));
    if (line.name === 'BEGIN') {
      stack.push(line.value);
      if (line.value === 'VCALENDAR') {
        calendars++;
        calendarProps = [];
      } else if (line.value === 'VEVENT') event = [];
      continue;
    }
    if (line.name === 'END') {
      const open = stack.pop();
      if (open !== line.value) problems.push(`line ${line.at}: END:${line.value} closes ${open ?? 'nothing'}`);
      if (line.value === 'VEVENT' && event) {
        problems.push(...checkEvent(event, line.at, uids));
        event = null;
      }
      if (line.value === 'VCALENDAR') problems.push(...checkCalendar(calendarProps));
      continue;
    }
    if (stack.length === 0) problems.push(`line ${line.at}: ${line.name} outside any component`);
    else if (event) event.push(line);
    else if (stack[stack.length - 1] === 'VCALENDAR') calendarProps.push(line);
  }
  if (stack.length > 0) problems.push(`${stack.join(', ')} not closed`);
  if (calendars !== 1) problems.push(`${calendars} VCALENDAR objects (expected 1)`);
  return problems;
}

function checkCalendar(props: IcsLine[]): string[] {
  const problems: string[] = [];
  const one = (name: string) => props.filter((p) => p.name === name);
  if (one('VERSION').length !== 1 || one('VERSION')[0]!.value !== '2.0') problems.push('VCALENDAR needs exactly one VERSION:2.0');
  if (one('PRODID').length !== 1 || !one('PRODID')[0]!.value) problems.push('VCALENDAR needs exactly one PRODID');
  if (one('CALSCALE').length > 1 || (one('CALSCALE')[0] && one('CALSCALE')[0]!.value !== 'GREGORIAN')) problems.push('CALSCALE is not GREGORIAN');
  return problems;
}

function checkEvent(props: IcsLine[], end: number, uids: Set<string>): string[] {
  const problems: string[] = [];
  const where = `VEVENT ending on line ${end}`;
  const all = (name: string) => props.filter((p) => p.name === name);
  const uid = all('UID');
  if (uid.length !== 1 || !uid[0]!.value) problems.push(`${where}: needs exactly one UID`);
  else if (uids.has(uid[0]!.value)) problems.push(`${where}: UID ${uid[0]!.value} used twice`);
  else uids.add(uid[0]!.value);
  const stamp = all('DTSTAMP');
  if (stamp.length !== 1) problems.push(`${where}: needs exactly one DTSTAMP`);
  else if (!validUtcStamp(stamp[0]!.value)) problems.push(`${where}: DTSTAMP ${stamp[0]!.value} is not a UTC date-time`);
  const start = all('DTSTART');
  if (start.length !== 1) problems.push(`${where}: needs exactly one DTSTART`);
  else {
    const s = start[0]!;
    if (s.params.VALUE !== 'DATE') problems.push(`${where}: DTSTART is not VALUE=DATE`);
    if (!validDate(s.value)) problems.push(`${where}: DTSTART ${s.value} is not a real day`);
    else if (Number(s.value.slice(0, 4)) < 1900) problems.push(`${where}: DTSTART ${s.value} is before 1900`);
    const endDate = all('DTEND');
    if (endDate.length > 1) problems.push(`${where}: more than one DTEND`);
    if (endDate[0]) {
      if (endDate[0].params.VALUE !== 'DATE') problems.push(`${where}: DTEND is not VALUE=DATE`);
      if (!validDate(endDate[0].value) || (validDate(s.value) && endDate[0].value !== nextDay(s.value))) problems.push(`${where}: DTEND ${endDate[0].value} is not the day after DTSTART`);
    }
  }
  const rrule = all('RRULE');
  if (rrule.length > 1) problems.push(`${where}: more than one RRULE`);
  if (rrule[0] && !RRULES.has(rrule[0].value)) problems.push(`${where}: unexpected RRULE ${rrule[0].value}`);
  if (all('SUMMARY').length !== 1) problems.push(`${where}: needs exactly one SUMMARY`);
  return problems;
}

/** TEXT (§3.3.11): `;` and `,` only escaped, `\` only before `\ ; , n N`, no control characters. */
function checkText(line: IcsLine): string[] {
  const problems: string[] = [];
  const v = line.value;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\') {
      if (!/[\\;,nN]/.test(v[i + 1] ?? '')) problems.push(`line ${line.at}: ${line.name} has a stray backslash`);
      i++;
    } else if (c === ';' || c === ',') problems.push(`line ${line.at}: ${line.name} has an unescaped "${c}"`);
    else if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(c)) problems.push(`line ${line.at}: ${line.name} has a control character`);
  }
  return problems;
}

export function validDate(value: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3])));
  d.setUTCFullYear(Number(m[1]));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function validUtcStamp(value: string): boolean {
  const m = /^(\d{8})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return !!m && validDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 61;
}

function nextDay(value: string): string {
  const d = new Date(Date.UTC(2000, Number(value.slice(4, 6)) - 1, Number(value.slice(6, 8)) + 1));
  d.setUTCFullYear(Number(value.slice(0, 4)), Number(value.slice(4, 6)) - 1, Number(value.slice(6, 8)) + 1);
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}
