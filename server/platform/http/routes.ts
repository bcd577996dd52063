import type { FastifySchema } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../access.ts';
import type { Ctx } from '../context.ts';
import { requireActor } from './auth.ts';
import type { App } from './types.ts';

type Input<S> = S extends z.ZodType ? z.output<S> : undefined;
/** A service call on one entity: `(ctx, actor, id)`, with the request's query or body last. */
type Run<I, T> = (ctx: Ctx, actor: Actor, id: string, input: I) => Promise<T>;
type Read<T> = (ctx: Ctx, actor: Actor, id: string) => Promise<T>;

/** An endpoint with no input, or with a query (GET) or a body (POST, PATCH) and a summary. */
interface Endpoint<In extends 'query' | 'body', T> {
  (url: string, run: Read<T>): void;
  <S extends z.ZodType | undefined = undefined>(
    url: string,
    spec: { summary?: string } & { [K in In]?: S },
    run: Run<Input<S>, T>,
  ): void;
}

export interface EntityEndpoints<T> {
  get: Endpoint<'query', T>;
  post: Endpoint<'body', T>;
  patch: Endpoint<'body', T>;
}

type Spec = { summary?: string; query?: z.ZodType; body?: z.ZodType };

/**
 * The endpoints of one entity addressed by `:id`: its page and the commands on it. Each parses
 * the id (with the entity's not-found code), requires a signed-in actor, calls one service with
 * `(ctx, actor, id, query or body)` and answers 200 with the entity as it now stands, so all of
 * them share one params schema and one response schema. The url stays written out in full at
 * each endpoint.
 */
export function entityRoutes<R extends z.ZodType>(
  app: App,
  ctx: Ctx,
  entity: { tags: string[]; params: z.ZodType<{ id: string }>; response: R },
): EntityEndpoints<z.input<R>> {
  const add =
    (method: 'GET' | 'POST' | 'PATCH') =>
    (url: string, ...args: [Read<unknown>] | [Spec, Run<unknown, unknown>]) => {
      const [spec, run]: [Spec, Run<unknown, unknown>] = args.length === 1 ? [{}, args[0]] : args;
      const { summary, query, body } = spec;
      const schema: FastifySchema = {
        tags: entity.tags,
        ...(summary ? { summary } : {}),
        params: entity.params,
        ...(query ? { querystring: query } : {}),
        ...(body ? { body } : {}),
        response: { 200: entity.response },
      };
      // The answer's type is checked where the endpoint is declared (EntityEndpoints).
      app.route({
        method,
        url,
        schema,
        handler: async (req) =>
          run(
            ctx,
            requireActor(req),
            (req.params as { id: string }).id,
            body ? req.body : query ? req.query : undefined,
          ),
      });
    };
  return { get: add('GET'), post: add('POST'), patch: add('PATCH') } as EntityEndpoints<z.input<R>>;
}
