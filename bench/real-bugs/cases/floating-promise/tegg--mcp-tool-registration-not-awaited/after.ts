// Case: eggjs/tegg, fix commit 58f15e176edf3e8229d2bcddcf034fd7d96d5f14 ("fix: mcp helper init (#415)";
// https://github.com/eggjs/tegg/pull/415).
// The fixed code, rewritten in our own code: when a client opens an event stream, the controller registers every
// tool, resource and prompt on a fresh protocol server with async register calls it never awaits, then connects the
// transport, so the client can list tools before they are registered.
interface Definition {
  name: string;
  create(): Promise<object>;
}

interface ProtocolServer {
  registerTool(definition: Definition): Promise<void>;
  registerResource(definition: Definition): Promise<void>;
  registerPrompt(definition: Definition): Promise<void>;
  connect(stream: NodeJS.WritableStream): Promise<void>;
}

interface Registry {
  tools: Definition[];
  resources: Definition[];
  prompts: Definition[];
}

export async function openEventStream(
  makeServer: () => ProtocolServer,
  registry: Registry,
  stream: NodeJS.WritableStream,
): Promise<void> {
  const server = makeServer();
  for (const tool of registry.tools) {
    await server.registerTool(tool);
  }
  for (const resource of registry.resources) {
    await server.registerResource(resource);
  }
  for (const prompt of registry.prompts) {
    await server.registerPrompt(prompt);
  }
  await server.connect(stream);
}
