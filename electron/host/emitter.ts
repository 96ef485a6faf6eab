import type { HostEventName, HostEvents } from '../../shared/host/contract';

/** How handlers reach clients: each host maps this onto its windows or sockets. */
export interface HostEmitter {
  /** One client; a client that is gone is skipped, not an error. */
  emitTo<E extends HostEventName>(clientId: string, event: E, payload: HostEvents[E]): void;
  /** Every connected client. */
  emitAll<E extends HostEventName>(event: E, payload: HostEvents[E]): void;
}
