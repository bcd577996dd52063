import { z } from 'zod';
import {
  addFactBody,
  asOfQuery,
  closeFactBody,
  createPersonBody,
  listPersonsQuery,
  personDetail,
  personsPage,
  revealBody,
  revealResponse,
  updatePersonBody,
} from '../../../contracts/api/persons.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { entityRoutes } from '../../platform/http/routes.ts';
import type { App } from '../../platform/http/types.ts';
import {
  addFact,
  closeFact,
  createPerson,
  getPerson,
  listPersons,
  revealIdentity,
  updatePerson,
} from './registry.service.ts';

const tags = ['registry'];
const idParams = z.object({ id: z.string().uuid({ message: 'PERSON_NOT_FOUND' }) });
const factParams = idParams.extend({ factId: z.string().uuid({ message: 'FACT_NOT_FOUND' }) });

export function registryRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/persons',
    {
      schema: {
        tags,
        summary: 'Search residents in the caller’s area',
        querystring: listPersonsQuery,
        response: { 200: personsPage },
      },
    },
    async (req) => listPersons(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/persons',
    { schema: { tags, body: createPersonBody, response: { 201: personDetail } } },
    async (req, reply) => reply.status(201).send(await createPerson(ctx, requireActor(req), req.body)),
  );
  const person = entityRoutes(app, ctx, { tags, params: idParams, response: personDetail });
  person.get(
    '/api/persons/:id',
    { summary: 'A resident with household and facts (as of a date when given)', query: asOfQuery },
    (ctx, actor, id, query) => getPerson(ctx, actor, id, query.asOf),
  );
  person.patch('/api/persons/:id', { body: updatePersonBody }, updatePerson);
  app.post(
    '/api/persons/:id/reveal',
    {
      schema: {
        tags,
        summary: 'Full ID number and phone; audited',
        params: idParams,
        body: revealBody,
        response: { 200: revealResponse },
      },
    },
    async (req) => revealIdentity(ctx, requireActor(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/persons/:id/facts',
    { schema: { tags, params: idParams, body: addFactBody, response: { 201: personDetail } } },
    async (req, reply) =>
      reply.status(201).send(await addFact(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.post(
    '/api/persons/:id/facts/:factId/close',
    { schema: { tags, params: factParams, body: closeFactBody, response: { 200: personDetail } } },
    async (req) =>
      closeFact(ctx, requireActor(req), req.params.id, req.params.factId, req.body.validTo, req.body.reason),
  );
}
