// wordcount: a stdin-mode script — reads the whole body from stdin, prints {"words","lines","chars"}.
const text = await new Response(Deno.stdin.readable).text();
const words = text.split(/\s+/).filter(Boolean).length;
const lines = text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
console.log(JSON.stringify({ words, lines, chars: text.length }));
