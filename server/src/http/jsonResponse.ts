/**
 * The API's answers: JSON bodies, never cached, and one error type whose code and sentence reach
 * the client as `{ error: { code, message } }` (the message is written for people). Codes, their
 * statuses and default sentences are the shared table `API_ERRORS`.
 */
import type http from 'node:http';
import { API_ERRORS, type ApiErrorBody, type ApiErrorCode } from '@riffboard/shared';

export class HttpError extends Error {
  readonly status: number;

  /** `message` defaults to the table's sentence for `code`. */
  constructor(
    readonly code: ApiErrorCode,
    message: string = API_ERRORS[code].message,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = API_ERRORS[code].status;
  }

  get body(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
