import { z } from 'zod';
import type { HostEventName, HostEvents, HostMethod, ParamsOf } from './contract';
import { derivedEventSchemas, derivedRequestSchemas } from './slices/derived';
import { syncEventSchemas, syncRequestSchemas } from './slices/sync';
import { captureEventSchemas, captureRequestSchemas } from './slices/capture';
import { settingsEventSchemas, settingsRequestSchemas } from './slices/settings';
import { contactsEventSchemas, contactsRequestSchemas } from './slices/contacts';
import { peopleEventSchemas, peopleRequestSchemas } from './slices/people';
import { dataEventSchemas, dataRequestSchemas } from './slices/data';
import { migrationRequestSchemas } from './slices/migration';
import { trashEventSchemas, trashRequestSchemas } from './slices/trash';
import { replicaEventSchemas, replicaRequestSchemas } from './slices/replica';
import { searchEventSchemas, searchRequestSchemas } from './slices/search';

/**
 * Runtime shapes of every request's params. Hosts validate each call against these before
 * a handler runs, so a handler only ever sees well-formed input.
 */
const empty = z.object({}).strict();

export const requestSchemas: { [M in HostMethod]: z.ZodType<ParamsOf<M>> } = {
  'app.info': empty,
  'shell.openExternal': z.object({ url: z.string().min(1).max(4096) }).strict(),
  'notification.show': z
    .object({
      title: z.string().min(1).max(200),
      body: z.string().max(2000),
      tag: z.string().max(200).optional(),
    })
    .strict(),
  'window.readyToClose': empty,
  ...replicaRequestSchemas,
  ...derivedRequestSchemas,
  ...syncRequestSchemas,
  ...captureRequestSchemas,
  ...settingsRequestSchemas,
  ...migrationRequestSchemas,
  ...contactsRequestSchemas,
  ...peopleRequestSchemas,
  ...dataRequestSchemas,
  ...trashRequestSchemas,
  ...searchRequestSchemas,
};

export const eventSchemas: { [E in HostEventName]: z.ZodType<HostEvents[E]> } = {
  'notification.clicked': z.object({ tag: z.string().optional() }).strict(),
  'notification.bannerRequested': z
    .object({ title: z.string(), body: z.string(), tag: z.string().optional() })
    .strict(),
  'window.closeRequested': empty,
  ...replicaEventSchemas,
  ...derivedEventSchemas,
  ...syncEventSchemas,
  ...captureEventSchemas,
  ...settingsEventSchemas,
  ...contactsEventSchemas,
  ...peopleEventSchemas,
  ...dataEventSchemas,
  ...trashEventSchemas,
  ...searchEventSchemas,
};

export function isHostMethod(name: unknown): name is HostMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

export function isHostEventName(name: unknown): name is HostEventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(eventSchemas, name);
}
