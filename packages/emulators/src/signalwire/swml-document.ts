import { z } from 'zod';

/**
 * The SWML subset the emulator executes (docs/emulators-signalwire.md): `request`, `switch`, `cond`,
 * `set`, `connect` to one number, `hangup`, plus `answer` and `play`, which change nothing here. A script
 * using anything else is refused when the resource is created, so a test never passes on a method the
 * emulator silently skipped. JSON only: SignalWire also takes YAML, the emulator does not parse it.
 */
export type SwmlStep = Record<string, unknown>;

export interface SwmlDocument {
  version: string;
  sections: Record<string, SwmlStep[]>;
}

const HANGUP_REASONS = ['hangup', 'busy', 'decline'] as const;
export type HangupReason = (typeof HANGUP_REASONS)[number];

/**
 * `cond`'s `when`: SignalWire evaluates JavaScript; the emulator understands only a variable compared with a
 * quoted literal (`request_response.decision == 'allow'`, also `!=`, `===`, `!==`) or a bare variable
 * (truthy). Anything else is refused at creation rather than guessed at.
 */
export type Condition = { path: string; op: '==' | '!=' | 'truthy'; literal: string };
const CONDITION = /^\s*([A-Za-z_][\w.]*)\s*(?:(===?|!==?)\s*(?:'([^']*)'|"([^"]*)"))?\s*$/;

export function parseCondition(text: string): Condition | null {
  const match = CONDITION.exec(text);
  if (!match) return null;
  const [, path, op, single, double] = match;
  if (!op) return { path: path as string, op: 'truthy', literal: '' };
  return { path: path as string, op: op.startsWith('!') ? '!=' : '==', literal: single ?? double ?? '' };
}

const steps: z.ZodType<SwmlStep[]> = z.lazy(() => z.array(step));

const requestSchema = z.strictObject({
  url: z.string().min(1),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  timeout: z.number().positive().max(60).optional(),
  connect_timeout: z.number().positive().max(60).optional(),
  save_variables: z.boolean().optional()
});

const connectSchema = z.looseObject({
  to: z.string().min(1),
  from: z.string().optional(),
  timeout: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).optional(),
  answer_on_bridge: z.boolean().optional()
});

const METHODS: Record<string, z.ZodType> = {
  answer: z.union([z.looseObject({}), z.null()]),
  play: z.union([z.string(), z.looseObject({})]),
  set: z.record(z.string(), z.unknown()),
  request: requestSchema,
  switch: z.strictObject({ variable: z.string().min(1), case: z.record(z.string(), steps), default: steps.optional() }),
  cond: z
    .array(
      z.union([
        z.strictObject({
          when: z.string().refine((text) => parseCondition(text) !== null, "the emulator reads only `variable == 'literal'`, `!=`, or a bare variable"),
          then: steps
        }),
        z.strictObject({ else: steps })
      ])
    )
    .min(1),
  connect: connectSchema,
  hangup: z.union([z.strictObject({ reason: z.enum(HANGUP_REASONS).optional() }), z.enum(HANGUP_REASONS)])
};

const step: z.ZodType<SwmlStep> = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    ctx.addIssue({ code: 'custom', message: 'each step must be an object with exactly one method' });
    return;
  }
  const method = keys[0] as string;
  const schema = METHODS[method];
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: `unknown or unsupported method "${method}" (the emulator runs ${Object.keys(METHODS).join(', ')})` });
    return;
  }
  const parsed = schema.safeParse(value[method]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    ctx.addIssue({ code: 'custom', message: `${method}${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'is invalid'}` });
  }
});

const documentSchema = z.strictObject({
  version: z.string().min(1),
  sections: z.record(z.string(), steps).refine((sections) => Array.isArray(sections['main']), 'must have a main section')
});

export type ParseResult = { ok: true; document: SwmlDocument } | { ok: false; message: string };

/** Parses and checks a resource's `contents`; the message names where the script is wrong. */
export function parseSwml(contents: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(contents);
  } catch {
    return { ok: false, message: 'contents: is not valid JSON SWML (the emulator does not read YAML)' };
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `.${issue.path.join('.')}` : '';
    return { ok: false, message: `contents${where}: ${issue?.message ?? 'is not a SWML document'}` };
  }
  return { ok: true, document: parsed.data as SwmlDocument };
}
