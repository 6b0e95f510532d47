// reader: returns a quote from its own data/ folder (cwd is the function folder; read: ["data"]).
export default async (): Promise<string> => await Deno.readTextFile("data/quote.txt");
