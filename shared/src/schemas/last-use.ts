import Type from 'typebox';
import { Nullable } from './nullable.js';
import { StringEnum } from './string-enum.js';

/*
 * "Unused for N days" and what it rests on. The engine records no last use: the server records
 * container use from the moment it first watches an engine, so on day one the record alone
 * proves nothing about N days. What else is known is given beside it (when the image was made,
 * when it was last tagged here, that no container uses it now), and each answer says which
 * of the two it rests on.
 */

const DateTime = Type.String({ format: 'date-time' });
const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });

export const UnusedBasisSchema = StringEnum(
  {
    recorded: 'Only images the record shows unused for N days (what the prune kind uses).',
    'recorded-or-age':
      'Those, and images no container was seen using in the recorded time that were created ' +
      'and last tagged at least N days ago.',
  },
  { description: 'What "unused for N days" may rest on; default "recorded".' },
);
export type UnusedBasis = Type.Static<typeof UnusedBasisSchema>;

export const IdleEvidenceSchema = Type.Object({
  id: Sha256Id,
  basis: StringEnum({
    recorded: 'The record shows no container using it for N days (from `since`).',
    age:
      'Not seen used in the recorded time, which is shorter than N days; created and last ' +
      'tagged at least N days ago (`since`, the later of the two). Use before the record ' +
      'began is not known.',
  }),
  since: Type.String({
    format: 'date-time',
    description: 'The time the N days count from, under `basis`.',
  }),
  firstSeen: Nullable(DateTime, {
    description: 'When the server first saw the image: container use of it is recorded since.',
  }),
  lastUsed: Nullable(DateTime, {
    description: 'When a container was last created or started from it, as recorded; null: never.',
  }),
  created: Type.String({ format: 'date-time', description: 'The image config’s Created.' }),
  lastTagTime: Nullable(DateTime, {
    description: 'The engine’s Metadata.LastTagTime (a pull, build or tag here); null: never.',
  }),
  containers: Type.Integer({
    minimum: 0,
    description: 'Containers (any state) that use it now: 0 for every image listed here.',
  }),
});
export type IdleEvidence = Type.Static<typeof IdleEvidenceSchema>;

export const UnusedAnswerSchema = Type.Object({
  days: Type.Integer({ minimum: 1 }),
  basis: UnusedBasisSchema,
  asOf: Type.String({ format: 'date-time', description: 'The time the days were counted to.' }),
  recordedDays: Type.Number({
    minimum: 0,
    description: 'Days from lastUseKnownSince to asOf: how long container use has been recorded.',
  }),
  evidence: Type.Array(IdleEvidenceSchema, { description: 'One per image listed, same order.' }),
});
export type UnusedAnswer = Type.Static<typeof UnusedAnswerSchema>;
