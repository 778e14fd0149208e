// Case: atomantic/PortOS, fix commit 155a6c18bde75b9bed02a8caf5ea02743adc0f11 ("guard async child_process handlers
// against unhandled-rejection crashes", issue https://github.com/atomantic/PortOS/issues/1825). Rewritten in our own code:
// the agent's spawn 'error' handler is async and awaits the bookkeeping that marks the agent and its run as failed;
// when that bookkeeping throws, the rejection is unhandled and the agent is never removed from the active set.
import { spawn } from 'node:child_process';

/** @type {Map<string, { pid: number | undefined, killTimer: NodeJS.Timeout | null }>} */
export const activeAgents = new Map();

/**
 * @param {string} agentId
 * @param {string[]} args
 * @param {{ finishAgent(id: string, result: object): Promise<void>, finishRun(id: string, code: number): Promise<void>,
 *   flushOutput(): Promise<void>, releaseLane(id: string): void }} books
 */
export function spawnAgent(agentId, args, books) {
  const child = spawn('agent-cli', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const startupTimer = setTimeout(() => child.kill('SIGTERM'), 30_000);
  activeAgents.set(agentId, { pid: child.pid, killTimer: null });

  child.on('error', async (error) => {
    clearTimeout(startupTimer);
    console.error(`agent ${agentId} failed to start: ${error.message}`);
    books.releaseLane(agentId);
    const entry = activeAgents.get(agentId);
    if (entry?.killTimer) {
      clearTimeout(entry.killTimer);
      entry.killTimer = null;
    }
    await books.flushOutput();
    await books.finishAgent(agentId, { success: false, error: error.message });
    await books.finishRun(agentId, 1);
    activeAgents.delete(agentId);
  });

  return child;
}
