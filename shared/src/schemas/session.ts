import Type from 'typebox';

export const SessionSchema = Type.Object({
  readOnly: Type.Boolean({
    description: 'The server refuses every destructive route (403): show no destructive control.',
  }),
  authorized: Type.Boolean({
    description:
      'This browser holds the session cookie, so it may change things. When false, the person ' +
      'opens the URL the server printed at start-up (…/?token=…) once.',
  }),
});
export type Session = Type.Static<typeof SessionSchema>;
