import { registerRowSchema, type RegisterRow, type RegisterRowInput } from '../../src/register/row.js';

/** A valid row: a natural person's request handed in on `submittedAt`, with whatever the test adds. */
export function row(extra: Partial<RegisterRowInput> = {}): RegisterRow {
  return registerRowSchema.parse({ id: 'T-1', applicantKey: 'P1', applicantType: 'naturalPerson', channel: 'inPerson', subject: '某项政府信息', ...extra });
}
