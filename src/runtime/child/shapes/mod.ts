/**
 * Calling conventions of other platforms, adapted to one `(Request, CallFacts) => Response`: the
 * runner serves any of them, and `templates/node/shapes.mjs` (generated from this folder by
 * `deno run -A src/runtime/child/shapes/build_node.ts`) does the same in the Node launcher.
 * @module
 */
export { NoHandlerError, resolveShape } from "./detect.ts";
export { paramNames } from "./params.ts";
export { installGlobals, registrations } from "./registrations.ts";
export {
  type CallFacts,
  type Registrations,
  REGISTRATIONS_KEY,
  type ResolvedShape,
  type ShapeCall,
  type ShapeName,
  type ShapeSettings,
} from "./types.ts";
export { WebContext } from "./web.ts";
export { lambdaContext, lambdaEvent, lambdaResponse } from "./lambda.ts";
export { azureResponse } from "./azure.ts";
