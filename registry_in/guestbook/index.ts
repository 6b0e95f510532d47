// guestbook: a single-page app served from public/ by the gateway, with its API under /api. The
// API signs each entry with the function's secret SIGNING_KEY (set it with
// `denofn secret set guestbook SIGNING_KEY < key.txt`); without it, entries are unsigned.
import { createHandler } from "denofn/micro";

interface Entry {
  id: number;
  name: string;
  text: string;
  signature?: string;
}

const entries: Entry[] = [];

async function sign(text: string): Promise<string | undefined> {
  const secret = Deno.env.get("SIGNING_KEY");
  if (!secret) return undefined;
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}

export default createHandler(async (req) => {
  const { pathname } = new URL(req.url);
  if (pathname === "/api/health") {
    return { ok: true, signing: Deno.env.get("SIGNING_KEY") !== undefined };
  }
  if (pathname !== "/api/entries") return new Response("Not found", { status: 404 });
  if (req.method === "GET") return entries.slice(-50).reverse();
  if (req.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const body = await req.json().catch(() => ({}));
  const name = String(body.name ?? "").trim().slice(0, 40) || "anonymous";
  const text = String(body.text ?? "").trim().slice(0, 500);
  if (!text) return Response.json({ error: "text is required" }, { status: 400 });
  const entry: Entry = { id: entries.length + 1, name, text };
  entry.signature = await sign(`${entry.id}:${name}:${text}`);
  entries.push(entry);
  return Response.json(entry, { status: 201 });
});
