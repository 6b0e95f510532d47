/**
 * The client's copies of the admin API's answer types (`client/types.ts`) must keep fitting the
 * platform's own: each line below stops type-checking when a server type drifts away.
 */
import type { FunctionDetail, FunctionStatus, PermissionDiff, Stats } from "../admin/mod.ts";
import type { FunctionLogLine, InvocationRecord } from "../observe/mod.ts";
import type { Job } from "../async/mod.ts";
import type * as Client from "./client/types.ts";

Deno.test("the client's answer types fit the admin API's", () => {
  const fits = <C>(_server: C) => true;
  const check = (
    status: FunctionStatus,
    detail: FunctionDetail,
    diff: PermissionDiff,
    stats: Stats,
    line: FunctionLogLine,
    record: InvocationRecord,
    job: Job,
  ) => [
    fits<Client.FunctionStatus>(status),
    fits<Client.FunctionDetail>(detail),
    fits<Client.PermissionDiff>(diff),
    fits<Client.Stats>(stats),
    fits<Client.FunctionLogLine>(line),
    fits<Client.InvocationRecord>(record),
    fits<Client.Job>(job),
  ];
  if (check.length !== 7) throw new Error("Cannot check the wire types: the list changed");
});
