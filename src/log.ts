// Structured logs (pino). Anything that could hold a secret is redacted by path before it is written.
import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;

const redactedPaths = [
  'token',
  '*.token',
  'config.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
];

export interface LoggerOptions {
  level: string;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
  /** Strings that must never appear in a log line, such as the bot token; replaced wherever they occur. */
  secrets?: readonly string[];
}

export function createLogger({ level, destination, secrets = [] }: LoggerOptions): Logger {
  const present = secrets.filter((secret) => secret.length >= 8);
  const stream: DestinationStream = destination ?? pino.destination(1);
  const scrubbing: DestinationStream =
    present.length === 0
      ? stream
      : {
          write(line: string) {
            let safe = line;
            for (const secret of present) safe = safe.split(secret).join('[redacted]');
            stream.write(safe);
          },
        };
  return pino(
    { level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { app: 'sitrep' } },
    scrubbing,
  );
}
