import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { installPublicUrl, publicUrl } from "./public_url.ts";

Deno.test("publicUrl() puts the forwarded protocol and host before the path", () => {
  const headers = new Headers({ "x-forwarded-proto": "https", "x-forwarded-host": "a.example" });
  assertEquals(
    publicUrl("http+unix://%2Ftmp%2Fs.sock/x/y?z=1", headers),
    "https://a.example/x/y?z=1",
  );
  assertEquals(publicUrl("http+unix://sock/", new Headers()), "http://localhost/");
});

Deno.test("installPublicUrl() rewrites only Unix socket URLs, copies included", () => {
  installPublicUrl();
  const headers = { "x-forwarded-host": "h.example:8000" };
  const req = new Request("http+unix://sock/fn/path?q", { headers });
  assertEquals(req.url, "http://h.example:8000/fn/path?q");
  assertEquals(new Request(req).url, "http://h.example:8000/fn/path?q");
  assertEquals(req.clone().url, "http://h.example:8000/fn/path?q");
  assertEquals(new Request("https://other.example/a", { headers }).url, "https://other.example/a");
});
