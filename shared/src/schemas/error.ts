import Type from 'typebox';

/** Every error the API returns has this one shape, whatever failed. */
export const ApiErrorSchema = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    error: Type.String({ description: 'HTTP reason phrase, e.g. "Not Found".' }),
    code: Type.String({
      description: 'Stable machine-readable code, e.g. IMAGE_NOT_FOUND or ENGINE_UNREACHABLE.',
    }),
    message: Type.String({ description: 'What went wrong and what to do about it.' }),
  },
  { title: 'ApiError' },
);
export type ApiError = Type.Static<typeof ApiErrorSchema>;
