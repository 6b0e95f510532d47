import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { parseTarget } from "./fn_target.ts";

const urls = [
  "http://127.0.0.1:8000/fn/hello",
  "http://127.0.0.1:8000/fn/hello/",
  "http://127.0.0.1:8000/fn/hello/a/b?x=1&y=%20z",
  "http://127.0.0.1:8000/fn/hello?",
  "http://localhost/fn/hello?q='a'",
  "https://Example.COM/fn/hello",
  "https://example.com:443/fn/hello",
  "http://example.com:80/fn/hello",
  "http://example.com:8080/fn/hello",
  "http://127.1/fn/hello",
  "http://0177.0.0.1/fn/hello",
  "http://0x7f.0.0.1/fn/hello",
  "http://1.2.3.4.5/fn/hello",
  "http://[::1]:8000/fn/hello",
  "http://xn--nxasmq6b.com/fn/hello",
  "http://a.b-c.d/fn/a%2e%2e/b",
  "http://h/fn/a/../b",
  "http://h/fn/a/./b",
  "http://h/fn/a\\b",
  'http://h/fn/a b"<>`{}^|[]',
  "http://h/fn/héllo?q=é",
  "http://h/fn/a#frag",
  'http://h/fn/a?b="<>',
  "http://h/fn/%41%2f?%zz",
  "http://h:0/fn/a",
  "http://h:65536/fn/a",
  "http://h:08/fn/a",
  "http://a-b.c1/fn/a",
  "http://1a.b/fn/a",
  "http://a.1/fn/a",
  "http://a.0x1/fn/a",
  "http://1.2.3/fn/a",
  "http://256.1.1.1/fn/a",
  "http://01.1.1.1/fn/a",
  "http://0.0.0.0:1/fn/a",
  "http://a..b/fn/a",
  "http://a./fn/a",
  "http://.a/fn/a",
  "http://a:/fn/a",
  "http://a:123456/fn/a",
  "https://a:80/fn/a",
  "http://a:443/fn/a",
  "http://a/fn/a%2E%2e/b",
  "http://a/fn/.hidden",
  "http://a/fn/a.b",
  "http://h:65535/fn/a",
  "http://127.0.0.1:41234/fn/a?x",
];

Deno.test("parseTarget() gives what new URL gives", () => {
  for (const url of urls) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      assertThrows(() => parseTarget(url), TypeError, url);
      continue;
    }
    assertEquals(
      parseTarget(url),
      { protocol: u.protocol, host: u.host, pathname: u.pathname, search: u.search },
      url,
    );
  }
});

Deno.test("parseTarget() gives what new URL gives for random paths and queries", () => {
  const chars = "aZ09-._~!$&'()*+,;=:@%/?#\\\"<>`{}^| é.2e";
  const pick = (n: number) =>
    Array.from({ length: n }, () => chars[Math.floor(Math.random() * chars.length)]).join("");
  for (let i = 0; i < 5000; i++) {
    const url = `http://127.0.0.1:8000/fn/${pick(i % 12)}`;
    const u = new URL(url);
    assertEquals(
      parseTarget(url),
      { protocol: u.protocol, host: u.host, pathname: u.pathname, search: u.search },
      url,
    );
  }
});
