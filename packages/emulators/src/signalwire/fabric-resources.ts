import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireBasicAuth, type ProjectCredentials } from './basic-auth.js';
import { parseSwml, type SwmlDocument } from './swml-document.js';

/** One SWML script resource and its one address, `/public/{name}` (what `client.dial({to})` names). */
export interface SwmlResource {
  id: string;
  name: string;
  contents: string;
  document: SwmlDocument;
  addressId: string;
  addressName: string;
  createdAt: string;
  updatedAt: string;
}

const ERROR_CODES_URL = 'https://developer.signalwire.com/rest/signalwire-rest/overview/error-codes';

/** The Fabric API's error body, as its reference shows it: `{errors: [{type, code, message, attribute, url}]}`. */
export function fabricError(code: string, message: string, attribute: string | null) {
  return {
    errors: [{ type: code === 'unauthorized' ? 'authentication_error' : 'validation_error', code, message, attribute, url: `${ERROR_CODES_URL}#${code}` }]
  };
}

/** Resource names become address names: lower case, anything but letters, digits, `-` and `_` as `-`. */
function addressNameOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}

export class FabricResources {
  private readonly resources = new Map<string, SwmlResource>();

  list(): SwmlResource[] {
    return [...this.resources.values()];
  }

  get(id: string): SwmlResource | undefined {
    return this.resources.get(id);
  }

  /** The resource an SDK dial reaches: `/public/name` with or without `?channel=audio`. */
  byAddress(destination: string): SwmlResource | undefined {
    const [path] = destination.split('?');
    const match = /^\/public\/([^/]+)$/.exec(path ?? '');
    return match ? this.list().find((resource) => resource.addressName === match[1]) : undefined;
  }

  hasAddressId(id: string): boolean {
    return this.list().some((resource) => resource.addressId === id);
  }

  save(resource: SwmlResource): void {
    this.resources.set(resource.id, resource);
  }

  delete(id: string): boolean {
    return this.resources.delete(id);
  }

  nameTaken(name: string, exceptId?: string): boolean {
    return this.list().some((resource) => resource.id !== exceptId && resource.addressName === addressNameOf(name));
  }

  static create(name: string, contents: string, document: SwmlDocument): SwmlResource {
    const now = new Date().toISOString();
    return { id: randomUUID(), name, contents, document, addressId: randomUUID(), addressName: addressNameOf(name), createdAt: now, updatedAt: now };
  }
}

const bodySchema = z.looseObject({
  name: z.string().min(1).max(100).optional(),
  contents: z
    .string()
    .min(1)
    .max(256 * 1024)
    .optional()
});

function resourceBody(projectId: string, resource: SwmlResource) {
  return {
    id: resource.id,
    project_id: projectId,
    display_name: resource.name,
    type: 'swml_script',
    created_at: resource.createdAt,
    updated_at: resource.updatedAt,
    swml_script: {
      id: resource.id,
      contents: resource.contents,
      display_name: resource.name,
      request_url: `https://emulator.invalid/relay-bins/${resource.id}`
    }
  };
}

function addressBody(resource: SwmlResource) {
  const path = `/public/${resource.addressName}`;
  return {
    id: resource.addressId,
    resource_id: resource.id,
    name: resource.addressName,
    display_name: resource.name,
    type: 'app',
    cover_url: null,
    preview_url: null,
    channels: { audio: `${path}?channel=audio`, video: `${path}?channel=video`, messaging: `${path}?channel=messaging` }
  };
}

/**
 * `/api/fabric/resources/swml_scripts` (list, create, get, update, delete) and a resource's addresses,
 * the calls `pnpm signalwire:setup` makes. A script that is not valid SWML, or uses a method the emulator
 * does not run, is refused with 422 naming `contents`.
 */
export function registerFabricResourceRoutes(app: FastifyInstance, credentials: ProjectCredentials, store: FabricResources): void {
  const auth = requireBasicAuth(credentials, () => fabricError('unauthorized', 'Unauthorized', null));
  const base = '/api/fabric/resources';
  const page = (data: unknown[], path: string) => ({
    data,
    links: { self: `${path}?page_number=0&page_size=100`, first: `${path}?page_number=0&page_size=100`, next: null }
  });

  function invalid(reply: FastifyReply, message: string, attribute: string) {
    return reply.code(422).send(fabricError('invalid_parameter', message, attribute));
  }

  app.get(`${base}/swml_scripts`, { preHandler: auth }, async () =>
    page(
      store.list().map((resource) => resourceBody(credentials.projectId, resource)),
      `${base}/swml_scripts`
    )
  );

  app.post(`${base}/swml_scripts`, { preHandler: auth }, async (request, reply) => {
    const body = bodySchema.safeParse(request.body ?? {});
    if (!body.success || !body.data.name) return invalid(reply, 'name: is required', 'name');
    if (!body.data.contents) return invalid(reply, 'contents: is required', 'contents');
    if (store.nameTaken(body.data.name)) return invalid(reply, 'name: has already been taken', 'name');
    const parsed = parseSwml(body.data.contents);
    if (!parsed.ok) return invalid(reply, parsed.message, 'contents');
    const resource = FabricResources.create(body.data.name, body.data.contents, parsed.document);
    store.save(resource);
    return reply.code(201).send(resourceBody(credentials.projectId, resource));
  });

  app.get(`${base}/swml_scripts/:id`, { preHandler: auth }, async (request, reply) => {
    const resource = store.get((request.params as { id: string }).id);
    return resource ? resourceBody(credentials.projectId, resource) : reply.code(404).send(fabricError('not_found', 'Not Found', 'id'));
  });

  app.put(`${base}/swml_scripts/:id`, { preHandler: auth }, async (request, reply) => {
    const resource = store.get((request.params as { id: string }).id);
    if (!resource) return reply.code(404).send(fabricError('not_found', 'Not Found', 'id'));
    const body = bodySchema.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, 'body: is invalid', 'contents');
    const name = body.data.name ?? resource.name;
    if (store.nameTaken(name, resource.id)) return invalid(reply, 'name: has already been taken', 'name');
    let { contents, document } = resource;
    if (body.data.contents !== undefined) {
      const parsed = parseSwml(body.data.contents);
      if (!parsed.ok) return invalid(reply, parsed.message, 'contents');
      ({ document } = parsed);
      contents = body.data.contents;
    }
    const updated: SwmlResource = { ...resource, name, contents, document, updatedAt: new Date().toISOString() };
    store.save(updated);
    return resourceBody(credentials.projectId, updated);
  });

  app.delete(`${base}/swml_scripts/:id`, { preHandler: auth }, async (request, reply) =>
    store.delete((request.params as { id: string }).id) ? reply.code(204).send() : reply.code(404).send(fabricError('not_found', 'Not Found', 'id'))
  );

  app.get(`${base}/:id/addresses`, { preHandler: auth }, async (request, reply) => {
    const resource = store.get((request.params as { id: string }).id);
    return resource ? page([addressBody(resource)], `${base}/${resource.id}/addresses`) : reply.code(404).send(fabricError('not_found', 'Not Found', 'id'));
  });
}
