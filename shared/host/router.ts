import type { CallContext, HostHandlers, HostMethod } from './contract';
import { HostError } from './errors';
import { isHostMethod, requestSchemas } from './schemas';

/**
 * Validates a call (method name, then params against its schema) and runs its handler.
 * Both hosts (Electron IPC and the WebSocket host) go through this one function, so they
 * accept and refuse exactly the same input.
 */
export interface HostRouter {
  handle(method: unknown, params: unknown, ctx: CallContext): Promise<unknown>;
}

export function createHostRouter(handlers: HostHandlers): HostRouter {
  return {
    async handle(method, params, ctx) {
      if (!isHostMethod(method)) {
        throw new HostError('unknown_method', `Unknown request "${String(method).slice(0, 80)}".`);
      }
      const parsed = requestSchemas[method].safeParse(params ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
        throw new HostError('bad_request', `Invalid params for "${method}"${where}: ${issue?.message ?? 'malformed'}.`);
      }
      return callHandler(handlers, method, parsed.data, ctx);
    },
  };
}

function callHandler<M extends HostMethod>(
  handlers: HostHandlers,
  method: M,
  params: unknown,
  ctx: CallContext,
): Promise<unknown> {
  const handler = handlers[method] as (p: unknown, c: CallContext) => Promise<unknown>;
  return handler(params, ctx);
}
