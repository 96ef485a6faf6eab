import type { SerializedHostError } from './errors';

/** Messages on a host transport (WebSocket frames as JSON, or an in-memory pair). */
export type HostMessage =
  | { type: 'hello'; protocolVersion: number }
  | { type: 'welcome'; protocolVersion: number; clientId: string }
  | { type: 'request'; id: number; method: string; params: unknown }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: SerializedHostError }
  | { type: 'event'; name: string; payload: unknown };

/** Parses one raw frame; returns null for anything that is not a well-formed message. */
export function parseHostMessage(raw: unknown): HostMessage | null {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'hello':
    case 'welcome':
      if (typeof m.protocolVersion !== 'number') return null;
      if (m.type === 'welcome' && typeof m.clientId !== 'string') return null;
      return m as HostMessage;
    case 'request':
      if (!Number.isSafeInteger(m.id) || typeof m.method !== 'string') return null;
      return m as HostMessage;
    case 'response':
      if (!Number.isSafeInteger(m.id) || typeof m.ok !== 'boolean') return null;
      return m as HostMessage;
    case 'event':
      if (typeof m.name !== 'string') return null;
      return m as HostMessage;
    default:
      return null;
  }
}
