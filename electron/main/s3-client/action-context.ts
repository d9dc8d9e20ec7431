// Ties SDK requests to the app action that caused them. The action id travels in AsyncLocalStorage rather
// than per command, so commands issued inside lib-storage's Upload (CreateMultipartUpload, UploadPart,
// CompleteMultipartUpload) carry it too. A build-step middleware copies it into the
// `x-bucketscope-action-id` header before signing, and notes which S3 commands ran for the action.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BuildHandler, BuildHandlerArguments, BuildMiddleware, HandlerExecutionContext, MetadataBearer } from '@smithy/types';
import { HttpRequest } from '@smithy/protocol-http';
import { ACTION_ID_HEADER } from '../../shared/bucket-event.ts';

export interface ActionContext {
  actionId: string;
  /** SDK command names sent while the action ran, e.g. 'CompleteMultipartUploadCommand'. */
  commands: string[];
}

const storage = new AsyncLocalStorage<ActionContext>();

export function runInAction<T>(actionId: string, fn: (context: ActionContext) => Promise<T>): Promise<T> {
  const context: ActionContext = { actionId, commands: [] };
  return storage.run(context, () => fn(context));
}

export function currentAction(): ActionContext | undefined {
  return storage.getStore();
}

export const actionIdMiddleware: BuildMiddleware<object, MetadataBearer> =
  (next: BuildHandler<object, MetadataBearer>, context: HandlerExecutionContext) => async (args: BuildHandlerArguments<object>) => {
    const action = storage.getStore();
    if (action && HttpRequest.isInstance(args.request)) {
      args.request.headers[ACTION_ID_HEADER] = action.actionId;
      if (context.commandName) action.commands.push(context.commandName);
    }
    return next(args);
  };

export const ACTION_ID_MIDDLEWARE_NAME = 'bucketscopeActionIdMiddleware';
