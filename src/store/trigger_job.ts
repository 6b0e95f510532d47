/** The async job that hands one store change to a function (both trigger deliverers make it). */
import { derivedJobId, type NewJob } from "../async/mod.ts";
import type { ChangeKind } from "./documents.ts";
import type { Json } from "./merge_patch.ts";

/** One change of a document, as a trigger delivers it. */
export interface TriggerChange {
  fn: string;
  event: ChangeKind;
  collection: string;
  id: string;
  before: Json | null;
  after: Json | null;
  version: number;
  /** The change's position among the document's changes (part of the job's id). */
  seq: number;
}

/** The job of a change, under an id derived from the change so a redelivery makes no second job. */
export async function triggerJob(c: TriggerChange): Promise<NewJob> {
  const { event, collection, id, before, after, version, seq } = c;
  return {
    id: await derivedJobId("t", `${c.fn}/${collection}/${id}/${seq}`),
    fn: c.fn,
    trigger: "store",
    method: "POST",
    path: "/",
    host: "localhost",
    headers: [["content-type", "application/json"]],
    body: new TextEncoder().encode(
      JSON.stringify({ event, collection, id, before, after, version }),
    ),
    event: { collection, id, version, event, seq },
  };
}
