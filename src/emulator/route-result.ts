// What a REST route answers, and the error bodies several routes share.
export interface RouteResult {
  status: number;
  body?: unknown;
}

/** Discord's 404 for a missing entity: Unknown Channel (10003), Unknown Message (10008) and so on. */
export function unknownEntity(code: number, message: string): RouteResult {
  return { status: 404, body: { message, code } };
}

export function notFound(): RouteResult {
  return { status: 404, body: { message: '404: Not Found', code: 0 } };
}

export function missingAccess(): RouteResult {
  return { status: 403, body: { message: 'Missing Access', code: 50001 } };
}
