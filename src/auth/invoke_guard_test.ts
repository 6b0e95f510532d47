import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { DenofnError } from "../errors/mod.ts";
import { createInvokeGuard, type FunctionAuth } from "./invoke_guard.ts";

const SECRET = "shared-secret-value-0123456789";
const JWT_SECRET = "jwt-signing-secret-0123456789abcdef";
const { publicKey, privateKey } = await generateKeyPair("ES256");
const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" };

const guard = createInvokeGuard({
  verifyFunctionKey: (fn, token) => Promise.resolve(fn === "f" && token === "dfn_good"),
  secret: (_fn, name) =>
    Promise.resolve({ SHARED: SECRET, JWT_KEY: JWT_SECRET }[name] as string | undefined),
  jwks: () => createLocalJWKSet({ keys: [jwk] }),
});

async function status(auth: FunctionAuth, headers: Record<string, string>): Promise<number> {
  try {
    await guard("f", auth, new Headers(headers));
    return 200;
  } catch (e) {
    assert(e instanceof DenofnError, String(e));
    assertEquals(e.functionName, "f");
    return e.status;
  }
}

const hs = (claims: Record<string, unknown>, exp: string | number = "5m", key = JWT_SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setExpirationTime(exp)
    .sign(new TextEncoder().encode(key));
const es = (claims: Record<string, unknown>, exp: string | number = "5m") =>
  new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "k1" }).setExpirationTime(exp)
    .sign(privateKey);

Deno.test("the key guard takes a function key as bearer or X-Denofn-Key: 401 without, 403 wrong", async () => {
  const auth = { type: "key" } as const;
  assertEquals(await status(auth, { authorization: "Bearer dfn_good" }), 200);
  assertEquals(await status(auth, { "x-denofn-key": "dfn_good" }), 200);
  assertEquals(await status(auth, {}), 401);
  assertEquals(await status(auth, { authorization: "Bearer dfn_bad" }), 403);
  assertEquals(await status(auth, { authorization: "Basic dfn_good" }), 401);
});

Deno.test("the shared-secret guard compares with the function's secret; unset secret is 503", async () => {
  const auth = { type: "shared-secret", secret: "SHARED" } as const;
  assertEquals(await status(auth, { "x-denofn-key": SECRET }), 200);
  assertEquals(await status(auth, { authorization: `Bearer ${SECRET}` }), 200);
  assertEquals(await status(auth, { "x-denofn-key": SECRET + "x" }), 403);
  assertEquals(await status(auth, { "x-denofn-key": SECRET.slice(0, 5) }), 403);
  assertEquals(await status(auth, {}), 401);
  assertEquals(
    await status({ type: "shared-secret", secret: "UNSET" }, { "x-denofn-key": "x" }),
    503,
  );
});

Deno.test("the jwt guard checks signature, expiry, audience and issuer (secret)", async () => {
  const auth = { type: "jwt", secret: "JWT_KEY", audience: "api", issuer: "me" } as const;
  const ok = await hs({ aud: "api", iss: "me" });
  assertEquals(await status(auth, { authorization: `Bearer ${ok}` }), 200);
  assertEquals(
    await status(auth, { authorization: `Bearer ${await hs({ aud: "other", iss: "me" })}` }),
    403,
  );
  assertEquals(await status(auth, { authorization: `Bearer ${await hs({ aud: "api" })}` }), 403);
  const expired = await hs({ aud: "api", iss: "me" }, Math.floor(Date.now() / 1000) - 10);
  assertEquals(await status(auth, { authorization: `Bearer ${expired}` }), 403);
  const forged = await hs({ aud: "api", iss: "me" }, "5m", "another-secret-0123456789abcdef");
  assertEquals(await status(auth, { authorization: `Bearer ${forged}` }), 403);
  const [h, , sig] = ok.split(".");
  const body = btoa(JSON.stringify({ aud: "api", iss: "me", exp: 4e9, admin: true })).replace(
    /=+$/,
    "",
  );
  assertEquals(await status(auth, { authorization: `Bearer ${h}.${body}.${sig}` }), 403);
  assertEquals(await status(auth, { "x-denofn-key": ok }), 401);
  // A token with no expiry is refused: every accepted token ends.
  const forever = await new SignJWT({ aud: "api", iss: "me" }).setProtectedHeader({ alg: "HS256" })
    .sign(new TextEncoder().encode(JWT_SECRET));
  assertEquals(await status(auth, { authorization: `Bearer ${forever}` }), 403);
});

Deno.test("the jwt guard verifies with a JWKS and refuses HS256 made with the public key", async () => {
  const auth = { type: "jwt", jwks: "https://issuer.example/jwks.json" } as const;
  assertEquals(await status(auth, { authorization: `Bearer ${await es({ sub: "u" })}` }), 200);
  const confused = await hs({ sub: "u" }, "5m", JSON.stringify(jwk));
  assertEquals(await status(auth, { authorization: `Bearer ${confused}` }), 403);
  assertEquals(await status(auth, {}), 401);
});
